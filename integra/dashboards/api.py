"""API of programme figures: the programmes, a programme's overview of its published allocation,
and the allocation map as GeoJSON — ministry readers only, as the pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate

from integra.core.api.pagination import PageNumberPagination
from integra.core.api.schemas import PRINTABLE, caller
from integra.dashboards import selectors
from integra.dashboards.policies import require_programme_figures_reader
from integra.dashboards.selectors import GMINA, VOIVODESHIP, ProgrammeFigures
from integra.programmes.models import Programme

router = Router(tags=["programmes"])

PROGRAMME_CODE_LENGTH = Programme._meta.get_field("code").max_length
ProgrammeCode = Path(
    ..., max_length=PROGRAMME_CODE_LENGTH, pattern=PRINTABLE, description="Programme code."
)


class ProgrammeItem(Schema):
    code: str
    name: str
    budget_eur: Decimal
    starts_on: dt.date
    ends_on: dt.date


class RunRef(Schema):
    id: int
    data_year: int = Field(description="Year of the population data of the run.")
    published_at: dt.datetime | None


class VoivodeshipOut(Schema):
    teryt: str
    name: str
    gminas: int = Field(description="Gminas with an amount in the published run.")
    population: int = Field(description="Their population in the run's data year.")
    services_eur: Decimal = Field(description="Services line: the published amounts.")
    training_eur: Decimal = Field(description="Training-and-expert line, on top.")
    total_eur: Decimal
    eur_per_inhabitant: Decimal | None = Field(description="Services line per inhabitant.")

    @staticmethod
    def resolve_services_eur(row: selectors.VoivodeshipFigures) -> Decimal:
        return row.services

    @staticmethod
    def resolve_training_eur(row: selectors.VoivodeshipFigures) -> Decimal:
        return row.training

    @staticmethod
    def resolve_total_eur(row: selectors.VoivodeshipFigures) -> Decimal:
        return row.total

    @staticmethod
    def resolve_eur_per_inhabitant(row: selectors.VoivodeshipFigures) -> Decimal | None:
        return row.per_inhabitant


class OverviewOut(ProgrammeItem):
    payment_currency: str
    training_percent: Decimal
    rounding_unit_eur: Decimal
    participating_gminas: int = Field(description="Participations not withdrawn.")
    run: RunRef | None = Field(description="The published allocation run; null when none is.")
    services_eur: Decimal
    training_eur: Decimal
    total_eur: Decimal
    unallocated_eur: Decimal = Field(description="Budget minus the services line.")
    voivodeships: list[VoivodeshipOut]
    totals: VoivodeshipOut


class UnitFigures(Schema):
    teryt: str
    name: str
    amount_eur: Decimal = Field(description="The published amount (services line).")
    population: int | None
    eur_per_inhabitant: Decimal | None


class Feature(Schema):
    type: Literal["Feature"]
    properties: UnitFigures
    geometry: dict[str, Any] = Field(description="The unit's simplified boundary (GeoJSON).")


class AllocationMapOut(Schema):
    type: Literal["FeatureCollection"]
    level: Literal["gmina", "voivodeship"]
    programme: str
    run: int | None = Field(description="Id of the published run; null when none is.")
    year: int | None = Field(description="Year of the population figures.")
    features: list[Feature] = Field(description="Units with a boundary, named by TERYT code.")
    unmapped: list[UnitFigures] = Field(description="Units without a boundary.")


class MapFilters(Schema):
    level: Literal["gmina", "voivodeship"] = Field(GMINA, description="Units of the map.")


def _figures(request: HttpRequest, code: str) -> ProgrammeFigures:
    user = caller(request)
    require_programme_figures_reader(user)
    programme = selectors.get_programme(user=user, code=code)
    return selectors.programme_figures(user=user, programme=programme)


@router.get("", response=list[ProgrammeItem], summary="List programmes")
@paginate(PageNumberPagination)
def programmes_list(request: HttpRequest) -> QuerySet[Programme]:
    """Programmes by code (403 for anyone but the ministry)."""
    require_programme_figures_reader(caller(request))
    return selectors.list_programmes(user=caller(request))


@router.get("/{code}/overview", response=OverviewOut, summary="A programme's allocation figures")
def programmes_overview(request: HttpRequest, code: str = ProgrammeCode) -> dict[str, Any]:
    """The budget, the published run, the lines (services, training, total, unallocated) and the
    table of gminas by voivodeship with its totals; 404 for an unknown code."""
    figures = _figures(request, code)
    programme, totals = figures.programme, figures.totals
    return {
        "code": programme.code,
        "name": programme.name,
        "budget_eur": programme.budget_eur,
        "starts_on": programme.starts_on,
        "ends_on": programme.ends_on,
        "payment_currency": programme.payment_currency,
        "training_percent": programme.training_percent,
        "rounding_unit_eur": programme.rounding_unit_eur,
        "participating_gminas": figures.participating,
        "run": figures.run,
        "services_eur": totals.services,
        "training_eur": totals.training,
        "total_eur": totals.total,
        "unallocated_eur": figures.unallocated,
        "voivodeships": figures.voivodeships,
        "totals": totals,
    }


@router.get(
    "/{code}/allocation-map",
    response=AllocationMapOut,
    summary="A programme's allocations as GeoJSON",
)
def programmes_allocation_map(
    request: HttpRequest, filters: Query[MapFilters], code: str = ProgrammeCode
) -> dict[str, Any]:
    """A FeatureCollection of the published amounts per gmina or per voivodeship; units without
    a boundary are listed in `unmapped`. Empty when no run is published."""
    level = VOIVODESHIP if filters.level == VOIVODESHIP else GMINA
    return selectors.allocation_map(_figures(request, code), level)
