"""Reads of Action Plans, one module per concern: plans and versions, the budget, the
difference between versions, work queues, and the references of an API request."""

from integra.action_plans.selectors.budget import (
    BudgetRow,
    BudgetSummary,
    budget_summary,
    target_groups,
)
from integra.action_plans.selectors.defaults import (
    NewPlanDefaults,
    new_plan_defaults,
    newest_adopted,
    programme_of,
)
from integra.action_plans.selectors.diff import (
    COMPARED,
    SECTIONS_COMPARED,
    ServiceChange,
    VersionDiff,
    diff_versions,
)
from integra.action_plans.selectors.plans import (
    OPEN,
    counted_costs_elsewhere,
    counting_versions,
    get_action_plan,
    get_plan_version,
    get_public_version,
    latest_approved,
    line_costs,
    list_action_plans,
    open_version,
)
from integra.action_plans.selectors.procurement import (
    approved_services,
    plans_with_approved_version,
)
from integra.action_plans.selectors.references import (
    References,
    plan_references,
)
from integra.action_plans.selectors.work import (
    REVIEWERS_ONLY,
    GminaWork,
    NextStep,
    QueueItem,
    QueueSummary,
    gmina_next_steps,
    gmina_work,
    queue_summary,
    review_queue,
)

__all__ = [
    "COMPARED",
    "OPEN",
    "REVIEWERS_ONLY",
    "SECTIONS_COMPARED",
    "BudgetRow",
    "BudgetSummary",
    "GminaWork",
    "NewPlanDefaults",
    "NextStep",
    "QueueItem",
    "QueueSummary",
    "References",
    "ServiceChange",
    "VersionDiff",
    "approved_services",
    "budget_summary",
    "counted_costs_elsewhere",
    "counting_versions",
    "diff_versions",
    "get_action_plan",
    "get_plan_version",
    "get_public_version",
    "gmina_next_steps",
    "gmina_work",
    "latest_approved",
    "line_costs",
    "list_action_plans",
    "new_plan_defaults",
    "newest_adopted",
    "open_version",
    "plan_references",
    "plans_with_approved_version",
    "programme_of",
    "queue_summary",
    "review_queue",
    "target_groups",
]
