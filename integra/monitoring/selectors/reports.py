"""Reads of progress reports: the list a user may see, one report, and the figures of a gmina's
quarter computed from the data (what a report shows until it is accepted, and what it then
keeps as its snapshot)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet, Sum

from integra.action_plans.models import PlannedService, PlanVersion
from integra.contracts.models import (
    Contract,
    ContractService,
    ProcurementRound,
    ProviderReport,
    ReportCost,
    ReportReach,
)
from integra.finance.selectors import gmina_balance
from integra.monitoring.models import ProgressReport
from integra.monitoring.rules import Period, parse_period
from integra.programmes.models import Participation

ZERO = Decimal("0")
FIGURES_VERSION = 1


def list_reports(
    *, user: Any, status: str | None = None, teryt: str = ""
) -> QuerySet[ProgressReport]:
    reports = ProgressReport.objects.visible_to(user).select_related("gmina", "programme")
    if status:
        reports = reports.filter(status=status)
    if teryt:
        reports = reports.filter(gmina__teryt__startswith=teryt)
    return reports.order_by("gmina__teryt", "-ends_on")


def get_report(*, user: Any, pk: int) -> ProgressReport:
    """ProgressReport.DoesNotExist outside the user's scope."""
    report: ProgressReport = list_reports(user=user).get(pk=pk)
    return report


def _money(value: Decimal | None) -> str:
    return str((value or ZERO).quantize(Decimal("0.01")))


def quarter_figures(programme: Any, gmina: Any, period: Period) -> dict[str, Any]:
    """The figures of a gmina's quarter, JSON-safe (amounts as text with two decimals): what the
    report shows while open, and what its accepted version keeps."""
    start, end = period.starts_on, period.ends_on
    contracts = Contract.objects.filter(programme=programme, gmina=gmina)
    counting = contracts.counting()
    signed = counting.filter(signed_on__range=(start, end)).aggregate(
        number=Count("pk"), value=Sum("value_pln")
    )
    started = ContractService.objects.filter(
        contract__in=counting, contract__starts_on__range=(start, end)
    ).count()
    finished = ContractService.objects.filter(
        contract__in=counting, contract__ends_on__range=(start, end)
    ).count()
    rounds = ProcurementRound.objects.filter(programme=programme, gmina=gmina)
    accepted_reports = ProviderReport.objects.filter(
        contract__in=contracts, status="accepted", accepted_at__date__range=(start, end)
    )
    reach: dict[str, dict[str, int]] = defaultdict(dict)
    for group, sex, band, people in (
        ReportReach.objects.filter(report__in=accepted_reports)
        .values_list("group__code", "sex", "age_band")
        .annotate(Sum("people"))
        .order_by("group__code", "sex", "age_band")
    ):
        reach[group][f"{sex}_{band}"] = int(people)
    planned = dict(
        PlannedService.objects.filter(
            version__plan__programme=programme,
            version__plan__gmina=gmina,
            version__plan__year=period.starts_on.year,
            version__status=PlanVersion.Status.APPROVED,
        )
        .values_list("service_type__line")
        .annotate(Sum("planned_cost_pln"))
    )
    contracted = dict(
        ContractService.objects.filter(
            contract__in=counting, plan__year=period.starts_on.year, contract__signed_on__lte=end
        )
        .values_list("line")
        .annotate(Sum("amount_pln"))
    )
    spent = ReportCost.objects.filter(
        report__contract__in=contracts,
        report__status="accepted",
        report__accepted_at__date__lte=end,
        report__contract__starts_on__year=period.starts_on.year,
    ).aggregate(total=Sum("spent_pln"))["total"]
    balance = gmina_balance(programme, gmina.teryt)
    lines = sorted(set(planned) | set(contracted))
    return {
        "version": FIGURES_VERSION,
        "period": period.code,
        "contracts_signed": signed["number"] or 0,
        "contracts_value_pln": _money(signed["value"]),
        "services_started": started,
        "services_finished": finished,
        "rounds_published": rounds.filter(published_at__date__range=(start, end)).count(),
        "rounds_results_published": rounds.filter(
            results_published_at__date__range=(start, end)
        ).count(),
        "provider_reports_accepted": accepted_reports.count(),
        "people_reached": {group: dict(cells) for group, cells in sorted(reach.items())},
        "people_reached_total": sum(sum(cells.values()) for cells in reach.values()),
        "spending": [
            {
                "line": line,
                "planned_pln": _money(planned.get(line)),
                "contracted_pln": _money(contracted.get(line)),
            }
            for line in lines
        ],
        "reported_spent_pln": _money(spent),
        "allocated_eur": _money(balance.allocated_eur),
        "transferred_eur": _money(balance.transferred_eur),
        "received_pln": _money(balance.received_pln),
    }


def figures_of(report: ProgressReport) -> dict[str, Any]:
    """The accepted report's snapshot; an open report's figures as the data says now."""
    if report.figures is not None:
        return dict(report.figures)
    period = parse_period(report.period)
    assert period is not None
    return quarter_figures(report.programme, report.gmina, period)


def waiting_for_review(*, user: Any) -> QuerySet[ProgressReport]:
    return list_reports(user=user, status=ProgressReport.Status.SUBMITTED)


def shown_figures(figures: dict[str, Any]) -> dict[str, Any]:
    """The figures for a page: the amounts (kept as text in the snapshot) as Decimals."""

    def amounts(row: dict[str, Any]) -> dict[str, Any]:
        return {
            key: Decimal(value) if key.endswith(("_pln", "_eur")) else value
            for key, value in row.items()
        }

    shown = amounts(figures)
    shown["spending"] = [amounts(row) for row in figures.get("spending", [])]
    return shown


@dataclass(frozen=True)
class ReportDue:
    """A taking-part gmina's quarterly progress report not yet submitted (or returned)."""

    programme: Any
    gmina: Any
    period: str
    report: ProgressReport | None


def reports_not_submitted(period: str) -> list[ReportDue]:
    """Each taking-part gmina of a programme running in the quarter `period` (e.g. 2007-Q3)
    whose report for it is missing, a draft or returned — the reminders' list."""
    quarter = parse_period(period)
    if quarter is None:
        return []
    participations = (
        Participation.objects.exclude(status=Participation.Status.WITHDRAWN)
        .filter(
            programme__starts_on__lte=quarter.ends_on, programme__ends_on__gte=quarter.starts_on
        )
        .select_related("programme", "gmina")
        .order_by("gmina__teryt", "programme__code")
    )
    reports = {
        (r.programme_id, r.gmina_id): r for r in ProgressReport.objects.filter(period=quarter.code)
    }
    done = {ProgressReport.Status.SUBMITTED, ProgressReport.Status.ACCEPTED}
    due = []
    for participation in participations:
        report = reports.get((participation.programme_id, participation.gmina_id))
        if report is not None and report.status in done:
            continue
        due.append(ReportDue(participation.programme, participation.gmina, quarter.code, report))
    return due
