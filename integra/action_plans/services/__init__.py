"""Writes of Action Plans, one module per document: a plan's draft, the review of a version, an
update as a new version, and public consultation; what they share is in versions.py."""

from integra.action_plans.rules import PlanContent, ServiceInput
from integra.action_plans.services.consultation import (
    ConsultationClosed,
    add_public_comment,
    set_public_consultation,
)
from integra.action_plans.services.drafts import (
    PlanEditConflict,
    PlanNotAllowed,
    create_action_plan,
    current_lock,
    save_plan_version,
)
from integra.action_plans.services.review import (
    approve_plan_version,
    give_opinion,
    return_plan_version,
    submit_plan_version,
)
from integra.action_plans.services.updates import start_plan_update
from integra.action_plans.services.versions import (
    PLAN_VERSION_WORKFLOW,
    REFUSED,
    PlanRateMissing,
    PlanStateInvalid,
    check_plan,
    content_of,
    content_problems,
)

__all__ = [
    "PLAN_VERSION_WORKFLOW",
    "REFUSED",
    "ConsultationClosed",
    "PlanContent",
    "PlanEditConflict",
    "PlanNotAllowed",
    "PlanRateMissing",
    "PlanStateInvalid",
    "ServiceInput",
    "add_public_comment",
    "approve_plan_version",
    "check_plan",
    "content_of",
    "content_problems",
    "create_action_plan",
    "current_lock",
    "give_opinion",
    "return_plan_version",
    "save_plan_version",
    "set_public_consultation",
    "start_plan_update",
    "submit_plan_version",
]
