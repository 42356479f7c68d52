"""API of the financial reports, as JSON: the World Bank interim financial report of a
half-year (the ministry), the programme report by voivodeship and line (the ministry, a region
its voivodeship), and a gmina's financial statement of a year (whoever sees its settlement)."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router

from integra.core.api.schemas import caller
from integra.finance import selectors
from integra.finance.api.schemas import (
    FiguresOut,
    InterimFilter,
    InterimOut,
    ProgrammeReportFilter,
    RegionOut,
    StatementFilter,
)
from integra.finance.models import Settlement
from integra.finance.policies import (
    can_build_interim_report,
    can_open_reports,
    can_view_settlement,
)
from integra.finance.selectors import reports
from integra.finance.selectors.settlement import SettlementFigures, settlement_figures
from integra.programmes.models import Programme
from integra.territories.models import Territory

router = Router(tags=["financial reports"])


def _programme(code: str | None) -> Programme:
    programme = selectors.finance_programme(code)
    if programme is None:
        raise Programme.DoesNotExist
    return programme


@router.get("/interim", response=InterimOut, summary="Interim financial report (World Bank)")
def financial_reports_interim(request: HttpRequest, filters: Query[InterimFilter]) -> object:
    """Sources and uses of funds by component for the half-year and cumulative, EUR and PLN,
    with the rates used. The ministry only (403)."""
    user = caller(request)
    if not can_build_interim_report(user):
        raise PermissionDenied(_("Only the ministry builds the interim financial report."))
    return reports.interim_report(
        programme=_programme(filters.programme), year=filters.year, semester=filters.semester
    )


@router.get("/programme", response=list[RegionOut], summary="Programme report by voivodeship")
def financial_reports_programme(
    request: HttpRequest, filters: Query[ProgrammeReportFilter]
) -> object:
    """Per voivodeship the caller may see: allocated and transferred EUR per line, received,
    committed and paid PLN, up to the day."""
    user = caller(request)
    if not can_open_reports(user):
        raise PermissionDenied(_("Only the ministry and the regions build programme reports."))
    return reports.programme_report(
        user=user, programme=_programme(filters.programme), until=filters.until
    )


@router.get("/statement", response=FiguresOut, summary="A gmina's financial statement")
def financial_reports_statement(request: HttpRequest, filters: Query[StatementFilter]) -> object:
    """The year's figures (those kept at acceptance when the year is settled); 404 for a gmina
    outside the caller's scope."""
    user = caller(request)
    gmina = Territory.objects.get(teryt=filters.gmina, level=Territory.Level.GMINA)
    if not can_view_settlement(user, gmina):
        raise Territory.DoesNotExist
    programme = _programme(filters.programme)
    kept = Settlement.objects.filter(
        programme=programme, gmina=gmina, year=filters.year, status="accepted"
    ).first()
    if kept is not None and kept.figures is not None:
        return SettlementFigures.from_json(kept.figures)
    return settlement_figures(programme=programme, gmina=gmina, year=filters.year)
