"""API of the gminas' quarterly progress reports: list and read (within the caller's scope)."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Path, Query, Router
from ninja.pagination import paginate

from integra.core.api.pagination import PageNumberPagination
from integra.core.api.schemas import MAX_ID, caller
from integra.monitoring.api.schemas import ProgressReportDetail, ProgressReportOut, ReportFilters
from integra.monitoring.models import ProgressReport
from integra.monitoring.selectors import reports as selectors

router = Router(tags=["progress reports"])

ReportId = Path(..., ge=1, le=MAX_ID, description="Progress report id.")


@router.get("", response=list[ProgressReportOut], summary="List progress reports")
@paginate(PageNumberPagination)
def progress_reports_list(
    request: HttpRequest, filters: Query[ReportFilters]
) -> QuerySet[ProgressReport]:
    return selectors.list_reports(
        user=caller(request), status=filters.status, teryt=filters.teryt or ""
    )


@router.get("/{report_id}", response=ProgressReportDetail, summary="Read a progress report")
def progress_report_detail(request: HttpRequest, report_id: int = ReportId) -> Any:
    report = selectors.get_report(user=caller(request), pk=report_id)
    report.figures = selectors.figures_of(report)
    return report
