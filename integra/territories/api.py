"""API of the territory register (public reference data): list, detail, children and counts,
with their shapes (which other apps' APIs reuse: `TerritoryRef`, `TERYT_PATTERN`)."""

from datetime import date
from functools import lru_cache
from typing import Annotated, Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import get_script_prefix, reverse
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate

from integra.core.api.pagination import PageNumberPagination
from integra.core.api.schemas import PRINTABLE, caller
from integra.territories import selectors
from integra.territories.models import Territory

TERYT_PATTERN = r"^(PL|[0-9]{2}|[0-9]{4}|[0-9]{7})$"
TERYT_DESCRIPTION = (
    "TERYT code: PL (country), 2 digits (voivodeship), 4 (powiat) or 7 (gmina, with RODZ)."
)
# Units present in the real register and in the synthetic one of the tests.
TERYT_EXAMPLES = ["PL", "10", "1001", "1001011"]
INCLUDE_RETIRED_DESCRIPTION = "Include units absent from the latest register."
GMINA_TYPE_DESCRIPTION = 'Gmina type (RODZ): "1" urban, "2" rural, "3" urban-rural.'


class TerritoryFilters(Schema):
    # Optional but never null: a query string has no null, so the schema should not offer one.
    level: Territory.Level = Field(None, description="Level of the unit.")
    parent: str = Field(
        None,
        pattern=TERYT_PATTERN,
        description="TERYT code of the parent unit.",
    )
    type: Territory.GminaType = Field(None, description=GMINA_TYPE_DESCRIPTION)
    q: str = Field(
        None,
        max_length=100,
        pattern=PRINTABLE,
        description="Part of the name (any case), or the beginning of a TERYT code.",
    )
    include_retired: bool = Field(False, description=INCLUDE_RETIRED_DESCRIPTION)


class TerritoryRef(Schema):
    teryt: str
    name: str
    level: Territory.Level


class TerritoryItem(Schema):
    teryt: str = Field(description=TERYT_DESCRIPTION)
    name: str
    level: Territory.Level
    gmina_type: Territory.GminaType | None = Field(description=GMINA_TYPE_DESCRIPTION)
    gmina_type_label: str | None = Field(description="The gmina type in words.")
    parent_teryt: str | None
    register_on: date | None = Field(description="Date of the register the unit comes from.")
    retired_on: date | None = Field(description="Absent from the register since this date.")
    url: str = Field(description="Path of the unit's detail in this API.")

    @staticmethod
    def resolve_gmina_type(unit: Territory) -> str | None:
        return unit.gmina_type or None

    @staticmethod
    def resolve_gmina_type_label(unit: Territory) -> str | None:
        # The enum's label, not get_gmina_type_display(): that one hashes the lazy choices per row.
        return str(Territory.GminaType(unit.gmina_type).label) if unit.gmina_type else None

    @staticmethod
    def resolve_parent_teryt(unit: Territory) -> str | None:
        return unit.parent.teryt if unit.parent else None

    @staticmethod
    def resolve_url(unit: Territory) -> str:
        return _detail_path(get_script_prefix()) + unit.teryt


# A page of units needs one reverse(), not one per row (a tenth of the list's time).
_CODE_SLOT = "PL"


@lru_cache(maxsize=8)
def _detail_path(script_prefix: str) -> str:
    """The detail's path without the code (the URL resolver is the same for every request)."""
    return reverse("api:territories_detail", kwargs={"teryt": _CODE_SLOT})[: -len(_CODE_SLOT)]


class Population(Schema):
    year: int
    total: int
    age_0_17: int = Field(description="Pre-working age (0–17).")
    working_age: int
    post_working_age: int


Position = list[float]


class Polygon(Schema):
    type: Literal["Polygon"]
    coordinates: list[list[Position]]


class MultiPolygon(Schema):
    type: Literal["MultiPolygon"]
    coordinates: list[list[list[Position]]]


Geometry = Annotated[Polygon | MultiPolygon, Field(discriminator="type")]


class TerritoryDetail(TerritoryItem):
    ancestors: list[TerritoryRef] = Field(description="From the country down to the parent.")
    children_count: int = Field(description="Units directly below, in the current register.")
    population: list[Population] = Field(
        description="On 31 December of each year; above gmina level, the sum of its gminas."
    )
    boundary: Geometry | None = Field(description="Simplified outline (GeoJSON geometry, WGS 84).")

    @staticmethod
    def resolve_boundary(unit: Territory) -> dict[str, Any] | None:
        return selectors.outline_of(unit)

    @staticmethod
    def resolve_ancestors(unit: Territory) -> list[Territory]:
        return selectors.ancestors(unit)

    @staticmethod
    def resolve_children_count(unit: Territory) -> int:
        return selectors.children_count(unit)

    @staticmethod
    def resolve_population(unit: Territory) -> list[dict[str, int]]:
        return selectors.population_history(unit)


class GminaCounts(Schema):
    urban: int
    rural: int
    urban_rural: int


class BoundaryCounts(Schema):
    voivodeship: int
    powiat: int
    gmina: int


class TerritoryStats(Schema):
    voivodeships: int
    powiats: int
    gminas: GminaCounts = Field(description="Current gminas by type.")
    population_years: list[int] = Field(description="Years with population figures.")
    boundaries: BoundaryCounts = Field(description="Current units with a boundary, by level.")


# Operations -------------------------------------------------------------------------------------

router = Router(tags=["territories"])

Teryt = Path(..., pattern=TERYT_PATTERN, description=TERYT_DESCRIPTION, examples=TERYT_EXAMPLES)


@router.get("", response=list[TerritoryItem], summary="List territorial units")
@paginate(PageNumberPagination)
def territories_list(request: HttpRequest, filters: Query[TerritoryFilters]) -> QuerySet[Territory]:
    """Units of the current register in TERYT order, filtered; `q` matches a part of the name or
    the beginning of a TERYT code."""
    return selectors.list_territories(
        user=caller(request),
        level=filters.level,
        parent=filters.parent,
        gmina_type=filters.type,
        query=filters.q,
        include_retired=filters.include_retired,
        teryt_order=True,
    )


# Declared before /{teryt} so that "stats" is not taken for a code.
@router.get("/stats", response=TerritoryStats, summary="Counts of the register")
def territories_stats(request: HttpRequest) -> dict[str, Any]:
    """Units of the current register by level and gmina type, population years, boundaries."""
    return selectors.territory_stats()


@router.get("/{teryt}", response=TerritoryDetail, summary="One territorial unit")
def territories_detail(request: HttpRequest, teryt: str = Teryt) -> Territory:
    """The unit with its ancestors, number of children, population by year and boundary."""
    return selectors.get_territory(user=caller(request), teryt=teryt, with_outline=True)


@router.get("/{teryt}/children", response=list[TerritoryItem], summary="Units below a unit")
@paginate(PageNumberPagination)
def territories_children(
    request: HttpRequest,
    teryt: str = Teryt,
    include_retired: bool = Query(False, description=INCLUDE_RETIRED_DESCRIPTION),
) -> QuerySet[Territory]:
    """The units directly below the given one, in TERYT order."""
    parent = selectors.get_territory(user=caller(request), teryt=teryt)
    return selectors.list_territories(
        user=caller(request), parent=parent.teryt, include_retired=include_retired, teryt_order=True
    )
