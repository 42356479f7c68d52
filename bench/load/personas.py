"""The accounts of the load test (bench/load/locustfile.py), scoped to a scale programme.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/load_x10 \\
        .venv/bin/python bench/load/personas.py --out /tmp/personas.json

Creates, through the accounts' services (never by hand), one account per simulated user, since a
one-time code is accepted once per device and window and every user signs in at the same time:
- gmina coordinators of the scale programme's gminas, each with an open draft of its 2008 plan
  (an update of the approved version) and a draft progress report of 2008-Q4 to describe;
- regional consultants over about 40 gminas each (their portfolio), with a TOTP device;
- ministry analysts (the country), with a TOTP device;
- API clients: ministry analysts with a read-only Bearer token.
Writes what locust needs (usernames, the password, base32 TOTP keys, tokens, the ids and codes of
the pages) as JSON. Idempotent: existing accounts are reused; tokens are issued afresh each run.
Refuses a database without a scale programme (`manage.py make_scale_data --factor N` first).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402

from integra.accounts.demo import demo_second_factor  # noqa: E402
from integra.accounts.models import User  # noqa: E402
from integra.accounts.services import create_user  # noqa: E402
from integra.accounts.services.tokens import issue_token  # noqa: E402
from integra.action_plans.models import ActionPlan, PlanVersion  # noqa: E402
from integra.action_plans.services.updates import start_plan_update  # noqa: E402
from integra.core.actors import SystemActor  # noqa: E402
from integra.core.roles import Role  # noqa: E402
from integra.monitoring.models import ProgressReport  # noqa: E402
from integra.monitoring.services.reports import create_report  # noqa: E402
from integra.programmes.models import Programme  # noqa: E402
from integra.territories.models import Territory  # noqa: E402

SYSTEM = SystemActor("bench/load/personas.py")
PASSWORD = "load-test-passphrase-integra-2026"
PORTFOLIO = 40  # gminas per consultant: a consultant's realistic portfolio
PLAN_YEAR, UPDATE_AS_OF = 2008, dt.date(2008, 9, 30)
REPORT_PERIOD = "2008-Q4"


def scale_programme(code: str | None) -> Programme:
    programmes = Programme.objects.filter(code__startswith="SCALE-")
    chosen = programmes.filter(code=code) if code else programmes.order_by("-budget_eur")
    programme = chosen.first()
    if programme is None:
        raise SystemExit("No scale programme: run `manage.py make_scale_data --factor N` first.")
    return programme


def account(username: str, role: str, territories: list[Territory]) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = create_user(
            actor=SYSTEM,
            username=username,
            email=f"{username}@load.invalid",
            password=PASSWORD,
            assignments=[(role, t) for t in territories],
        )
    return user


@transaction.atomic
def clerk(gmina: Territory, programme: Programme) -> dict[str, Any]:
    user = account(f"load.gmina.{gmina.teryt}", Role.GMINA_COORDINATOR, [gmina])
    plan = ActionPlan.objects.get(programme=programme, gmina=gmina, year=PLAN_YEAR)
    draft = plan.versions.filter(status=PlanVersion.Status.DRAFT).first()
    if draft is None:
        draft = start_plan_update(actor=user, plan=plan, as_of=UPDATE_AS_OF)
    report = ProgressReport.objects.filter(
        programme=programme, gmina=gmina, period=REPORT_PERIOD
    ).first() or create_report(actor=user, programme=programme, gmina=gmina, period=REPORT_PERIOD)
    return {
        "username": user.username,
        "teryt": gmina.teryt,
        "plan": plan.pk,
        "draft": draft.number,
        "report": report.pk,
    }


def second_factor_user(username: str, role: str, territories: list[Territory]) -> dict[str, Any]:
    user = account(username, role, territories)
    return {"username": username, "totp": demo_second_factor(actor=SYSTEM, user=user)}


def build(programme: Programme, counts: dict[str, int]) -> dict[str, Any]:
    gminas = list(
        Territory.objects.filter(participations__programme=programme).order_by("teryt").distinct()
    )
    voivodeships = sorted({g.teryt[:2] for g in gminas})
    step = max(1, len(gminas) // max(1, counts["clerks"]))
    clerks = [clerk(g, programme) for g in gminas[::step][: counts["clerks"]]]
    consultants = []
    for n in range(counts["consultants"]):
        portfolio = gminas[n * PORTFOLIO : (n + 1) * PORTFOLIO] or gminas[:PORTFOLIO]
        # Named by programme: an account made for another scale programme covers other gminas.
        username = f"load.consultant.{programme.code.lower()}.{n}"
        person = second_factor_user(username, Role.REGIONAL_CONSULTANT, portfolio)
        consultants.append(person | {"gminas": [g.teryt for g in portfolio[:5]]})
    country = Territory.objects.get(level=Territory.Level.COUNTRY)
    analysts = [
        second_factor_user(f"load.analyst.{n}", Role.MINISTRY_ANALYST, [country])
        for n in range(counts["analysts"])
    ]
    api = []
    for n in range(counts["api"]):
        user = account(f"load.api.{n}", Role.MINISTRY_ANALYST, [country])
        _token, secret = issue_token(actor=SYSTEM, user=user, name="load test", read_only=True)
        api.append({"username": user.username, "token": secret})
    return {
        "programme": programme.code,
        "voivodeships": voivodeships,
        "gminas": [g.teryt for g in gminas[:: max(1, len(gminas) // 200)]],
        "password": PASSWORD,
        "clerks": clerks,
        "consultants": consultants,
        "analysts": analysts,
        "api": api,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="where to write the personas (JSON)")
    parser.add_argument("--programme", help="the scale programme's code (the largest by default)")
    for name, default in (("clerks", 30), ("consultants", 12), ("analysts", 10), ("api", 8)):
        parser.add_argument(f"--{name}", type=int, default=default)
    args = parser.parse_args()
    counts = {k: getattr(args, k) for k in ("clerks", "consultants", "analysts", "api")}
    personas = build(scale_programme(args.programme), counts)
    Path(args.out).write_text(json.dumps(personas, indent=1))
    print(
        f"{personas['programme']}: {len(personas['clerks'])} clerks, "
        f"{len(personas['consultants'])} consultants, {len(personas['analysts'])} analysts, "
        f"{len(personas['api'])} API clients → {args.out}"
    )


if __name__ == "__main__":
    main()
