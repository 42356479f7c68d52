"""API shapes of the territory register: filters, list items, the detail and the counts."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from django.urls import reverse
from ninja import Field, Schema

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
# Control characters never occur in names, and PostgreSQL refuses NUL in a string.
PRINTABLE = r"^[^\x00-\x1f\x7f]*$"


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
        return str(unit.get_gmina_type_display()) if unit.gmina_type else None

    @staticmethod
    def resolve_parent_teryt(unit: Territory) -> str | None:
        return unit.parent.teryt if unit.parent else None

    @staticmethod
    def resolve_url(unit: Territory) -> str:
        return reverse("api:territories_detail", kwargs={"teryt": unit.teryt})


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
