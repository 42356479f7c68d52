"""The indicator dashboards as data: the country, a voivodeship and a gmina, each with
`indicators: [{code, value, unit, target, aggregation, …}]` for the programme and period asked —
the same computation as the pages and the reports (selectors.indicators)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Path, Query, Router

from integra.core.api.schemas import caller
from integra.monitoring.api.schemas import DashboardFilters, DashboardOut
from integra.monitoring.rules import parse_period
from integra.monitoring.selectors.indicators import area_figures, find_area, find_programme

router = Router(tags=["dashboards"])

VoivodeshipCode = Path(..., pattern=r"^\d{2}$", description="Voivodeship TERYT code.")
GminaCode = Path(..., pattern=r"^\d{7}$", description="Gmina TERYT code.")


def _dashboard(request: HttpRequest, filters: DashboardFilters, teryt: str) -> dict[str, Any]:
    user = caller(request)
    area = find_area(teryt)
    programme = find_programme(filters.programme)
    period = parse_period(filters.period or "")
    figures = area_figures(
        user=user,
        programme=programme,
        period=period or area.today,
        level=teryt,
        group=filters.group or "",
    )
    ends_on = period.ends_on if period else area.today
    return {
        "programme": programme.code,
        "period": period.code if period else ends_on.isoformat(),
        "ends_on": ends_on,
        "group": filters.group or "",
        "area": {"teryt": teryt, "name": area.name, "level": area.level},
        "indicators": figures,
    }


@router.get("/national", response=DashboardOut, summary="The national dashboard")
def national_dashboard(request: HttpRequest, filters: Query[DashboardFilters]) -> dict[str, Any]:
    return _dashboard(request, filters, "")


@router.get("/voivodeships/{teryt}", response=DashboardOut, summary="A voivodeship's dashboard")
def voivodeship_dashboard(
    request: HttpRequest, filters: Query[DashboardFilters], teryt: str = VoivodeshipCode
) -> dict[str, Any]:
    return _dashboard(request, filters, teryt)


@router.get("/gminas/{teryt}", response=DashboardOut, summary="A gmina's dashboard")
def gmina_dashboard(
    request: HttpRequest, filters: Query[DashboardFilters], teryt: str = GminaCode
) -> dict[str, Any]:
    return _dashboard(request, filters, teryt)
