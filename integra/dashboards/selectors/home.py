"""Each role's home page is its work. A gmina's people see where their gmina stands in each
programme, as a path: the strategy, an Action Plan per year, procurement and the providers'
reports, with the allocation and what is left of it; reviewers see their queue; the finance
officer, providers and experts what will wait for them; the ministry its programmes, runs and
reviews. Composed here from the plan apps' selectors and policies (dashboards sits above them)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet, prefetch_related_objects
from django.utils.translation import gettext as _

from integra.accounts.policies import can_manage_users
from integra.action_plans import selectors as plan_selectors
from integra.action_plans.models import PlanVersion
from integra.action_plans.policies import (
    can_edit_action_plan_at,
    can_review_any_action_plan,
    can_view_any_action_plan,
)
from integra.allocations import selectors as allocation_selectors
from integra.allocations.models import AllocationRun
from integra.allocations.policies import can_view_allocation_runs
from integra.core.roles import GMINA_ROLES, Role
from integra.dashboards.policies import GMINA_CODE_LENGTH, can_view_programme_figures
from integra.dashboards.selectors.programmes import list_programmes
from integra.programmes import selectors as programme_selectors
from integra.programmes.models import Programme
from integra.strategies.models import Strategy
from integra.strategies.policies import can_manage_strategy_at
from integra.strategies.selectors import ADOPTED, list_strategies

Status = PlanVersion.Status
ZERO = Decimal("0.00")

# The state of the strategy step when the gmina has no strategy at all.
NO_STRATEGY = "none"


@dataclass
class StrategyStage:
    """Step 1: the gmina's strategy — the adopted one with the latest period, else the newest in
    preparation or consultation, else none — with what to do next."""

    strategy: Strategy | None
    state: str
    state_label: str
    next_action: str
    can_manage: bool

    @property
    def is_adopted(self) -> bool:
        return self.state in ADOPTED

    @property
    def first_year(self) -> int | None:
        return self.strategy.period_from.year if self.strategy else None

    @property
    def last_year(self) -> int | None:
        """The last year the period covers (the stored end is the day after the period)."""
        if self.strategy is None:
            return None
        return (self.strategy.period_until - dt.timedelta(days=1)).year


@dataclass
class PlanStage:
    """Step 2, one year: the plan's newest version and what to do next. `needs_strategy` when the
    plan is still to be drafted and no strategy is adopted (the strategy comes first); the view
    fills `draft_href`, the address of the new-plan form for the year."""

    year: int
    step: plan_selectors.NextStep
    needs_strategy: bool
    can_draft: bool
    draft_href: str = ""

    @property
    def plan(self) -> Any:
        return self.step.plan

    @property
    def version(self) -> PlanVersion | None:
        return self.step.version

    @property
    def state_label(self) -> str:
        return self.version.get_status_display() if self.version else _("not drafted")


@dataclass
class AllocationUse:
    """The gmina's published allocation (both lines, EUR) against its plans: what the approved
    versions take, what the open ones (draft, submitted, returned) would take, and what is left
    when each plan counts by its open version if it has one, else by its approved one."""

    total: Decimal
    approved: Decimal = ZERO
    open: Decimal = ZERO
    planned: Decimal = ZERO

    @property
    def left(self) -> Decimal:
        return self.total - self.planned

    @property
    def is_over(self) -> bool:
        return self.left < 0


@dataclass
class GminaPath:
    gmina: Any
    programme: Programme
    strategy: StrategyStage
    plans: list[PlanStage]
    allocation: AllocationUse | None


@dataclass
class Waiting:
    """A kind of work that will wait for the user here once its part of Integra exists."""

    key: str
    title: str
    empty: str


@dataclass
class MinistryWork:
    programmes: QuerySet[Programme]
    runs_draft: int
    runs_published: int
    plans_submitted: int
    plans_approved: int
    manages_users: bool


@dataclass
class Home:
    """What the signed-in user's home page shows, in this order; empty parts are left out."""

    gminas: list[GminaPath] = field(default_factory=list)
    queue: plan_selectors.QueueSummary | None = None
    waiting: list[Waiting] = field(default_factory=list)
    ministry: MinistryWork | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.gminas or self.queue or self.waiting or self.ministry)


def _strategy_stage(user: Any, gmina: Any) -> StrategyStage:
    strategies = list(list_strategies(user=user, gmina=gmina.teryt))
    adopted = [s for s in strategies if s.status in ADOPTED]
    # list_strategies orders by newest period first.
    chosen = adopted[0] if adopted else (strategies[0] if strategies else None)
    can_manage = can_manage_strategy_at(user, gmina.teryt)
    if chosen is None:
        return StrategyStage(
            None,
            NO_STRATEGY,
            _("none"),
            _(
                "The Action Plans build on the gmina's strategy: prepare it first, "
                "put it to consultation and have the council adopt it."
            ),
            can_manage,
        )
    if chosen.status == Strategy.Status.IN_PREPARATION:
        action = _("Complete the diagnosis and the goals, then put the strategy to consultation.")
    elif chosen.status == Strategy.Status.CONSULTATION:
        action = _("After the consultation, record the council's resolution adopting it.")
    else:
        action = _("Adopted: the Action Plans point to its goals.")
    return StrategyStage(chosen, chosen.status, chosen.get_status_display(), action, can_manage)


def _plan_stages(
    user: Any, programme: Programme, gmina: Any, strategy: StrategyStage, plans: dict[int, Any]
) -> list[PlanStage]:
    can_draft = can_edit_action_plan_at(user, gmina.teryt)
    stages = []
    steps = plan_selectors.gmina_next_steps(
        user=user, programme=programme, gmina=gmina, plans=plans
    )
    for step in steps:
        if step.year is None:  # gmina_next_steps names the year of every step
            continue
        year = step.year
        needs_strategy = step.version is None and not strategy.is_adopted
        if needs_strategy:
            step.message = _(
                "The strategy comes first: once it is adopted, draft the Action Plan for %(y)s."
            ) % {"y": year}
        stages.append(PlanStage(year, step, needs_strategy, can_draft))
    return stages


def _version_eur(version: PlanVersion) -> Decimal:
    costs = [service.planned_cost_pln for service in version.services.all()]  # prefetched
    return sum((version.eur(cost) or ZERO for cost in costs), ZERO)


def _counted(stage: PlanStage) -> tuple[PlanVersion | None, PlanVersion | None]:
    """The stage's approved and open versions (its plan's versions are prefetched)."""
    if stage.plan is None:
        return None, None
    versions = list(stage.plan.versions.all())  # newest first
    approved = next((v for v in versions if v.status == Status.APPROVED), None)
    open_ = next((v for v in versions if v.status in plan_selectors.OPEN), None)
    return approved, open_


def _allocation_use(lines: Any, stages: list[PlanStage]) -> AllocationUse | None:
    if lines is None:
        return None
    use = AllocationUse(total=lines.total)
    for stage in stages:
        approved, open_ = _counted(stage)
        if stage.plan is None:
            continue
        approved_eur = _version_eur(approved) if approved else ZERO
        open_eur = _version_eur(open_) if open_ else ZERO
        use.approved += approved_eur
        use.open += open_eur
        use.planned += open_eur if open_ else approved_eur
    return use


def gmina_paths(*, user: Any) -> list[GminaPath]:
    """For each gmina where the user holds a gmina role, and each programme it takes part in:
    the path through the programme (strategy, plans per year) and the allocation's use."""
    gminas = {
        prefix for prefix in user.scope_prefixes(GMINA_ROLES) if len(prefix) == GMINA_CODE_LENGTH
    }
    participations = list(programme_selectors.participations_of(gminas=gminas))
    # One read each for every programme of every gmina: the plans, the allocations, the
    # services of the versions that count.
    plans: dict[tuple[int, int], dict[int, Any]] = {}
    for plan in plan_selectors.list_action_plans(user=user).filter(gmina__teryt__in=gminas):
        plans.setdefault((plan.programme_id, plan.gmina_id), {})[plan.year] = plan
    lines = allocation_selectors.published_lines_of(
        [(p.programme, p.gmina) for p in participations]
    )
    strategies: dict[str, StrategyStage] = {}
    staged = []
    for participation in participations:
        gmina, programme = participation.gmina, participation.programme
        if gmina.teryt not in strategies:
            strategies[gmina.teryt] = _strategy_stage(user, gmina)
        strategy = strategies[gmina.teryt]
        of = plans.get((programme.pk, gmina.pk), {})
        staged.append((participation, _plan_stages(user, programme, gmina, strategy, of)))
    counted = [v for _p, stages in staged for s in stages for v in _counted(s) if v is not None]
    prefetch_related_objects(counted, "services")
    return [
        GminaPath(
            p.gmina,
            p.programme,
            strategies[p.gmina.teryt],
            stages,
            _allocation_use(lines.get((p.programme.pk, p.gmina.pk)), stages),
        )
        for p, stages in staged
    ]


def _waiting(user: Any) -> list[Waiting]:
    """The work of roles whose apps are still to come: what will appear on their home."""
    roles = user.role_scopes().keys()
    waiting = []
    if Role.REGIONAL_FINANCE in roles:
        waiting.append(
            Waiting(
                "transfers",
                _("Transfers to approve"),
                _(
                    "The gminas' payment requests and the tranche transfers to approve will "
                    "appear here once payments are handled in Integra. Until then, record a "
                    "transfer on the gmina's allocation card."
                ),
            )
        )
    if Role.PROVIDER in roles:
        waiting.append(
            Waiting(
                "offers",
                _("Offers, contracts and reports"),
                _(
                    "Calls for offers from gminas, your contracts and the reports due on them "
                    "will appear here once procurement is handled in Integra."
                ),
            )
        )
    if Role.EXPERT in roles:
        waiting.append(
            Waiting(
                "trainings",
                _("Trainings"),
                _(
                    "The trainings and expert assignments you run for the gminas will appear "
                    "here once the training plans are handled in Integra."
                ),
            )
        )
    return waiting


def _ministry(user: Any) -> MinistryWork | None:
    if not can_view_programme_figures(user):
        return None
    runs = allocation_selectors.list_runs(user=user) if can_view_allocation_runs(user) else None
    plans = plan_selectors.list_action_plans(user=user) if can_view_any_action_plan(user) else None
    return MinistryWork(
        programmes=list_programmes(user=user),
        runs_draft=_runs_in(runs, AllocationRun.Status.DRAFT),
        runs_published=_runs_in(runs, AllocationRun.Status.PUBLISHED),
        plans_submitted=_plans_with(plans, Status.SUBMITTED),
        plans_approved=_plans_with(plans, Status.APPROVED),
        manages_users=can_manage_users(user),
    )


def _runs_in(runs: QuerySet[AllocationRun] | None, status: str) -> int:
    return 0 if runs is None else runs.filter(status=status).count()


def _plans_with(plans: QuerySet[Any] | None, status: str) -> int:
    if plans is None:
        return 0
    return plans.filter(versions__status=status).order_by().values("pk").distinct().count()


def home_for(*, user: Any) -> Home:
    """What waits for a signed-in user, by their roles (a user of several roles sees each part)."""
    return Home(
        gminas=gmina_paths(user=user),
        queue=plan_selectors.queue_summary(user=user) if can_review_any_action_plan(user) else None,
        waiting=_waiting(user),
        ministry=_ministry(user),
    )
