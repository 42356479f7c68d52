"""Reads of the territorial tree for pages, the API and other apps. Outlines are read only where a
map or a unit's page draws them (`outline_of`, `outlines_of`, `voivodeship_population`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, QuerySet, Sum
from django.db.models.functions import Substr

from integra.core.collation import polish
from integra.territories.models import COUNTRY_CODE, Outline, PopulationRecord, Territory

TYPE_KEYS = {
    Territory.GminaType.URBAN: "urban",
    Territory.GminaType.RURAL: "rural",
    Territory.GminaType.URBAN_RURAL: "urban_rural",
}


def list_territories(
    *,
    user: Any,
    level: str | None = None,
    parent: str | None = None,
    gmina_type: str | None = None,
    query: str | None = None,
    include_retired: bool = False,
    teryt_order: bool = False,
) -> QuerySet[Territory]:
    """Units visible to the user, filtered; `query` matches a name (any case) or a TERYT prefix.
    People read them in Polish alphabetical order of their names (TERYT codes parting
    namesakes); a search by code and `teryt_order` (the API's stable order) keep the register's
    TERYT order, each unit before those below it."""
    units = Territory.objects.visible_to(user).select_related("parent")
    if not include_retired:
        units = units.current()
    if level:
        units = units.filter(level=level)
    if parent:
        units = units.filter(parent__teryt=parent)
    if gmina_type:
        units = units.filter(gmina_type=gmina_type)
    if query:
        query = query.strip()
        if query.isdigit():
            units = units.filter(teryt__startswith=query)
            teryt_order = True
        else:
            units = units.filter(name__icontains=query)
    return units.order_by("teryt") if teryt_order else units.order_by(polish("name"), "teryt")


def get_territory(*, user: Any, teryt: str, with_outline: bool = False) -> Territory:
    """One unit by TERYT code, with its ancestors; with its outline too (in the same query) when
    asked, for `outline_of`. Territory.DoesNotExist when absent or not visible."""
    units = Territory.objects.visible_to(user).select_related("parent__parent__parent")
    if with_outline:
        units = units.annotate(outline_geometry=F("outline__geometry"))
    unit: Territory = units.get(teryt=teryt)
    return unit


def country() -> Territory | None:
    return Territory.objects.filter(teryt=COUNTRY_CODE).first()


def ancestors(territory: Territory) -> list[Territory]:
    """From the country down to the unit's parent (at most three queries, usually none)."""
    chain: list[Territory] = []
    node = territory.parent
    while node is not None:
        chain.append(node)
        node = node.parent
    return list(reversed(chain))


def population_history(territory: Territory) -> list[dict[str, int]]:
    """Population per year; for a voivodeship or powiat the sum of its gminas."""
    if territory.level == Territory.Level.GMINA:
        records = territory.population.order_by("year")
        return [
            {
                "year": r.year,
                "total": r.total,
                "age_0_17": r.age_0_17,
                "working_age": r.working_age,
                "post_working_age": r.post_working_age,
            }
            for r in records
        ]
    records = PopulationRecord.objects.filter(territory__teryt__startswith=territory.scope_prefix)
    if territory.level != Territory.Level.COUNTRY:
        records = records.filter(territory__retired_on__isnull=True)
    rows = (
        records.values("year")
        .annotate(
            total=Sum("total"),
            age_0_17=Sum("age_0_17"),
            working_age=Sum("working_age"),
            post_working_age=Sum("post_working_age"),
        )
        .order_by("year")
    )
    return [{name: int(value or 0) for name, value in row.items()} for row in rows]  # type: ignore[call-overload]


def territory_stats() -> dict[str, Any]:
    """Counts of the current register, for `territory_stats` and the list of all units."""
    current = Territory.objects.current()
    levels = dict(current.values_list("level").annotate(n=Count("id")).values_list("level", "n"))
    types = dict(
        current.gminas()
        .values_list("gmina_type")
        .annotate(n=Count("id"))
        .values_list("gmina_type", "n")
    )
    boundaries = dict(
        current.filter(outline__isnull=False)
        .values_list("level")
        .annotate(n=Count("id"))
        .values_list("level", "n")
    )
    years = sorted(PopulationRecord.objects.order_by().values_list("year", flat=True).distinct())
    return {
        "voivodeships": levels.get(Territory.Level.VOIVODESHIP, 0),
        "powiats": levels.get(Territory.Level.POWIAT, 0),
        "gminas": {key: types.get(code, 0) for code, key in TYPE_KEYS.items()},
        "population_years": years,
        "boundaries": {
            level: boundaries.get(level, 0)
            for level in (
                Territory.Level.VOIVODESHIP,
                Territory.Level.POWIAT,
                Territory.Level.GMINA,
            )
        },
    }


def latest_population_year() -> int | None:
    """The most recent year with any population record, or None before the first import."""
    return PopulationRecord.objects.order_by("-year").values_list("year", flat=True).first()


def voivodeship_population(*, user: Any) -> dict[str, Any]:
    """Each current voivodeship with its boundary and total population in the latest year.

    Totals are sums over current gminas, exactly as population_history counts a voivodeship, so
    the map page and a voivodeship's own page agree. Returns {"year": int | None, "rows": [...]};
    a row's `total` is None when no gmina of the voivodeship has a record for that year.
    """
    year = latest_population_year()
    totals: dict[str, int] = {}
    if year is not None:
        sums = (
            PopulationRecord.objects.filter(year=year, territory__retired_on__isnull=True)
            .annotate(prefix=Substr("territory__teryt", 1, 2))
            .values("prefix")
            .annotate(total=Sum("total"))
            .order_by("prefix")
        )
        totals = {row["prefix"]: row["total"] for row in sums}
    units = (
        Territory.objects.visible_to(user)
        .current()
        .voivodeships()
        .order_by(polish("name"), "teryt")
        .values_list("teryt", "name", "outline__geometry")
    )
    rows = [
        {"teryt": teryt, "name": name, "boundary": geometry, "total": totals.get(teryt)}
        for teryt, name, geometry in units
    ]
    return {"year": year, "rows": rows}


def children_count(territory: Territory) -> int:
    """Units directly below this one in the current register."""
    return territory.children.current().count()


def outline_of(territory: Territory) -> dict[str, Any] | None:
    """The unit's outline (a GeoJSON geometry), or None when none is loaded: read with the unit
    when `get_territory(with_outline=True)` fetched it, else in one query."""
    if hasattr(territory, "outline_geometry"):
        loaded: dict[str, Any] | None = territory.outline_geometry
        return loaded
    geometry: dict[str, Any] | None = (
        Outline.objects.filter(territory=territory).values_list("geometry", flat=True).first()
    )
    return geometry


def outlines_of(codes: Iterable[str]) -> dict[str, dict[str, Any]]:
    """TERYT code → outline of those of the units that have one. One query."""
    return dict(
        Outline.objects.filter(territory__teryt__in=list(codes)).values_list(
            "territory__teryt", "geometry"
        )
    )


def has_outline(territory: str = "pk") -> Exists:
    """An annotation: whether the unit at `territory` (a path to its primary key from the
    annotated model) has an outline — without reading the outline."""
    return Exists(Outline.objects.filter(territory_id=OuterRef(territory)))
