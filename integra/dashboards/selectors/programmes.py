"""Reads of a programme's figures for the dashboards: its published allocation summed by line and
by voivodeship, and the same figures as GeoJSON for the allocation map. Ministry readers only (the
readers of allocation runs): anyone else sees no programme."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q, QuerySet

from integra.allocations import selectors as allocation_selectors
from integra.allocations.models import AllocationResult, AllocationRun
from integra.core.cache import cache_key, programme_group, remembered
from integra.dashboards.policies import can_view_programme_figures
from integra.dashboards.selectors.board import default_as_of
from integra.dashboards.selectors.measures import gmina_measures
from integra.programmes.models import Participation, Programme
from integra.territories.models import (
    PUBLIC_PAGES,
    PopulationRecord,
    Territory,
    voivodeship_teryt,
)
from integra.territories.selectors import has_outline, outlines_of

CENT = Decimal("0.01")
GMINA = "gmina"
VOIVODESHIP = "voivodeship"
LEVELS = (GMINA, VOIVODESHIP)


PER_THOUSAND = Decimal(1000)


def _percent(part: Decimal, whole: Decimal) -> Decimal | None:
    return (part * 100 / whole).quantize(CENT, ROUND_HALF_UP) if whole else None


def _per_thousand(people: int, population: int | None) -> Decimal | None:
    if not population:
        return None
    return (Decimal(people) * PER_THOUSAND / population).quantize(CENT, ROUND_HALF_UP)


class Measured:
    """The measures of the maps beside the allocation: committed and paid as % of the allocation
    (both lines), people reached per 1,000 inhabitants, contracts per target group."""

    services: Decimal
    training: Decimal
    population: int | None
    committed_eur: Decimal
    paid_eur: Decimal
    people_reached: int
    contracts_by_group: dict[str, int]

    @property
    def committed_percent(self) -> Decimal | None:
        return _percent(self.committed_eur, self.services + self.training)

    @property
    def paid_percent(self) -> Decimal | None:
        return _percent(self.paid_eur, self.services + self.training)

    @property
    def reached_per_thousand(self) -> Decimal | None:
        return _per_thousand(self.people_reached, self.population)

    def contracts_for(self, group: str) -> int:
        return self.contracts_by_group.get(group, 0)


@dataclass
class GminaFigures(Measured):
    teryt: str
    name: str
    voivodeship_teryt: str
    voivodeship: str
    services: Decimal
    training: Decimal
    population: int | None
    has_boundary: bool
    gmina_id: int = 0
    committed_eur: Decimal = Decimal(0)
    paid_eur: Decimal = Decimal(0)
    people_reached: int = 0
    contracts_by_group: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> Decimal:
        return self.services + self.training

    @property
    def per_inhabitant(self) -> Decimal | None:
        return allocation_selectors.per_inhabitant(self.services, self.population)


@dataclass
class VoivodeshipFigures(Measured):
    """Sums over the gminas of a voivodeship that have an allocation (population: theirs only)."""

    teryt: str
    name: str
    has_boundary: bool = False
    gminas: int = 0
    population: int = 0
    services: Decimal = Decimal(0)
    training: Decimal = Decimal(0)
    committed_eur: Decimal = Decimal(0)
    paid_eur: Decimal = Decimal(0)
    people_reached: int = 0
    contracts_by_group: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> Decimal:
        return self.services + self.training

    @property
    def per_inhabitant(self) -> Decimal | None:
        return allocation_selectors.per_inhabitant(self.services, self.population)

    def add(self, gmina: GminaFigures) -> None:
        self.gminas += 1
        self.population += gmina.population or 0
        self.services += gmina.services
        self.training += gmina.training
        self.committed_eur += gmina.committed_eur
        self.paid_eur += gmina.paid_eur
        self.people_reached += gmina.people_reached
        for group, count in gmina.contracts_by_group.items():
            self.contracts_by_group[group] = self.contracts_by_group.get(group, 0) + count


@dataclass
class ProgrammeFigures:
    """A programme with its published run (None when there is none) and that run's amounts: per
    gmina, per voivodeship and in total. EUR per inhabitant is the services line (the allocation)
    over the population of the run's data year."""

    programme: Programme
    run: AllocationRun | None
    participating: int
    as_of: dt.date | None = None
    paid_source: str = ""
    gminas: list[GminaFigures] = field(default_factory=list)
    voivodeships: list[VoivodeshipFigures] = field(default_factory=list)
    totals: VoivodeshipFigures = field(default_factory=lambda: VoivodeshipFigures("", ""))
    # Where the figures are cached (with the generations they were built under), "" when not:
    # what is computed from them is cached beside them (`from_figures`).
    cache_key: str = ""

    @property
    def data_year(self) -> int | None:
        return self.run.data_year if self.run else None

    @property
    def unallocated(self) -> Decimal:
        """What of the programme's budget the services line does not use (negative if over)."""
        return self.programme.budget_eur - self.totals.services

    def rows(self, level: str) -> list[GminaFigures] | list[VoivodeshipFigures]:
        return self.gminas if level == GMINA else self.voivodeships

    def unmapped(self, level: str) -> int:
        return sum(1 for row in self.rows(level) if not row.has_boundary)


def list_programmes(*, user: Any) -> QuerySet[Programme]:
    """Every programme by code for a ministry reader; none for anyone else."""
    programmes = Programme.objects.order_by("code")
    return programmes if can_view_programme_figures(user) else programmes.none()


def get_programme(*, user: Any, code: str) -> Programme:
    """One programme by code; Programme.DoesNotExist when absent or not visible alike."""
    return list_programmes(user=user).get(code=code)


def published_run(*, user: Any, programme: Programme) -> AllocationRun | None:
    runs = allocation_selectors.list_runs(user=user, programme=programme.code)
    return runs.filter(status=AllocationRun.Status.PUBLISHED).first()


def programme_figures(*, user: Any, programme: Programme) -> ProgrammeFigures:
    """The programme's published allocation by gmina and by voivodeship (every voivodeship of the
    programme has a row, with zeros when none of its gminas has an amount). A fixed number of
    queries whatever the number of gminas. Every ministry reader sees the same figures: they are
    computed once a day and a generation of the programme's data (integra.core.cache), dropped
    by the writes that change them."""
    day = default_as_of(programme).isoformat()
    key = cache_key(programme_group(programme.pk), f"figures:{day}", (PUBLIC_PAGES,))
    if key is None or not can_view_programme_figures(user):
        return _programme_figures(user, programme)
    figures = remembered(key, lambda: _programme_figures(user, programme))
    figures.cache_key = key
    return figures


def from_figures[T](figures: ProgrammeFigures, name: str, build: Callable[[], T]) -> T:
    """A value computed from `figures` (the map's GeoJSON, say), cached with them: under the
    generations they were built under, so it never outlives them."""
    if not figures.cache_key:
        return build()
    return remembered(f"{figures.cache_key}:{name}", build)


def _programme_figures(user: Any, programme: Programme) -> ProgrammeFigures:
    run = published_run(user=user, programme=programme)
    participating = (
        Participation.objects.filter(programme=programme)
        .exclude(status=Participation.Status.WITHDRAWN)
        .count()
    )
    figures = ProgrammeFigures(programme=programme, run=run, participating=participating)
    if run is not None:
        figures.gminas = _gmina_figures(run, programme.training_percent)
        _add_measures(figures)
    figures.voivodeships = _voivodeship_figures(programme, figures.gminas)
    for gmina in figures.gminas:
        figures.totals.add(gmina)
    return figures


def _gmina_figures(run: AllocationRun, training_percent: Decimal) -> list[GminaFigures]:
    results = list(
        AllocationResult.objects.filter(run=run)
        .annotate(has_boundary=has_outline("gmina_id"))
        .order_by("gmina__teryt")
        .values_list("gmina_id", "gmina__teryt", "gmina__name", "amount_eur", "has_boundary")
    )
    # The run's gminas as a subquery, not a list of thousands of ids (70 ms → 10 at 5,500).
    population = dict(
        PopulationRecord.objects.filter(
            territory_id__in=AllocationResult.objects.filter(run=run).values("gmina_id"),
            year=run.data_year,
        ).values_list("territory_id", "total")
    )
    names = dict(
        Territory.objects.voivodeships()
        .filter(teryt__in={voivodeship_teryt(row[1]) for row in results})
        .values_list("teryt", "name")
    )
    gminas = []
    for gmina_id, teryt, name, amount, has_boundary in results:
        lines = allocation_selectors.allocation_lines(amount, training_percent)
        region = voivodeship_teryt(teryt)
        gminas.append(
            GminaFigures(
                teryt=teryt,
                name=name,
                voivodeship_teryt=region,
                voivodeship=names.get(region, "").lower(),
                services=lines.services,
                training=lines.training,
                population=population.get(gmina_id),
                has_boundary=has_boundary,
                gmina_id=gmina_id,
            )
        )
    return gminas


def _add_measures(figures: ProgrammeFigures) -> None:
    """Committed, paid, reached and contracts per group of every gmina (a fixed number of
    queries), as the board reads them, on the day the board would show by default."""
    programme = figures.programme
    figures.as_of = default_as_of(programme)
    measures = gmina_measures(
        programme, as_of=figures.as_of, reach=True, groups=True, allocation=False
    )
    figures.paid_source = measures.paid_source
    for gmina in figures.gminas:
        money = measures.by_gmina.get(gmina.gmina_id)
        if money is None:
            continue
        gmina.committed_eur = money.committed_eur
        gmina.paid_eur = money.paid_eur
        gmina.people_reached = money.people_reached
        gmina.contracts_by_group = dict(money.contracts_by_group)


def _voivodeship_figures(
    programme: Programme, gminas: list[GminaFigures]
) -> list[VoivodeshipFigures]:
    codes = {gmina.voivodeship_teryt for gmina in gminas}
    units = (
        Territory.objects.voivodeships()
        .filter(Q(teryt__in=codes) | Q(pk__in=programme.voivodeships.values("pk")))
        .annotate(has_boundary=has_outline())
        .order_by("teryt")
        .values_list("teryt", "name", "has_boundary")
    )
    rows = {
        teryt: VoivodeshipFigures(teryt=teryt, name=name.lower(), has_boundary=has_boundary)
        for teryt, name, has_boundary in units
    }
    for gmina in gminas:
        row = rows.setdefault(
            gmina.voivodeship_teryt, VoivodeshipFigures(gmina.voivodeship_teryt, "")
        )
        row.add(gmina)
    return [rows[teryt] for teryt in sorted(rows)]


def allocation_map(figures: ProgrammeFigures, level: str) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of the level's units that have a boundary, named by TERYT code,
    with their figures as properties; units without a boundary go to `unmapped` (a foreign member)
    with the same properties. Amounts are the services line (the published allocation)."""
    rows = figures.rows(level)
    boundaries = outlines_of(row.teryt for row in rows if row.has_boundary)
    features, unmapped = [], []
    for row in rows:
        properties = {
            "teryt": row.teryt,
            "name": row.name,
            "amount_eur": row.services,
            "population": row.population,
            "eur_per_inhabitant": row.per_inhabitant,
            "committed_percent": row.committed_percent,
            "paid_percent": row.paid_percent,
            "people_reached": row.people_reached,
            "reached_per_1000": row.reached_per_thousand,
            "contracts_by_group": row.contracts_by_group,
        }
        geometry = boundaries.get(row.teryt)
        if geometry:
            features.append({"type": "Feature", "properties": properties, "geometry": geometry})
        else:
            unmapped.append(properties)
    return {
        "type": "FeatureCollection",
        "level": level,
        "programme": figures.programme.code,
        "run": figures.run.pk if figures.run else None,
        "year": figures.data_year,
        "as_of": figures.as_of,
        "paid_source": figures.paid_source or None,
        "features": features,
        "unmapped": unmapped,
    }


def allocation_map_json(figures: ProgrammeFigures, level: str) -> str:
    """`allocation_map` as JSON text, cached with the figures (5,000 outlines are megabytes)."""
    return from_figures(
        figures,
        f"map:{level}",
        lambda: json.dumps(allocation_map(figures, level), cls=DjangoJSONEncoder),
    )
