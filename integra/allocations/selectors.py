"""Reads of allocation runs for the API and the command, within the reader's scope (national:
the ministry sees every run, anyone else none)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet

from integra.allocations.models import AllocationResult, AllocationRun
from integra.core.money import Money
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
    return (
        AllocationRun.objects.visible_to(user)
        .select_related("programme")
        .prefetch_related(_results())
        .get(pk=run_id)
    )


def _results():
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
    population = dict(
        PopulationRecord.objects.filter(territory_id__in=ids, year=run_a.data_year).values_list(
            "territory_id", "total"
        )
    )
    comparison = RunComparison(run_a=run_a, run_b=run_b)
    totals: dict[str, VoivodeshipTotals] = {}
    for gmina in sorted(gminas, key=lambda g: g.teryt):
        voivodeship = gmina.parent.parent if gmina.parent else None
        a = amounts[run_a.pk].get(gmina.pk, Decimal(0))
        b = amounts[run_b.pk].get(gmina.pk, Decimal(0))
        people = population.get(gmina.pk)
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
        key = gmina.teryt[:2]
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


__all__ = [
    "AllocationLines",
    "GminaDifference",
    "RunComparison",
    "VoivodeshipTotals",
    "allocation_lines",
    "compare_runs",
    "get_comparison",
    "get_run",
    "list_runs",
]
