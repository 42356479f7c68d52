"""Reads of allocation runs for the API and the command, within the reader's scope (national:
the ministry sees every run, anyone else none), and of a gmina's published allocation: its
lines, tranches, transfers and amendments."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet

from integra.allocations.models import (
    AllocationAmendment,
    AllocationResult,
    AllocationRun,
    Tranche,
)
from integra.allocations.policies import can_view_allocation_runs
from integra.core.money import Money
from integra.programmes.policies import can_view_participation_at
from integra.territories.models import PopulationRecord, Territory

CENT = Decimal("0.01")


def list_runs(*, user: Any, programme: str | None = None) -> QuerySet[AllocationRun]:
    """Runs visible to the user, newest first, optionally of one programme (by code)."""
    runs = AllocationRun.objects.visible_to(user).select_related("programme")
    if programme:
        runs = runs.filter(programme__code=programme)
    return runs.order_by("-created_at", "-pk")


def get_run(*, user: Any, run_id: int) -> AllocationRun:
    """One run with its results (gmina, powiat, voivodeship loaded); AllocationRun.DoesNotExist
    when absent or outside the user's scope alike."""
    run: AllocationRun = (
        AllocationRun.objects.visible_to(user)
        .select_related("programme")
        .prefetch_related(_results())
        .get(pk=run_id)
    )
    return run


def _results() -> Prefetch[str]:
    return Prefetch(
        "results",
        queryset=AllocationResult.objects.select_related("gmina__parent__parent").order_by(
            "gmina__teryt"
        ),
    )


@dataclass(frozen=True)
class AllocationLines:
    """A gmina's allocation split into its lines (EUR): the services line is the allocated amount,
    the training-and-expert line a percentage of it on top."""

    services: Decimal
    training: Decimal

    @property
    def total(self) -> Decimal:
        return self.services + self.training


def allocation_lines(amount_eur: Decimal, training_percent: Decimal) -> AllocationLines:
    """The lines of an allocation; the training line is rounded half-up to the cent."""
    training = Money(amount_eur * training_percent / 100, "EUR").rounded().amount
    return AllocationLines(services=amount_eur, training=training)


def published_lines(programme: Any, gmina: Territory) -> AllocationLines | None:
    """The lines of the gmina's allocation in the programme's published run (None if none)."""
    amount = (
        AllocationResult.objects.filter(
            run__programme=programme, run__status=AllocationRun.Status.PUBLISHED, gmina=gmina
        )
        .values_list("amount_eur", flat=True)
        .first()
    )
    return None if amount is None else allocation_lines(amount, programme.training_percent)


def published_lines_of(
    pairs: list[tuple[Any, Territory]],
) -> dict[tuple[int, int], AllocationLines]:
    """`published_lines` of many (programme, gmina) pairs in one read, by (programme id, gmina
    id); a pair without a published allocation is absent."""
    programmes = {programme.pk: programme for programme, _gmina in pairs}
    found = AllocationResult.objects.filter(
        run__programme_id__in=programmes,
        run__status=AllocationRun.Status.PUBLISHED,
        gmina_id__in={gmina.pk for _programme, gmina in pairs},
    ).values_list("run__programme_id", "gmina_id", "amount_eur")
    return {
        (programme_id, gmina_id): allocation_lines(
            amount, programmes[programme_id].training_percent
        )
        for programme_id, gmina_id, amount in found
    }


def per_inhabitant(amount: Decimal, population: int | None) -> Decimal | None:
    return (amount / population).quantize(CENT) if population else None


@dataclass
class GminaDifference:
    teryt: str
    name: str
    voivodeship: str
    amount_a: Decimal
    amount_b: Decimal
    difference: Decimal
    population: int | None
    per_inhabitant_a: Decimal | None
    per_inhabitant_b: Decimal | None


@dataclass
class VoivodeshipTotals:
    teryt: str
    name: str
    amount_a: Decimal = Decimal(0)
    amount_b: Decimal = Decimal(0)
    population: int = 0
    difference: Decimal = Decimal(0)
    per_inhabitant_a: Decimal | None = None
    per_inhabitant_b: Decimal | None = None


@dataclass
class RunComparison:
    run_a: AllocationRun
    run_b: AllocationRun
    gminas: list[GminaDifference] = field(default_factory=list)
    voivodeships: list[VoivodeshipTotals] = field(default_factory=list)


def populations(*, gmina_ids: Iterable[int], years: Iterable[int]) -> dict[tuple[int, int], int]:
    """The total population of the gminas in the years, by (gmina id, year); a gmina without a
    record of a year is absent."""
    records = PopulationRecord.objects.filter(
        territory_id__in=list(gmina_ids), year__in=list(years)
    )
    return {
        (gmina_id, year): total
        for gmina_id, year, total in records.values_list("territory_id", "year", "total")
    }


def compare_runs(run_a: AllocationRun, run_b: AllocationRun) -> RunComparison:
    """Per gmina (of either run) the amounts and their difference b − a, per voivodeship the
    totals, and EUR per inhabitant by the population of run a's data year (a gmina absent from a
    run counts 0 there)."""
    amounts = {
        run.pk: {r.gmina_id: r.amount_eur for r in AllocationResult.objects.filter(run=run)}
        for run in (run_a, run_b)
    }
    ids = amounts[run_a.pk].keys() | amounts[run_b.pk].keys()
    gminas = Territory.objects.filter(pk__in=ids).select_related("parent__parent")
    population = populations(gmina_ids=ids, years=[run_a.data_year])
    comparison = RunComparison(run_a=run_a, run_b=run_b)
    totals: dict[str, VoivodeshipTotals] = {}
    for gmina in sorted(gminas, key=lambda g: g.teryt):
        voivodeship = gmina.parent.parent if gmina.parent else None
        a = amounts[run_a.pk].get(gmina.pk, Decimal(0))
        b = amounts[run_b.pk].get(gmina.pk, Decimal(0))
        people = population.get((gmina.pk, run_a.data_year))
        comparison.gminas.append(
            GminaDifference(
                teryt=gmina.teryt,
                name=gmina.name,
                voivodeship=voivodeship.name if voivodeship else "",
                amount_a=a,
                amount_b=b,
                difference=b - a,
                population=people,
                per_inhabitant_a=per_inhabitant(a, people),
                per_inhabitant_b=per_inhabitant(b, people),
            )
        )
        key = gmina.voivodeship_teryt
        total = totals.setdefault(
            key, VoivodeshipTotals(teryt=key, name=voivodeship.name if voivodeship else "")
        )
        total.amount_a += a
        total.amount_b += b
        total.population += people or 0
    for total in totals.values():
        total.difference = total.amount_b - total.amount_a
        total.per_inhabitant_a = per_inhabitant(total.amount_a, total.population)
        total.per_inhabitant_b = per_inhabitant(total.amount_b, total.population)
    comparison.voivodeships = [totals[key] for key in sorted(totals)]
    return comparison


def get_comparison(*, user: Any, run_a_id: int, run_b_id: int) -> RunComparison:
    """compare_runs over two runs visible to the user (DoesNotExist for either otherwise)."""
    runs = AllocationRun.objects.visible_to(user).select_related("programme")
    return compare_runs(runs.get(pk=run_a_id), runs.get(pk=run_b_id))


# A gmina's published allocation ---------------------------------------------------------------


@dataclass(frozen=True)
class Received:
    """The transferred tranches: PLN paid, their EUR equivalent at the rates used, and the EUR
    they were scheduled for; the exchange difference is equivalent − scheduled."""

    pln: Decimal
    eur_equivalent: Decimal
    scheduled_eur: Decimal

    @property
    def exchange_difference_eur(self) -> Decimal:
        return self.eur_equivalent - self.scheduled_eur


@dataclass
class GminaAllocation:
    """One programme's published allocation of one gmina."""

    result: AllocationResult
    lines: AllocationLines
    tranches: list[Tranche]
    amendments: list[AllocationAmendment]
    received: Received

    @property
    def run(self) -> AllocationRun:
        return self.result.run

    @property
    def programme(self) -> Any:
        return self.result.run.programme

    @property
    def amount_eur(self) -> Decimal:
        return self.result.amount_eur

    @property
    def to_transfer_eur(self) -> Decimal:
        """What is still scheduled: the total less the EUR of the tranches transferred."""
        return self.lines.total - self.received.scheduled_eur


def _published_results(gmina: Territory) -> QuerySet[AllocationResult]:
    return (
        AllocationResult.objects.filter(gmina=gmina, run__status=AllocationRun.Status.PUBLISHED)
        .select_related("run__programme", "gmina")
        .prefetch_related(
            Prefetch(
                "tranches",
                queryset=Tranche.objects.select_related("programme", "gmina").order_by("number"),
            )
        )
        .order_by("run__programme__code")
    )


def _allocation(result: AllocationResult, amendments: list[AllocationAmendment]) -> GminaAllocation:
    tranches = list(result.tranches.all())
    transferred = [t for t in tranches if t.is_transferred]
    received = Received(
        pln=sum((t.amount_pln or Decimal(0) for t in transferred), Decimal(0)),
        eur_equivalent=sum((t.eur_equivalent or Decimal(0) for t in transferred), Decimal(0)),
        scheduled_eur=sum((t.amount_eur for t in transferred), Decimal(0)),
    )
    return GminaAllocation(
        result=result,
        lines=allocation_lines(result.amount_eur, result.run.programme.training_percent),
        tranches=tranches,
        amendments=amendments,
        received=received,
    )


def card_gmina(*, user: Any, teryt: str) -> Territory | None:
    """The gmina of a TERYT code (powiat and voivodeship loaded) for its allocation card; None
    when no gmina has the code or the user may not see its participation alike."""
    if not can_view_participation_at(user, teryt):
        return None
    gmina: Territory | None = (
        Territory.objects.filter(teryt=teryt, level=Territory.Level.GMINA)
        .select_related("parent__parent")
        .first()
    )
    return gmina


def gmina_allocations(gmina: Territory) -> list[GminaAllocation]:
    """The gmina's published allocation in every programme, by programme code (no scope check:
    the caller has checked that the reader may see the gmina)."""
    results = list(_published_results(gmina))
    amendments: dict[int, list[AllocationAmendment]] = {}
    for amendment in AllocationAmendment.objects.filter(
        gmina=gmina, run_id__in=[r.run_id for r in results]
    ).order_by("-amended_at", "-pk"):
        amendments.setdefault(amendment.run_id, []).append(amendment)
    return [_allocation(result, amendments.get(result.run_id, [])) for result in results]


def gmina_allocation(programme: Any, gmina: Territory) -> GminaAllocation | None:
    """The gmina's published allocation in the programme (a Programme or its code): amount,
    lines, tranches, amendments and what it has received so far; None when the programme has no
    published run for it (or there is no such programme)."""
    by = {"run__programme__code": programme} if isinstance(programme, str) else {}
    results = _published_results(gmina)
    result = (results.filter(**by) if by else results.filter(run__programme=programme)).first()
    if result is None:
        return None
    amendments = list(
        AllocationAmendment.objects.filter(gmina=gmina, run_id=result.run_id).order_by(
            "-amended_at", "-pk"
        )
    )
    return _allocation(result, amendments)


def get_result(*, user: Any, run_id: int, teryt: str) -> AllocationResult:
    """One gmina's result in a run, for the ministry or whoever sees the gmina's participation;
    AllocationResult.DoesNotExist otherwise (absent and out of scope alike)."""
    if not (can_view_allocation_runs(user) or can_view_participation_at(user, teryt)):
        raise AllocationResult.DoesNotExist
    return AllocationResult.objects.select_related("run__programme", "gmina").get(
        run_id=run_id, gmina__teryt=teryt
    )


def list_tranches(result: AllocationResult) -> list[Tranche]:
    return list(result.tranches.select_related("programme", "gmina").order_by("number"))


def list_amendments(*, user: Any, run_id: int) -> QuerySet[AllocationAmendment]:
    """The amendments of a run visible to the user (the ministry), newest first;
    AllocationRun.DoesNotExist when the run is absent or out of scope."""
    run = AllocationRun.objects.visible_to(user).get(pk=run_id)
    return (
        AllocationAmendment.objects.filter(run=run)
        .select_related("gmina")
        .order_by("-amended_at", "-pk")
    )


__all__ = [
    "AllocationLines",
    "GminaAllocation",
    "GminaDifference",
    "Received",
    "RunComparison",
    "VoivodeshipTotals",
    "allocation_lines",
    "compare_runs",
    "get_comparison",
    "get_result",
    "get_run",
    "gmina_allocation",
    "gmina_allocations",
    "list_amendments",
    "list_runs",
    "list_tranches",
    "published_lines",
]
