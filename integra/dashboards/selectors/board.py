"""The consultant's portfolio board: a row per gmina of the programme in the user's scope (a
consultant follows the 30–50 gminas of their territory), each with five lights — the Action
Plan, procurement rounds, reports (the providers' reports and the gmina's quarterly progress
reports), spending against the time gone and settlement —
each light with a word, a sentence and a link to the thing to fix. A fixed number of queries
whatever the number of gminas (tested at 5 and 50)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integra.action_plans.models import ActionPlan, PlanVersion
from integra.contracts.models import Contract, ProcurementRound, ProviderReport
from integra.core import settlement
from integra.core.collation import polish_sort_key
from integra.core.scope import prefix_q
from integra.dashboards import rules
from integra.dashboards.policies import BOARD_READERS
from integra.dashboards.selectors.measures import SCHEDULE, GminaMoney, gmina_measures, percent
from integra.monitoring.models import ProgressReport
from integra.programmes.models import Participation, Programme

PLAN, ROUND, REPORTS, SPENDING, SETTLEMENT = "plan", "round", "reports", "spending", "settlement"
COLUMNS = (PLAN, ROUND, REPORTS, SPENDING, SETTLEMENT)
GMINA = "gmina"
SORTS = (GMINA, *COLUMNS)
COLUMN_LABELS = {
    PLAN: gettext_lazy("Action Plan"),
    ROUND: gettext_lazy("Procurement rounds"),
    REPORTS: gettext_lazy("Reports"),
    SPENDING: gettext_lazy("Spending"),
    SETTLEMENT: gettext_lazy("Settlement"),
}
STATE_LABELS = {
    rules.BAD: gettext_lazy("act now"),
    rules.WARN: gettext_lazy("watch"),
    rules.OK: gettext_lazy("in order"),
    rules.NONE: gettext_lazy("nothing yet"),
}
Status = PlanVersion.Status
LATE_ROUND = (
    ProcurementRound.Status.PUBLISHED,
    ProcurementRound.Status.OFFERS_CLOSED,
    ProcurementRound.Status.EVALUATED,
)


@dataclass
class Light:
    state: str
    text: str
    href: str = ""
    count: int = 0

    @property
    def label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def severity(self) -> int:
        return rules.SEVERITY[self.state]


@dataclass
class BoardRow:
    gmina: Any
    lights: dict[str, Light]
    allocation_eur: Decimal
    paid_percent: Decimal | None
    committed_percent: Decimal | None

    @property
    def cells(self) -> list[Light]:
        return [self.lights[column] for column in COLUMNS]

    @property
    def worst(self) -> int:
        return min(light.severity for light in self.lights.values())


@dataclass
class Board:
    programme: Programme | None
    programmes: list[Programme]
    as_of: dt.date
    year: int | None
    time_percent: Decimal | None
    paid_source: str
    rows: list[BoardRow] = field(default_factory=list)
    sort: str = GMINA
    descending: bool = False

    def counts(self, column: str) -> dict[str, int]:
        found = {state: 0 for state in rules.STATES}
        for row in self.rows:
            found[row.lights[column].state] += 1
        return found


def board_programmes(*, user: Any) -> list[Programme]:
    """The programmes in which a gmina of the user's board scope takes part, by code."""
    prefixes = user.scope_prefixes(BOARD_READERS)
    if not prefixes:
        return []
    gminas = Participation.objects.filter(prefix_q("gmina__teryt", prefixes)).exclude(
        status=Participation.Status.WITHDRAWN
    )
    return list(Programme.objects.filter(pk__in=gminas.values("programme_id")).order_by("code"))


def default_as_of(programme: Programme | None, today: dt.date | None = None) -> dt.date:
    """Today, within the programme's period (a finished programme is seen on its last day)."""
    today = today or timezone.localdate()
    if programme is None:
        return today
    return min(max(today, programme.starts_on), programme.ends_on)


def portfolio_board(
    *,
    user: Any,
    programme: Programme | None,
    programmes: list[Programme],
    as_of: dt.date,
    sort: str = GMINA,
    descending: bool = False,
) -> Board:
    """The board of `programme` on `as_of` for the gminas of the user's scope, sorted."""
    if programme is None:
        return Board(None, programmes, as_of, None, None, SCHEDULE)
    year = min(max(as_of.year, programme.starts_on.year), programme.ends_on.year)
    time_gone = rules.time_share(programme.starts_on, programme.ends_on, as_of)
    participations = list(
        Participation.objects.visible_to(user)
        .filter(prefix_q("gmina__teryt", user.scope_prefixes(BOARD_READERS)))
        .filter(programme=programme)
        .exclude(status=Participation.Status.WITHDRAWN)
        .select_related("gmina")
    )
    gminas = [p.gmina for p in participations]
    ids = [g.pk for g in gminas]
    measures = gmina_measures(
        programme, as_of=as_of, gmina_ids=ids, teryts=[g.teryt for g in gminas]
    )
    plans = _plan_lights(programme, ids, year, as_of)
    rounds = _round_lights(programme, ids, as_of)
    reports = _report_lights(programme, ids, as_of)
    settled = _settlement_lights(programme, ids, as_of)
    board = Board(
        programme,
        programmes,
        as_of,
        year,
        percent(time_gone),
        measures.paid_source,
        sort=sort if sort in SORTS else GMINA,
        descending=descending,
    )
    for gmina in gminas:
        money = measures.by_gmina.get(gmina.pk, GminaMoney())
        board.rows.append(
            BoardRow(
                gmina=gmina,
                lights={
                    PLAN: plans(gmina),
                    ROUND: rounds(gmina),
                    REPORTS: reports(gmina),
                    SPENDING: _spending_light(gmina, money, time_gone, measures.paid_source),
                    SETTLEMENT: settled(gmina),
                },
                allocation_eur=money.allocation_eur,
                paid_percent=percent(money.paid_share),
                committed_percent=percent(money.committed_share),
            )
        )
    _sort(board)
    return board


def _sort(board: Board) -> None:
    board.rows.sort(key=lambda row: polish_sort_key(row.gmina.name))
    if board.sort == GMINA:
        if board.descending:
            board.rows.reverse()
        return
    # Most urgent first (ascending severity); the names stay in order within a state.
    board.rows.sort(
        key=lambda row: (row.lights[board.sort].severity, -row.lights[board.sort].count),
        reverse=board.descending,
    )


def _day(day: dt.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


# The lights ---------------------------------------------------------------------------------------


def _plan_lights(
    programme: Programme, ids: list[int], year: int, as_of: dt.date
) -> Callable[[Any], Light]:
    plans = {
        plan.gmina_id: plan
        for plan in ActionPlan.objects.filter(
            programme=programme, gmina_id__in=ids, year=year
        ).prefetch_related("versions")
    }
    due_on = rules.plan_due_on(year, settings.INTEGRA_PLAN_DUE)

    def light(gmina: Any) -> Light:
        plan = plans.get(gmina.pk)
        versions = list(plan.versions.all()) if plan else []  # newest first
        newest = versions[0] if versions else None
        if plan is None or newest is None:
            href = (
                reverse("action_plans:action-plan-new")
                + "?"
                + urlencode({"programme": programme.code, "gmina": gmina.teryt, "year": year})
            )
            if as_of > due_on:
                text = _("The plan for %(year)s is overdue: due %(day)s, not drafted.")
                return Light(rules.BAD, text % {"year": year, "day": _day(due_on)}, href, 1)
            text = _("The plan for %(year)s is due %(day)s.")
            return Light(rules.NONE, text % {"year": year, "day": _day(due_on)}, href)
        href = reverse("action_plans:plan-version-detail", args=[plan.pk, newest.number])
        if newest.status == Status.RETURNED:
            return Light(
                rules.BAD,
                _("The plan for %(year)s was returned for corrections.") % {"year": year},
                href,
                1,
            )
        if newest.status == Status.DRAFT:
            if as_of > due_on:
                text = _("The plan for %(year)s is overdue: due %(day)s, still a draft.")
                return Light(rules.BAD, text % {"year": year, "day": _day(due_on)}, href, 1)
            text = _("The plan for %(year)s is a draft, due %(day)s.")
            return Light(rules.WARN, text % {"year": year, "day": _day(due_on)}, href)
        if newest.status == Status.SUBMITTED:
            return Light(
                rules.WARN,
                _("The plan for %(year)s waits for the region's review.") % {"year": year},
                href,
            )
        return Light(rules.OK, _("The plan for %(year)s is approved.") % {"year": year}, href)

    return light


def _round_lights(programme: Programme, ids: list[int], as_of: dt.date) -> Callable[[Any], Light]:
    limit = timezone.make_aware(
        dt.datetime.combine(as_of - dt.timedelta(days=rules.ROUND_RESULTS_DAYS), dt.time.max)
    )
    late: dict[int, list[tuple[int, dt.datetime]]] = defaultdict(list)
    for gmina_id, pk, deadline in (
        ProcurementRound.objects.filter(
            programme=programme, gmina_id__in=ids, status__in=LATE_ROUND, deadline_at__lt=limit
        )
        .order_by("deadline_at", "pk")
        .values_list("gmina_id", "pk", "deadline_at")
    ):
        late[gmina_id].append((pk, deadline))
    start_by = timezone.make_aware(
        dt.datetime.combine(as_of - dt.timedelta(days=rules.ROUND_START_DAYS), dt.time.max)
    )
    waiting: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    rounds = ProcurementRound.objects.filter(plan_id=OuterRef("plan_id"))
    for gmina_id, plan_id, number, year in (
        PlanVersion.objects.filter(
            plan__programme=programme,
            plan__gmina_id__in=ids,
            status=Status.APPROVED,
            approved_at__lt=start_by,
            plan__year__lte=as_of.year,
        )
        .filter(~Exists(rounds))
        .order_by("plan__year")
        .values_list("plan__gmina_id", "plan_id", "number", "plan__year")
    ):
        waiting[gmina_id].append((plan_id, number, year))
    active = set(
        ProcurementRound.objects.filter(programme=programme, gmina_id__in=ids)
        .values_list("gmina_id", flat=True)
        .distinct()
    )

    def light(gmina: Any) -> Light:
        register = (
            reverse("contracts:register", args=["nabory"]) + "?" + urlencode({"gmina": gmina.teryt})
        )
        if late.get(gmina.pk):
            rows = late[gmina.pk]
            pk, deadline = rows[0]
            text = _(
                "%(count)s round(s) without results %(days)s days after the deadline for "
                "offers (the oldest: %(day)s)."
            ) % {
                "count": len(rows),
                "days": rules.ROUND_RESULTS_DAYS,
                "day": _day(timezone.localdate(deadline)),
            }
            href = reverse("contracts:round-detail", args=[pk]) if len(rows) == 1 else register
            return Light(rules.BAD, text, href, len(rows))
        if waiting.get(gmina.pk):
            plan_id, number, year = waiting[gmina.pk][0]
            text = _(
                "No round from the approved plan for %(year)s, %(days)s days after its approval."
            ) % {"year": year, "days": rules.ROUND_START_DAYS}
            href = reverse("action_plans:plan-version-detail", args=[plan_id, number])
            return Light(rules.WARN, text, href, len(waiting[gmina.pk]))
        if gmina.pk in active:
            return Light(rules.OK, _("The rounds keep their deadlines."), register)
        return Light(rules.NONE, _("No round yet."), register)

    return light


def _progress_overdue(programme: Programme, ids: list[int], as_of: dt.date) -> dict[int, list[int]]:
    """Per gmina, its quarterly progress reports overdue on `as_of`, oldest quarter first: those
    still a draft or returned INTEGRA_PROGRESS_REPORT_DAYS after their quarter (the gmina's
    move), and those submitted and not reviewed within INTEGRA_REVIEW_DAYS (the consultant's)."""
    due_before = as_of - dt.timedelta(days=settings.INTEGRA_PROGRESS_REPORT_DAYS)
    submitted_before = timezone.make_aware(
        dt.datetime.combine(as_of - dt.timedelta(days=settings.INTEGRA_REVIEW_DAYS), dt.time.min)
    )
    overdue: dict[int, list[int]] = defaultdict(list)
    for gmina_id, pk in (
        ProgressReport.objects.filter(programme=programme, gmina_id__in=ids)
        .filter(
            Q(
                status__in=(ProgressReport.Status.DRAFT, ProgressReport.Status.RETURNED),
                ends_on__lt=due_before,
            )
            | Q(status=ProgressReport.Status.SUBMITTED, submitted_at__lt=submitted_before)
        )
        .order_by("ends_on", "pk")
        .values_list("gmina_id", "pk")
    ):
        overdue[gmina_id].append(pk)
    return overdue


def _report_lights(programme: Programme, ids: list[int], as_of: dt.date) -> Callable[[Any], Light]:
    overdue: dict[int, list[int]] = defaultdict(list)
    for gmina_id, pk in (
        ProviderReport.objects.filter(
            contract__programme=programme,
            contract__gmina_id__in=ids,
            status__in=(ProviderReport.Status.DUE, ProviderReport.Status.RETURNED),
            due_on__lt=as_of,
        )
        .order_by("due_on", "pk")
        .values_list("contract__gmina_id", "pk")
    ):
        overdue[gmina_id].append(pk)
    progress = _progress_overdue(programme, ids, as_of)
    with_contracts = set(
        Contract.objects.filter(programme=programme, gmina_id__in=ids)
        .values_list("gmina_id", flat=True)
        .distinct()
    )

    def light(gmina: Any) -> Light:
        register = (
            reverse("contracts:register", args=["sprawozdania"])
            + "?"
            + urlencode({"gmina": gmina.teryt})
        )
        reports, quarterly = overdue.get(gmina.pk, []), progress.get(gmina.pk, [])
        if reports or quarterly:
            parts = []
            if quarterly:
                parts.append(
                    _("%(count)s quarterly progress report(s) overdue.") % {"count": len(quarterly)}
                )
            if reports:
                parts.append(_("%(count)s provider report(s) overdue.") % {"count": len(reports)})
            # The quarterly report first: the consultant reviews it, or calls the gmina about it.
            href = (
                reverse("monitoring:report-detail", args=[quarterly[0]])
                if quarterly
                else reverse("contracts:report-detail", args=[reports[0]])
            )
            return Light(rules.BAD, " ".join(parts), href, len(reports) + len(quarterly))
        if gmina.pk in with_contracts:
            return Light(rules.OK, _("No report is overdue."), register)
        return Light(rules.NONE, _("No contract yet."), register)

    return light


def _spending_light(gmina: Any, money: GminaMoney, time_gone: Decimal, source: str) -> Light:
    state = rules.spending_state(money.paid_share, time_gone)
    href = reverse("allocations:gmina-card", args=[gmina.teryt])
    if money.paid_share is None:
        return Light(rules.NONE, _("No published allocation."), href)
    text = _("Paid %(paid)s%% of the allocation with %(time)s%% of the programme's time gone.") % {
        "paid": percent(money.paid_share),
        "time": percent(time_gone),
    }
    if source == SCHEDULE:
        text += " " + _("(payments: the contracts' schedules until finance records them)")
    return Light(state, text, href)


def _settlement_lights(
    programme: Programme, ids: list[int], as_of: dt.date
) -> Callable[[Any], Light]:
    accepted_by = timezone.make_aware(
        dt.datetime.combine(as_of - dt.timedelta(days=rules.SETTLEMENT_DAYS), dt.time.max)
    )
    unsettled: dict[int, list[int]] = defaultdict(list)
    for gmina_id, pk in (
        Contract.objects.filter(
            programme=programme,
            gmina_id__in=ids,
            status=Contract.Status.FINAL_REPORT_ACCEPTED,
        )
        .filter(Q(reports__kind=ProviderReport.Kind.FINAL, reports__accepted_at__lt=accepted_by))
        .order_by("signed_on", "pk")
        .values_list("gmina_id", "pk")
    ):
        unsettled[gmina_id].append(pk)
    others = settlement.missing(programme, ids, as_of)
    with_final = set(
        Contract.objects.filter(
            programme=programme,
            gmina_id__in=ids,
            status__in=(
                Contract.Status.FINAL_REPORT_ACCEPTED,
                Contract.Status.SETTLED,
                Contract.Status.CLOSED,
            ),
        )
        .values_list("gmina_id", flat=True)
        .distinct()
    )

    def light(gmina: Any) -> Light:
        contracts = unsettled.get(gmina.pk, [])
        missing = others.get(gmina.pk, [])
        if contracts or missing:
            parts = []
            if contracts:
                parts.append(
                    _("%(count)s contract(s) not settled %(days)s days after the final report.")
                    % {"count": len(contracts), "days": rules.SETTLEMENT_DAYS}
                )
            parts += [item.text for item in missing]
            href = (
                reverse("contracts:contract-detail", args=[contracts[0]])
                if contracts
                else missing[0].href
            )
            return Light(rules.BAD, " ".join(parts), href, len(contracts) + len(missing))
        register = (
            reverse("contracts:register", args=["umowy"]) + "?" + urlencode({"gmina": gmina.teryt})
        )
        if gmina.pk in with_final:
            return Light(rules.OK, _("Nothing waits for settlement."), register)
        return Light(rules.NONE, _("No contract to settle yet."), register)

    return light
