"""`manage.py allocate`: split a budget among gminas — a dry run, or a stored run of a programme."""

from __future__ import annotations

import csv
import sys
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from integra.allocations import services
from integra.allocations.importers.amounts import data_rows, read_amounts
from integra.allocations.models import AllocationRun
from integra.core.actors import SystemActor
from integra.core.errors import DomainError, ImportRefused, Problem, RulesBroken
from integra.core.textfiles import read_text
from integra.programmes.models import Programme
from integra.programmes.rules import ELIGIBLE_GMINA_TYPES
from integra.territories.models import PopulationRecord, Territory

ACTOR = SystemActor("manage.py allocate")
CSV_HEADER = ["teryt", "name", "voivodeship", "indicator_value", "amount_eur"]


def _decimal(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation as error:
        raise CommandError(f"not a number: {text!r}") from error


def parse_weights(text: str) -> dict[str, Decimal]:
    """`total=1,age_0_17=0.5` as {code: weight}; the service judges the codes and the bounds."""
    weights: dict[str, Decimal] = {}
    for item in text.split(","):
        code, sep, weight = (part.strip() for part in item.partition("="))
        if not (sep and code and weight):
            raise CommandError(
                f"--weights: {item.strip()!r} is not indicator=weight "
                "(e.g. total=1,age_0_17=0.5,post_working=0.5)"
            )
        if code in weights:
            raise CommandError(f"--weights: {code} is given twice")
        try:
            weights[code] = Decimal(weight)
        except InvalidOperation as error:
            raise CommandError(
                f"--weights: the weight of {code} is not a number: {weight!r}"
            ) from error
    return weights


def read_gminas(path: str) -> list[Territory]:
    """The gminas listed in the first column; ImportRefused for an unknown or urban gmina, a
    duplicate or a malformed code, each with its line number."""
    known = {t.teryt: t for t in Territory.objects.current().gminas().select_related("parent")}
    problems, seen, gminas = [], set(), []
    for line, cells in data_rows(read_text(path), name=path):
        code = cells[0].strip()
        if not (len(code) == 7 and code.isdigit()):
            problems.append(Problem(f"{code[:20]!r} is not a 7-digit TERYT code", line=line))
        elif code in seen:
            problems.append(Problem(f"{code} is listed twice", line=line))
        elif code not in known:
            problems.append(Problem(f"{code} is not a gmina of the current register", line=line))
        elif known[code].gmina_type not in ELIGIBLE_GMINA_TYPES:
            problems.append(Problem(f"{code} is an urban gmina, never eligible", line=line))
        else:
            gminas.append(known[code])
        seen.add(code)
    if problems:
        raise ImportRefused(path=path, problems=problems)
    return gminas


class Command(BaseCommand):
    help = (
        "Split a budget among gminas and print the totals. Without --programme it is a dry run "
        "that writes nothing to the database: the gminas are those of --gminas (a CSV whose first "
        "column, headed 'teryt', holds 7-digit codes), or every rural and urban-rural gmina of "
        "the current register. With --programme it stores a draft run over the programme's "
        "participating gminas (--gminas is then refused as contradictory) and --publish publishes "
        "it. --out writes teryt,name,voivodeship,indicator_value,amount_eur (with --indicator "
        "weighted, the value is Σ weight × group, each group's weight given in --weights)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--programme", help="code of the programme: store a run (no dry run)")
        parser.add_argument("--method", required=True, choices=AllocationRun.Method.values)
        parser.add_argument("--indicator", default="total", choices=AllocationRun.Indicator.values)
        parser.add_argument(
            "--weights",
            help="indicator weighted: the weight of each group, e.g. "
            "total=1,age_0_17=0.5,post_working=0.5 (a group left out weighs 0)",
        )
        parser.add_argument("--year", type=int, default=2010, help="year of the population data")
        parser.add_argument("--budget", type=_decimal, required=True, help="EUR")
        parser.add_argument("--unit", type=_decimal, default=Decimal("100"), help="EUR")
        parser.add_argument("--floor", type=_decimal, help="minimum per gmina, EUR")
        parser.add_argument("--cap", type=_decimal, help="maximum per gmina, EUR")
        parser.add_argument("--gminas", help="CSV of the gminas (dry run only)")
        parser.add_argument("--from-file", help="CSV teryt,amount (method import)")
        parser.add_argument("--out", help="write the amounts to this CSV file")
        parser.add_argument("--publish", action="store_true", help="publish the stored run")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            gminas, values, amounts = self.allocate(options)
        except ImportRefused as refusal:
            self.stderr.write(refusal.report())
            sys.exit(1)
        except RulesBroken as refusal:
            self.stderr.write("\n".join([refusal.message, *(f"  {p}" for p in refusal.problems)]))
            sys.exit(1)
        except (DomainError, CommandError, OSError) as error:
            self.stderr.write(str(getattr(error, "message", error)))
            sys.exit(1)
        population = dict(
            PopulationRecord.objects.filter(territory__in=gminas, year=options["year"]).values_list(
                "territory__teryt", "total"
            )
        )
        if options["out"]:
            write_csv(options["out"], gminas, values, amounts)
        self.stdout.write(summary(amounts, population))

    def allocate(
        self, options: dict[str, Any]
    ) -> tuple[list[Territory], Mapping[str, Decimal | None], dict[str, Decimal]]:
        self.check_options(options)
        amounts = read_amounts(options["from_file"]) if options["from_file"] else None
        params = services.RunParameters(
            method=options["method"],
            indicator=options["indicator"],
            year=options["year"],
            budget=options["budget"],
            unit=options["unit"],
            floor=options["floor"],
            cap=options["cap"],
            weights=parse_weights(options["weights"]) if options["weights"] else None,
        )
        if not options["programme"]:
            gminas = read_gminas(options["gminas"]) if options["gminas"] else all_eligible_gminas()
            values, result = services.compute(params, gminas, amounts)
            return gminas, values, result
        return self.store(options, params, amounts)

    def store(
        self,
        options: dict[str, Any],
        params: services.RunParameters,
        amounts: dict[str, Decimal] | None,
    ) -> tuple[list[Territory], Mapping[str, Decimal | None], dict[str, Decimal]]:
        programme = Programme.objects.filter(code=options["programme"]).first()
        if programme is None:
            raise CommandError(f"no programme with the code {options['programme']}")
        with transaction.atomic():
            run = self.create_run(options, programme, params, amounts)
        results = list(run.results.select_related("gmina__parent__parent").order_by("gmina__teryt"))
        self.stdout.write(f"run {run.pk} of {programme.code}: {run.status}")
        return (
            [r.gmina for r in results],
            {r.gmina.teryt: r.indicator_value for r in results},
            {r.gmina.teryt: r.amount_eur for r in results},
        )

    def create_run(
        self,
        options: dict[str, Any],
        programme: Programme,
        params: services.RunParameters,
        amounts: dict[str, Decimal] | None,
    ) -> AllocationRun:
        run = services.create_run(actor=ACTOR, programme=programme, params=params, amounts=amounts)
        if options["publish"]:
            run = services.publish_run(actor=ACTOR, run=run)
        return run

    def check_options(self, options: dict[str, Any]) -> None:
        if options["programme"] and options["gminas"]:
            raise CommandError(
                "--gminas contradicts --programme: a run covers the programme's participating "
                "gminas"
            )
        if options["publish"] and not options["programme"]:
            raise CommandError("--publish needs --programme (a dry run stores nothing)")
        if (options["method"] == AllocationRun.Method.IMPORT) != bool(options["from_file"]):
            raise CommandError("--from-file goes with --method import, and only with it")


def all_eligible_gminas() -> list[Territory]:
    return list(
        Territory.objects.current()
        .gminas()
        .filter(gmina_type__in=ELIGIBLE_GMINA_TYPES)
        .select_related("parent__parent")
        .order_by("teryt")
    )


def write_csv(
    path: str,
    gminas: list[Territory],
    values: Mapping[str, Decimal | None],
    amounts: Mapping[str, Decimal],
) -> None:
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_HEADER)
        for gmina in sorted(gminas, key=lambda g: g.teryt):
            voivodeship = gmina.parent.parent if gmina.parent else None
            value = values.get(gmina.teryt)
            writer.writerow(
                [
                    gmina.teryt,
                    gmina.name,
                    voivodeship.name if voivodeship else "",
                    "" if value is None else f"{value:f}",
                    f"{amounts[gmina.teryt].quantize(Decimal('0.01')):f}",
                ]
            )


def summary(amounts: Mapping[str, Decimal], population: Mapping[str, int]) -> str:
    """The totals: number of gminas, sum, min, max and EUR per inhabitant."""
    values = list(amounts.values())
    if not values:
        return "gminas: 0"
    lines = [
        f"gminas: {len(values)}",
        f"sum: {sum(values, Decimal(0)):.2f} EUR",
        f"min: {min(values):.2f} EUR",
        f"max: {max(values):.2f} EUR",
    ]
    people = sum(population.get(teryt, 0) for teryt in amounts)
    if people and len(population) == len(amounts):
        rates = [amounts[teryt] / population[teryt] for teryt in amounts if population[teryt]]
        lines.append(
            f"EUR per inhabitant: mean {sum(values, Decimal(0)) / people:.2f} "
            f"(min {min(rates):.2f}, max {max(rates):.2f})"
        )
    else:
        lines.append("EUR per inhabitant: n/a (no population for every gmina that year)")
    return "\n".join(lines)
