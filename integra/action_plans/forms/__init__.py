"""Forms of Action Plans: the plans and their review, and the editor of a version."""

from integra.action_plans.forms.editor import (
    PlanEditor,
    SectionsForm,
    ServiceForm,
    ServiceFormSet,
    programme_quarters,
    row_count,
)
from integra.action_plans.forms.plans import (
    ApprovalForm,
    DiffForm,
    NewPlanForm,
    OpinionForm,
    PlanFilterForm,
    PublicCommentForm,
    ReturnForm,
    UpdateForm,
)

__all__ = [
    "ApprovalForm",
    "DiffForm",
    "NewPlanForm",
    "OpinionForm",
    "PlanEditor",
    "PlanFilterForm",
    "PublicCommentForm",
    "ReturnForm",
    "SectionsForm",
    "ServiceForm",
    "ServiceFormSet",
    "UpdateForm",
    "programme_quarters",
    "row_count",
]
