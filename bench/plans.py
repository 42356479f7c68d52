"""Action Plan figures for a version with 20 and with 200 planned services: saving (every rule
against the allocation, then writing), submitting, the budget summary, the difference between two
versions, and the PDF and XLSX documents.

`.venv/bin/python bench/plans.py`; printed, never asserted. The world (the tests' small tree,
programme PIS 2007–2009 with a published allocation, NBP rates, catalogue, strategies, a
coordinator and an officer) is built once in its own process into a copy of the migrated
database; each gmina already has approved plans of the same size for 2007 and 2008, so the rules
and the budget also count other years. The measured plan is the one for 2009.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import shutil
import subprocess
import sys
import tempfile
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent)]

import harness  # noqa: E402 - the bench folder is put on the path just above

from integra.core.actors import SystemActor  # noqa: E402

SIZES = (20, 200)
# Each size plans in its own gmina of łódzkie, so the two never share a budget.
GMINA_OF = {20: "1001022", 200: "1001033"}
# EUR (services line; training adds 10 %): room for three years of plans of that size.
ALLOCATION_EUR = {20: Decimal("400000"), 200: Decimal("4000000")}
YEAR = 2009
AS_OF = {2007: dt.date(2007, 3, 2), 2008: dt.date(2008, 3, 3), 2009: dt.date(2009, 3, 2)}
EXTRA_RATES = {dt.date(2008, 2, 29): Decimal("3.5500"), dt.date(2009, 2, 27): Decimal("4.6500")}
DESCRIPTION = (
    "Wsparcie osób starszych i niesamodzielnych w ich miejscu zamieszkania: pomoc w czynnościach "
    "dnia codziennego, zakupy, towarzyszenie w wizytach u lekarza, zajęcia aktywizujące w "
    "świetlicy wiejskiej oraz dyżur telefoniczny wolontariuszy przez cały rok szkolny. "
)


# Building the world (a child process, once) -------------------------------------------------------


def _small_tree(folder: Path) -> dict[str, Any]:
    """The root conftest's small tree (two voivodeships, twelve gminas), without outlines."""
    from integra.territories import demo
    from integra.territories.models import Territory

    demo.load_synthetic(actor=SystemActor("bench"), outlines=False)
    return {t.teryt: t for t in Territory.objects.all()}


def build_world(folder: Path) -> None:
    from integra.accounts.services import create_user
    from integra.action_plans.tests.factories import (
        RATES,
        make_catalogue,
        make_programme,
        make_strategy,
    )
    from integra.allocations.models import AllocationResult
    from integra.programmes.models import ExchangeRate

    tree = _small_tree(folder)
    for day, mid in (RATES | EXTRA_RATES).items():
        ExchangeRate.objects.create(
            source="NBP-A", currency="EUR", effective_on=day, mid=mid, table_no=f"{day:%j}/A"
        )
    make_catalogue()
    make_programme(tree)
    for size, teryt in GMINA_OF.items():
        AllocationResult.objects.filter(gmina=tree[teryt]).update(amount_eur=ALLOCATION_EUR[size])
        make_strategy(tree[teryt])
    password = "a-long-unusual-bench-passphrase-7"
    create_user(
        actor=SystemActor("bench"),
        username="coordinator",
        email="coordinator@example.org",
        password=password,
        assignments=[("gmina_coordinator", tree[teryt]) for teryt in GMINA_OF.values()],
    )
    create_user(
        actor=SystemActor("bench"),
        username="officer",
        email="officer@example.org",
        password=password,
        assignments=[("regional_officer", tree["10"])],
    )
    world = load_world()
    for size in SIZES:
        for year in (2007, 2008):
            approved_plan(world, size, year)


# The world as each measured process finds it ------------------------------------------------------


def load_world() -> SimpleNamespace:
    from integra.accounts.models import User
    from integra.catalog.models import ServiceType, TargetGroup
    from integra.programmes.models import Programme
    from integra.strategies.models import Goal
    from integra.territories.models import Territory

    groups = {group.code: group for group in TargetGroup.objects.all()}
    types = {kind.code: kind for kind in ServiceType.objects.all()}
    return SimpleNamespace(
        programme=Programme.objects.get(code="PIS"),
        gminas={size: Territory.objects.get(teryt=teryt) for size, teryt in GMINA_OF.items()},
        goals={
            size: Goal.objects.select_related("strategy").get(
                strategy__gmina__teryt=teryt, code="1.1"
            )
            for size, teryt in GMINA_OF.items()
        },
        kinds=[
            (types["OS-01"], (groups["OS"],)),
            (types["DM-01"], (groups["DM"], groups["RD"])),
            (types["DM-01"], (groups["DM"],)),
        ],
        training=types["SZ-01"],
        coordinator=User.objects.get(username="coordinator"),
        officer=User.objects.get(username="officer"),
    )


def service_inputs(world: SimpleNamespace, size: int, year: int) -> list[Any]:
    """`size` valid services of that year: care and day-room in turn, every tenth a training."""
    from integra.action_plans.services import ServiceInput

    services = []
    for index in range(size):
        if index % 10 == 9:
            kind, groups = world.training, ()
            cost = Decimal(1000 + 500 * (index % 5))
        else:
            kind, groups = world.kinds[index % len(world.kinds)]
            cost = Decimal(2000 + (index * 7919) % 30000)
        services.append(
            ServiceInput(
                service_type=kind,
                groups=groups,
                title=f"Usługa nr {index + 1}: sąsiedzka pomoc dla osób starszych",
                planned_beneficiaries=5 + index % 40,
                planned_cost_pln=cost.quantize(Decimal("0.01")),
                provider_kind=("ngo", "public_unit", "informal_group")[index % 3],
                quarters=tuple(f"{year}-Q{q}" for q in range(1 + index % 2, 5)),
                goal=world.goals[size],
                description=DESCRIPTION,
                villages="Zalesie, Borowa Wola, Kąty Wielkie",
                non_duplication_declared=True,
                non_duplication_justification="NFZ ani PCPR nie finansują tej usługi w gminie.",
            )
        )
    return services


def plan_content(world: SimpleNamespace, size: int, year: int, services: list[Any]) -> Any:
    from integra.action_plans.services import PlanContent

    return PlanContent(
        as_of=AS_OF[year],
        strategy=world.goals[size].strategy,
        gmina_address="ul. Główna 1, 95-001 Gmina",
        contact_name="Anna Kowalska",
        contact_email="anna@example.org",
        diagnosis_summary="Starzejąca się ludność wsi; " * 20,
        continuity="Usługi będą kontynuowane ze środków gminy.",
        consultation="Konsultacje z radami sołeckimi i organizacjami pozarządowymi.",
        services=services,
    )


def saved_draft(world: SimpleNamespace, size: int, year: int = YEAR) -> Any:
    """A new plan for the year, its version 1 saved with `size` services (not measured)."""
    from integra.action_plans import services as plans

    draft = plans.create_action_plan(
        actor=world.coordinator,
        programme=world.programme,
        gmina=world.gminas[size],
        year=year,
        as_of=AS_OF[year],
    )
    return plans.save_plan_version(
        actor=world.coordinator,
        version=draft,
        content=plan_content(world, size, year, service_inputs(world, size, year)),
        lock_version=plans.current_lock(draft),
    )


def approved_plan(world: SimpleNamespace, size: int, year: int = YEAR) -> Any:
    from integra.action_plans import services as plans

    version = plans.submit_plan_version(
        actor=world.coordinator, version=saved_draft(world, size, year)
    )
    return plans.approve_plan_version(
        actor=world.officer,
        version=version,
        letter_number=f"DRR-{year}/{size}",
        letter_on=AS_OF[year] + dt.timedelta(days=30),
    )


def updated_version(world: SimpleNamespace, size: int) -> tuple[Any, Any]:
    """The approved version 1 and a saved update (version 2) where a third of the services
    changed their title, cost and quarters."""
    from integra.action_plans import services as plans

    approved = approved_plan(world, size)
    draft = plans.start_plan_update(
        actor=world.coordinator, plan=approved.plan, as_of=AS_OF[YEAR] + dt.timedelta(days=1)
    )
    services = list(plans.content_of(draft).services)
    for index in range(0, len(services), 3):
        old = services[index]
        services[index] = plans.ServiceInput(
            **(
                vars(old)
                | {
                    "title": old.title + " (zmiana)",
                    "planned_cost_pln": (old.planned_cost_pln * Decimal("0.9")).quantize(
                        Decimal("0.01")
                    ),
                    "quarters": (f"{YEAR}-Q3", f"{YEAR}-Q4"),
                }
            )
        )
    version_b = plans.save_plan_version(
        actor=world.coordinator,
        version=draft,
        content=plan_content(world, size, YEAR, services),
        lock_version=plans.current_lock(draft),
    )
    return approved, version_b


# The measured steps -------------------------------------------------------------------------------


def _size_steps(size: int) -> list[harness.Step]:
    from integra.action_plans import exports as documents
    from integra.action_plans import selectors
    from integra.action_plans import services as plans
    from integra.core.exports import xlsx_response

    state: dict[str, Any] = {}

    def world() -> SimpleNamespace:
        if "world" not in state:
            state["world"] = load_world()
        return state["world"]

    def new_draft() -> None:
        state["draft"] = plans.create_action_plan(
            actor=world().coordinator,
            programme=world().programme,
            gmina=world().gminas[size],
            year=YEAR,
            as_of=AS_OF[YEAR],
        )
        services = service_inputs(world(), size, YEAR)
        state["content"] = plan_content(world(), size, YEAR, services)

    def save() -> Any:
        return plans.save_plan_version(
            actor=world().coordinator,
            version=state["draft"],
            content=state["content"],
            lock_version=plans.current_lock(state["draft"]),
        )

    def draft_saved() -> None:
        state["version"] = saved_draft(world(), size)
        import weasyprint  # noqa: F401 - a server imports it once; the step measures rendering

    def update_saved() -> None:
        state["a"], state["b"] = updated_version(world(), size)

    def as_the_view_reads() -> Any:
        version = state["version"]
        return selectors.get_plan_version(
            user=world().coordinator, plan_id=version.plan_id, number=version.number
        )

    n = f"{size} services"
    return [
        harness.Step(f"save_plan_version, {n} (rules + writing)", save, prepare=new_draft),
        harness.Step(
            f"submit_plan_version, {n}",
            lambda: plans.submit_plan_version(actor=world().coordinator, version=state["version"]),
            prepare=draft_saved,
        ),
        harness.Step(
            f"budget_summary, {n}",
            lambda: selectors.budget_summary(state["version"]),
            prepare=draft_saved,
        ),
        harness.Step(
            f"diff_versions, {n}, a third changed",
            lambda: selectors.diff_versions(state["a"], state["b"]),
            prepare=update_saved,
        ),
        harness.Step(
            f"PDF of the version, {n}",
            lambda: documents.plan_version_pdf(as_the_view_reads()),
            prepare=draft_saved,
        ),
        harness.Step(
            f"XLSX of the services, {n}",
            lambda: xlsx_response(documents.services_table(as_the_view_reads())),
            prepare=draft_saved,
        ),
    ]


def steps(folder: Path) -> list[harness.Step]:
    """The measured steps (run in a child process on a copy of the world)."""
    return [step for size in SIZES for step in _size_steps(size)]


# Facts that explain the figures: queries per step, size of the documents --------------------------


def facts() -> dict[str, Any]:
    """On a copy of the world: the queries each step makes and the size of the documents."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext
    from pypdf import PdfReader

    found: dict[str, Any] = {}
    for step in steps(Path()):
        with transaction.atomic():  # each step starts from the world, as in its own process
            if step.prepare is not None:
                step.prepare()
            with CaptureQueriesContext(connection) as queries:
                result = step.action()
            transaction.set_rollback(True)
        found[step.name] = {"queries": len(queries)}
        if isinstance(result, bytes):
            pages = len(PdfReader(io.BytesIO(result)).pages)
            found[step.name] |= {"pages": pages, "kib": len(result) // 1024}
        elif hasattr(result, "content"):
            found[step.name] |= {"kib": len(result.content) // 1024}
        elif hasattr(result, "changed"):
            found[step.name] |= {"changed": len(result.changed), "total": len(result.changes)}
    return found


def _child(mode: str, db: Path, folder: Path) -> str:
    command = [sys.executable, __file__, f"--{mode}", str(db), "--folder", str(folder)]
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=harness.ROOT)
    if done.returncode != 0:
        raise RuntimeError(f"plans bench ({mode}) failed:\n{done.stderr[-3000:]}")
    return done.stdout


def run(template: Path) -> list[harness.Figure]:
    with tempfile.TemporaryDirectory(prefix="integra-plans-") as folder:
        world = Path(folder) / "world.sqlite3"
        shutil.copy(template, world)
        _child("build-world", world, Path(folder))
        print("plans: world built (approved 2007 and 2008 plans of 20 and of 200 services)")
        with tempfile.TemporaryDirectory(prefix="integra-step-") as copy:
            shutil.copy(world, Path(copy) / "facts.sqlite3")
            found = json.loads(_child("facts", Path(copy) / "facts.sqlite3", Path(folder)))
        for name, values in found.items():
            print("  " + name + ": " + ", ".join(f"{k} {v}" for k, v in values.items()))
        names = [step.name for step in steps(Path(folder))]
        return harness.run_steps("plans", world, Path(folder), names)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build-world", type=Path, metavar="DB", help=argparse.SUPPRESS)
    parser.add_argument("--facts", type=Path, metavar="DB", help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build_world:
        harness.setup_django(args.build_world)
        build_world(args.folder)
        return
    if args.facts:
        harness.setup_django(args.facts)
        print(json.dumps(facts()))
        return
    with tempfile.TemporaryDirectory(prefix="integra-bench-") as tmp:
        figures = run(harness.migrated_template(Path(tmp)))
    print()
    print(harness.table(figures))


if __name__ == "__main__":
    main()
