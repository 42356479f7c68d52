"""API of provider reports: the list (overdue ones too) and one report, submitting one (the
provider's user, or the coordinator), accepting or returning it."""

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router
from ninja.pagination import paginate

from integra.audit.services import RequestContext
from integra.contracts import selectors, services
from integra.contracts.api.schemas import CommentIn, Id, ReportFilters, ReportIn, ReportOut
from integra.contracts.api.shared import groups_by_code
from integra.contracts.models import ProviderReport
from integra.core.api.pagination import PageNumberPagination
from integra.core.api.schemas import caller

router = Router(tags=["contracts"])


def _report(request: HttpRequest, report_id: int) -> ProviderReport:
    return selectors.get_report(user=caller(request), report_id=report_id)


@router.get("", response=list[ReportOut], summary="List provider reports")
@paginate(PageNumberPagination)
def provider_reports_list(
    request: HttpRequest, filters: Query[ReportFilters]
) -> QuerySet[ProviderReport]:
    reports = ProviderReport.objects.visible_to(caller(request))
    if filters.status:
        reports = reports.filter(status=filters.status)
    if filters.overdue is not None:
        reports = reports.filter(overdue_since__isnull=not filters.overdue)
    if filters.contract:
        reports = reports.filter(contract_id=filters.contract)
    return reports.order_by("due_on", "pk")


@router.get("/{report_id}", response=ReportOut, summary="One provider report")
def provider_reports_detail(request: HttpRequest, report_id: int = Id) -> ProviderReport:
    return _report(request, report_id)


@router.post("/{report_id}/submit", response=ReportOut, summary="Submit the report")
def provider_reports_submit(
    request: HttpRequest, data: ReportIn, report_id: int = Id
) -> ProviderReport:
    known = groups_by_code((f"reach.{n}.group", r.group) for n, r in enumerate(data.reach))
    values = services.ReportInput(
        actions_done=data.actions_done,
        results=data.results,
        reach=tuple(
            services.ReachInput(known[r.group], r.sex, r.age_band, r.people) for r in data.reach
        ),
        costs=tuple(services.CostInput(c.name, c.budget_pln, c.spent_pln) for c in data.costs),
        documents=tuple(
            services.DocumentInput(
                d.cost, d.number, d.issued_on, d.issuer, d.amount_pln, d.eligible_pln
            )
            for d in data.documents
        ),
    )
    services.submit_report(
        actor=caller(request),
        report=_report(request, report_id),
        values=values,
        lock_version=data.lock_version,
        context=RequestContext.of(request),
    )
    return _report(request, report_id)


@router.post("/{report_id}/accept", response=ReportOut, summary="Accept the report")
def provider_reports_accept(request: HttpRequest, report_id: int = Id) -> ProviderReport:
    services.accept_report(
        actor=caller(request),
        report=_report(request, report_id),
        context=RequestContext.of(request),
    )
    return _report(request, report_id)


@router.post("/{report_id}/return", response=ReportOut, summary="Return the report")
def provider_reports_return(
    request: HttpRequest, data: CommentIn, report_id: int = Id
) -> ProviderReport:
    services.return_report(
        actor=caller(request),
        report=_report(request, report_id),
        comment=data.comment,
        context=RequestContext.of(request),
    )
    return _report(request, report_id)
