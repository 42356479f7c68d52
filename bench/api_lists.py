"""Every API list beside the bare SQL and JSON of the same rows: what the API adds to its rows.

`.venv/bin/python bench/api_lists.py`; printed, never asserted (target: the API within 3× the
bare figure). The GET operations without path parameters that answer a list are read from the
OpenAPI schema, so a new list shows up here by itself (with "—" until it is given a bare query
below); the results of one allocation run are added by hand (their list sits in the run's
detail). Each list holds at least 100 rows, built through the real services (factories for the
catalogue): the register of INTEGRA_DATA_DIR with its real outlines when the files are there,
else a synthetic one of 16 × 4 × 8 gminas with square outlines; a programme with 120 gminas
taking part, 100 allocation runs, 100 more programmes, 120 coordinators each with a strategy
and an Action Plan, 100 target groups and 110 service types. Every list is read by a ministry
admin through a Bearer token, `page_size=100`; a figure is the median of several calls after
one warm-up call. The bare side runs the selector's own query, `.values(...)` of the same first
100 rows, and `json.dumps` of them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent)]

import harness  # noqa: E402 - the bench folder is put on the path just above

PAGE = 100
CALLS = 7
TAKING_PART = 120
RUNS = 100
PROGRAMMES = 100
GROUPS = 100
SERVICE_TYPES = 110
REAL_FILES = (
    "terc_2010-01-01.csv",
    "population_gmina_economic_age_2010_2019.csv",
    "gminas.geojson",
)
PASSWORD = "a-long-unusual-bench-passphrase-7"
AS_OF = dt.date(2007, 3, 2)


def data_dir() -> Path:
    return Path(os.environ.get("INTEGRA_DATA_DIR", harness.ROOT.parent / "shared" / "data"))


# Building the rows -------------------------------------------------------------------------------


def load_register() -> str:
    """The real register with its outlines when the files are there, else the synthetic one."""
    from integra.core.actors import SystemActor
    from integra.territories import demo, services
    from integra.territories.models import Territory

    actor = SystemActor("bench")
    folder = data_dir()
    if all((folder / name).is_file() for name in REAL_FILES):
        terc, population, outlines = (folder / name for name in REAL_FILES)
        services.import_teryt(actor=actor, path=terc)
        services.import_population(actor=actor, path=population)
        services.import_boundaries(actor=actor, path=outlines, level=Territory.Level.GMINA)
        return f"real register of {folder} with its gmina outlines"
    shape = demo.SyntheticShape(
        voivodeships=tuple(sorted(demo.VOIVODESHIP_NAMES)),
        powiats_per_voivodeship=4,
        gminas_per_powiat=8,
    )
    demo.load_synthetic(actor=actor, shape=shape)
    return "synthetic register (16 × 4 × 8 gminas, square outlines)"


def build_world() -> str:
    from django.conf import settings

    # Hashing 120 passwords with Argon2 would take most of the set-up; the lists do not care.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    register = load_register()
    programme, gminas = _programme()
    _runs(programme)
    _programmes()
    _catalogue()
    _plans(programme, gminas)
    return register


def _programme() -> tuple[Any, list[Any]]:
    from integra.core.actors import SystemActor
    from integra.programmes.services import ProgrammeSpec, create_programme, qualify_gminas
    from integra.territories.models import Territory

    actor = SystemActor("bench")
    voivodeships = list(Territory.objects.voivodeships().current())
    programme = create_programme(
        actor=actor,
        spec=ProgrammeSpec(
            code="PIS",
            name="Program Integracji Społecznej",
            starts_on=dt.date(2007, 1, 1),
            ends_on=dt.date(2009, 12, 31),
            budget_eur=Decimal("40000000"),
        ),
        voivodeships=voivodeships,
    )
    eligible = (
        Territory.objects.gminas()
        .current()
        .exclude(gmina_type=Territory.GminaType.URBAN)
        .filter(population__year=2010)
        .order_by("teryt")
    )
    # Spread over the country: every n-th eligible gmina.
    every = max(1, eligible.count() // TAKING_PART)
    gminas = list(eligible[::every][:TAKING_PART])
    qualify_gminas(
        actor=actor, programme=programme, gminas=[(g, n) for n, g in enumerate(gminas, start=1)]
    )
    return programme, gminas


def _runs(programme: Any) -> None:
    from integra.allocations.services import RunParameters, create_run
    from integra.core.actors import SystemActor

    for n in range(RUNS):
        params = RunParameters(method="equal", budget=Decimal(1_000_000 + 10_000 * n))
        create_run(actor=SystemActor("bench"), programme=programme, params=params)


def _programmes() -> None:
    from integra.core.actors import SystemActor
    from integra.programmes.services import ProgrammeSpec, create_programme
    from integra.territories.models import Territory

    voivodeships = list(Territory.objects.voivodeships().current()[:2])
    for n in range(PROGRAMMES):
        create_programme(
            actor=SystemActor("bench"),
            spec=ProgrammeSpec(
                code=f"P{n:03d}",
                name=f"Program {n}",
                starts_on=dt.date(2011, 1, 1),
                ends_on=dt.date(2013, 12, 31),
                budget_eur=Decimal(1_000_000),
            ),
            voivodeships=voivodeships,
        )


def _catalogue() -> None:
    from integra.catalog.tests.factories import ServiceTypeFactory, TargetGroupFactory

    groups = [
        TargetGroupFactory(code=f"G{n:03d}", name_pl=f"Grupa {n}", name_en=f"Group {n}", position=n)
        for n in range(GROUPS)
    ]
    for n in range(SERVICE_TYPES):
        ServiceTypeFactory(groups=groups[n % 7 : n % 7 + 3])


def _plans(programme: Any, gminas: list[Any]) -> None:
    """A coordinator per gmina (the users' list), each gmina's strategy and its Action Plan."""
    from integra.accounts.services import create_user
    from integra.action_plans.services import create_action_plan
    from integra.core.actors import SystemActor
    from integra.programmes.models import ExchangeRate
    from integra.strategies.services import StrategySpec, create_strategy

    ExchangeRate.objects.create(
        source="NBP-A", currency="EUR", effective_on=AS_OF - dt.timedelta(days=1), mid="3.9"
    )
    create_user(
        actor=SystemActor("bench"),
        username="admin",
        email="admin@example.org",
        password=PASSWORD,
        assignments=[("ministry_admin", gminas[0].parent.parent.parent)],
    )
    spec = StrategySpec(
        title="Strategia rozwiązywania problemów społecznych",
        period_from=dt.date(2006, 1, 1),
        period_until=dt.date(2014, 1, 1),
    )
    for gmina in gminas:
        coordinator = create_user(
            actor=SystemActor("bench"),
            username=f"coordinator-{gmina.teryt}",
            email=f"coordinator-{gmina.teryt}@example.org",
            password=PASSWORD,
            assignments=[("gmina_coordinator", gmina)],
        )
        create_strategy(actor=SystemActor("bench"), gmina=gmina, spec=spec)
        create_action_plan(
            actor=coordinator, programme=programme, gmina=gmina, year=2007, as_of=AS_OF
        )


# The bare side: the selector's own rows, as values, as JSON --------------------------------------


@dataclass(frozen=True)
class Bare:
    rows: Callable[[Any], Any]  # user → the selector's queryset
    fields: tuple[str, ...]


def bare_queries() -> dict[str, Bare]:
    from integra.accounts import selectors as accounts
    from integra.action_plans import selectors as action_plans
    from integra.allocations import selectors as allocations
    from integra.audit import selectors as audit
    from integra.catalog import selectors as catalog
    from integra.dashboards import selectors as dashboards
    from integra.programmes import selectors as programmes
    from integra.strategies import selectors as strategy
    from integra.territories import selectors as territories

    gmina = ("gmina__teryt", "gmina__name", "gmina__level")
    return {
        "/api/v1/territories": Bare(
            lambda user: territories.list_territories(user=user),
            (
                "teryt",
                "name",
                "level",
                "gmina_type",
                "parent__teryt",
                "register_on",
                "retired_on",
            ),
        ),
        "/api/v1/participations": Bare(
            lambda user: programmes.list_participations(user=user),
            ("id", "programme__code", *gmina, "status", "selection_rank"),
        ),
        "/api/v1/allocation-runs": Bare(
            lambda user: allocations.list_runs(user=user),
            (
                "id",
                "programme__code",
                "method",
                "indicator",
                "data_year",
                "budget_eur",
                "status",
                "created_at",
                "published_at",
            ),
        ),
        "/api/v1/users": Bare(
            lambda user: accounts.list_users(user=user),
            ("id", "username", "email", "first_name", "last_name", "is_active", "date_joined"),
        ),
        "/api/v1/audit-events": Bare(
            lambda user: audit.list_events(user=user),
            (
                "id",
                "occurred_at",
                "actor_label",
                "action",
                "target_type",
                "target_id",
                "target_repr",
                "territory_teryt",
                "changes",
            ),
        ),
        "/api/v1/target-groups": Bare(
            lambda user: catalog.list_target_groups(), ("code", "name_pl", "name_en", "position")
        ),
        "/api/v1/service-types": Bare(
            lambda user: catalog.list_service_types(),
            ("code", "name_pl", "name_en", "line", "retired_on", "position"),
        ),
        "/api/v1/programmes": Bare(
            lambda user: dashboards.list_programmes(user=user),
            ("code", "name", "budget_eur", "starts_on", "ends_on"),
        ),
        "/api/v1/strategies": Bare(
            lambda user: strategy.list_strategies(user=user),
            ("id", *gmina, "title", "status", "period_from", "period_until"),
        ),
        "/api/v1/action-plans": Bare(
            lambda user: action_plans.list_action_plans(user=user),
            ("id", "programme__code", *gmina, "year"),
        ),
    }


def results_of(run_id: int) -> Bare:
    from integra.allocations.models import AllocationResult

    return Bare(
        lambda user: AllocationResult.objects.filter(run_id=run_id).order_by("gmina__teryt"),
        ("gmina__teryt", "gmina__name", "indicator_value", "amount_eur"),
    )


def list_operations() -> list[str]:
    """GET operations without path parameters answering a list (paged or a plain array)."""
    from integra.api.router import api

    found = []
    for path, operations in api.get_openapi_schema()["paths"].items():
        operation = operations.get("get")
        if operation is None or "{" in path:
            continue
        parameters = {p["name"] for p in operation.get("parameters", [])}
        responses = operation["responses"]
        answer = (responses.get(200) or responses.get("200") or {}).get("content", {})
        schema = answer.get("application/json", {}).get("schema", {})
        if "page_size" in parameters or schema.get("type") == "array":
            found.append(path)
    return found


# Measuring ---------------------------------------------------------------------------------------


def median_ms(call: Callable[[], Any]) -> float:
    call()  # warm-up: imports, caches, the first query plan
    times = []
    for _ in range(CALLS):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def api_call(client: Any, path: str) -> Callable[[], int]:
    def call() -> int:
        response = client.get(path, {"page_size": PAGE})
        if response.status_code != 200:
            raise RuntimeError(f"{path}: {response.status_code} {response.content[:300]!r}")
        body = response.json()
        return len(body["items"]) if isinstance(body, dict) and "items" in body else len(body)

    return call


def bare_call(bare: Bare, user: Any) -> Callable[[], int]:
    def call() -> int:
        rows = list(bare.rows(user).values(*bare.fields)[:PAGE])
        json.dumps(rows, default=str)
        return len(rows)

    return call


def measure() -> list[tuple[str, int, float, float | None]]:
    from django.test import Client

    from integra.accounts.models import User
    from integra.accounts.services.tokens import issue_token
    from integra.allocations.models import AllocationRun
    from integra.core.actors import SystemActor

    admin = User.objects.get(username="admin")
    _token, secret = issue_token(actor=SystemActor("bench"), user=admin, name="bench")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_ACCEPT_LANGUAGE="en")
    bares = bare_queries()
    run = AllocationRun.objects.order_by("pk").first()
    operations = [(path, bares.get(path)) for path in list_operations()]
    operations.append((f"/api/v1/allocation-runs/{run.pk}  (its results)", results_of(run.pk)))
    figures = []
    for label, bare in operations:
        path = label.split()[0]
        if client.get(path).status_code == 403:
            continue  # a list the ministry does not read (the regions' review queue)
        rows = api_call(client, path)()
        if path.endswith(f"/{run.pk}"):
            rows = len(client.get(path).json()["results"])
        api_ms = median_ms(api_call(client, path))
        bare_ms = median_ms(bare_call(bare, admin)) if bare else None
        figures.append((label, rows, api_ms, bare_ms))
    return figures


def report(figures: list[tuple[str, int, float, float | None]]) -> str:
    headers = ("API list (page_size=100)", "rows", "API ms", "bare SQL+JSON ms", "ratio")
    rows = [
        (
            label,
            str(count),
            f"{api_ms:.1f}",
            f"{bare_ms:.1f}" if bare_ms is not None else "—",
            f"{api_ms / bare_ms:.1f}×" if bare_ms else "—",
        )
        for label, count, api_ms, bare_ms in figures
    ]
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    lines = [
        "| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)) + " |",
        "|" + "|".join("-" * (w + 2) for w in widths) + "|",
    ]
    for row in rows:
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


# Running: in a child process of its own, on a copy of the migrated database ----------------------


def run(template: Path) -> str:
    """The table, measured in a fresh process on a copy of `template` (for bench/run_all.py)."""
    with tempfile.TemporaryDirectory(prefix="integra-api-lists-") as folder:
        db = Path(folder) / "api_lists.sqlite3"
        shutil.copy(template, db)
        command = [sys.executable, str(Path(__file__).resolve()), "--db", str(db)]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"bench/api_lists.py failed:\n{done.stderr[-3000:]}")
        return done.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a migrated SQLite copy (else a new one)")
    args = parser.parse_args()
    if args.db is None:
        with tempfile.TemporaryDirectory(prefix="integra-api-lists-") as folder:
            template = harness.migrated_template(Path(folder))
            print(run(template))
        return
    harness.setup_django(args.db)
    started = time.perf_counter()
    register = build_world()
    print(f"built in {time.perf_counter() - started:.0f} s: {register}")
    print(report(measure()))


if __name__ == "__main__":
    main()
