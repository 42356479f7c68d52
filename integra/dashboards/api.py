"""API of programme figures: the programmes, a programme's overview of its published allocation,
and the allocation map as GeoJSON — ministry readers only, as the pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate
from ninja.renderers import JSONRenderer

from integra.core.api.pagination import PageNumberPagination
from integra.core.api.schemas import PRINTABLE, caller
from integra.dashboards import selectors
from integra.dashboards.forms import MAX_DAY, MIN_DAY
from integra.dashboards.policies import require_board_reader, require_programme_figures_reader
from integra.dashboards.selectors import GMINA, VOIVODESHIP, ProgrammeFigures
from integra.dashboards.selectors import board as board_selectors
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
    committed_percent: Decimal | None = Field(
        description="Contracted (not terminated) as % of the allocation, both lines."
    )
    paid_percent: Decimal | None = Field(description="Paid as % of the allocation, both lines.")
    people_reached: int = Field(description="From each contract's latest accepted report.")
    reached_per_1000: Decimal | None = Field(description="People reached per 1,000 inhabitants.")
    contracts_by_group: dict[str, int] = Field(
        description="Contracts (not terminated) with planned beneficiaries, per target group code."
    )


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
    as_of: dt.date | None = Field(description="The day the paid figures are counted to.")
    paid_source: Literal["ledger", "schedule"] | None = Field(
        description="Payments from the ledger, or the contracts' schedules while the ledger "
        "holds no payment of the programme."
    )
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
) -> HttpResponse:
    """A FeatureCollection of the published amounts per gmina or per voivodeship; units without
    a boundary are listed in `unmapped`. Empty when no run is published."""
    level = VOIVODESHIP if filters.level == VOIVODESHIP else GMINA
    figures = _figures(request, code)

    def body() -> str:
        # Validated against the schema and written as ninja writes every response, once per
        # generation of the figures: 5,000 features took 200 ms to validate on each call.
        checked = AllocationMapOut.model_validate(selectors.allocation_map(figures, level))
        return str(JSONRenderer().render(request, checked.model_dump(), response_status=200))

    text = selectors.from_figures(figures, f"api-map:{level}", body)
    return HttpResponse(text, content_type="application/json; charset=utf-8")


# The consultant's portfolio board -----------------------------------------------------------------

board_router = Router(tags=["dashboards"])


class LightOut(Schema):
    state: Literal["bad", "warn", "ok", "none"] = Field(
        description="bad: act now; warn: watch; ok: in order; none: nothing to judge yet."
    )
    label: str = Field(description="The state in words (the page's language).")
    text: str = Field(description="What the light says, in a sentence.")
    href: str = Field(description="The page of the thing to fix.")
    count: int = Field(description="How many things need action (0 when none).")


class LightsOut(Schema):
    plan: LightOut
    round: LightOut
    reports: LightOut
    spending: LightOut
    settlement: LightOut


class BoardRowOut(Schema):
    teryt: str
    name: str
    allocation_eur: Decimal = Field(description="The published allocation, both lines.")
    paid_percent: Decimal | None = Field(description="Paid, % of the allocation.")
    committed_percent: Decimal | None = Field(description="Contracted, % of the allocation.")
    lights: LightsOut


class BoardOut(Schema):
    programme: str | None = Field(description="The programme's code; null when none is followed.")
    as_of: dt.date
    time_percent: Decimal | None = Field(description="Share of the programme's time gone, %.")
    paid_source: Literal["ledger", "schedule"] = Field(
        description="Where payments come from: the ledger, or the contracts' payment schedules "
        "while the ledger holds no payment of the programme."
    )
    sort: str
    descending: bool
    gminas: list[BoardRowOut] = Field(description="A row per gmina, in the order asked.")


class BoardFilters(Schema):
    programme: str | None = Field(
        None, max_length=PROGRAMME_CODE_LENGTH, pattern=PRINTABLE, description="Programme code."
    )
    as_of: dt.date | None = Field(
        None, description="The day seen (default: today, within the programme)."
    )
    sort: Literal["gmina", "plan", "round", "reports", "spending", "settlement"] = "gmina"
    order: Literal["asc", "desc"] = "asc"


@board_router.get("/board", response=BoardOut, summary="The consultant's portfolio board")
def dashboards_board(request: HttpRequest, filters: Query[BoardFilters]) -> dict[str, Any]:
    """The gminas of the caller's scope (regional consultants and officers; 403 for anyone
    else) in one programme, each with the five lights of the page; 404 for a programme none of
    them takes part in."""
    user = caller(request)
    require_board_reader(user)
    programmes = board_selectors.board_programmes(user=user)
    if filters.programme:
        programme = next((p for p in programmes if p.code == filters.programme), None)
        if programme is None:
            raise Http404(
                _("None of your gminas takes part in the programme %(code)s.")
                % {"code": filters.programme}
            )
    else:
        programme = programmes[0] if programmes else None
    as_of = filters.as_of
    if as_of is None or not (MIN_DAY <= as_of <= MAX_DAY):
        as_of = board_selectors.default_as_of(programme)
    board = board_selectors.portfolio_board(
        user=user,
        programme=programme,
        programmes=programmes,
        as_of=as_of,
        sort=filters.sort,
        descending=filters.order == "desc",
    )
    return {
        "programme": programme.code if programme else None,
        "as_of": board.as_of,
        "time_percent": board.time_percent,
        "paid_source": board.paid_source,
        "sort": board.sort,
        "descending": board.descending,
        "gminas": [
            {
                "teryt": row.gmina.teryt,
                "name": row.gmina.name,
                "allocation_eur": row.allocation_eur,
                "paid_percent": row.paid_percent,
                "committed_percent": row.committed_percent,
                "lights": {
                    key: {
                        "state": light.state,
                        "label": light.label,
                        "text": light.text,
                        "href": light.href,
                        "count": light.count,
                    }
                    for key, light in row.lights.items()
                },
            }
            for row in board.rows
        ],
    }
