"""The dashboards at scale (issue 14 item 5, issue 12 item 8): printed, never asserted.

Run it against a database that holds the volume (PostgreSQL for the figures of
docs/benchmarks.md), e.g. `scale_x1` or `scale_x10` (`seed_demo`, then
`make_scale_data --factor N`):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/scale_x10 .venv/bin/python bench/dashboards.py

What it measures, through Django's test client (pages as a signed-in user with the second
factor, the API through a Bearer token), on the largest programme of the database (SCALE-N):
- the national indicator dashboard and a voivodeship's (the first synthetic one), as a ministry
  admin: the page and `/api/v1/dashboards/…`;
- the consultant's portfolio board (the demo's consultant of łódzkie: the 37 gminas of PIS-2006
  in the voivodeship), the page and `/api/v1/dashboards/board`;
- the allocation map's data (GeoJSON of every gmina) and `/api/v1/programmes/{code}/allocation-map`;
each as p50/p95 of N requests after a warm-up, beside its **bare SQL**: every SELECT the request
ran (captured once), replayed through the cursor — the database's share of the request — and
the ratio of the p95s. Then how the people-reached aggregate (the largest of the indicators)
grows with the rows of reach it reads: one powiat, one voivodeship, the whole programme.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Sum  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import translation  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from integra.accounts.models import User  # noqa: E402
from integra.accounts.services.tokens import issue_token  # noqa: E402
from integra.contracts.models import ReportReach  # noqa: E402
from integra.core.actors import SystemActor  # noqa: E402
from integra.programmes.models import Programme  # noqa: E402
from integra.territories.models import Territory  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "20"))
CONSULTANT = "konsultant.lodzkie"


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * len(ordered)) - 1)]
    return statistics.median(ordered), p95


def user_with(role: str = "", username: str = "") -> User:
    users = User.objects.order_by("pk")
    found = (
        users.filter(username=username).first()
        if username
        else users.filter(assignments__role=role).first()
    )
    if found is None:
        sys.exit("No demo users: run `manage.py seed_demo` first.")
    return found


def page_client(user: User) -> Client:
    client = Client()
    client.cookies["django_language"] = "pl"
    client.force_login(user)
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, name="bench", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def api_client(user: User) -> Client:
    _token, secret = issue_token(actor=SystemActor("bench"), user=user, name="bench-dashboards")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_ACCEPT_LANGUAGE="en")


def timed(call: Callable[[], object]) -> list[float]:
    call()  # warm-up
    samples = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def request(client: Client, url: str, query: dict[str, str]) -> Callable[[], object]:
    def call() -> object:
        response = client.get(url, query)
        assert response.status_code == 200, (url, response.status_code)
        return b"".join(response) if response.streaming else response.content

    return call


def captured_selects(call: Callable[[], object]) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        call()
    return [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].lstrip().upper().startswith("SELECT")
    ]


def bare(selects: list[str]) -> Callable[[], object]:
    """The request's SELECTs replayed through the cursor (the SQL as the database logged it:
    parameters inlined), every row fetched."""

    def call() -> object:
        with connection.cursor() as cursor:
            for sql in selects:
                cursor.execute(sql)
                cursor.fetchall()
        return None

    return call


def line(name: str, page: tuple[float, float], sql: tuple[float, float], queries: int) -> str:
    ratio = page[1] / sql[1] if sql[1] else float("nan")
    return (
        f"{name:<52} {page[0]:8.1f} {page[1]:8.1f} {sql[0]:9.1f} {sql[1]:9.1f} "
        f"{ratio:5.1f}× {queries:>4}"
    )


def dashboards(programme: Programme) -> None:
    admin = user_with(role="ministry_admin")
    consultant = user_with(username=CONSULTANT)
    pages, api = page_client(admin), api_client(admin)
    board_pages, board_api = page_client(consultant), api_client(consultant)
    voivodeship = (
        Territory.objects.filter(
            level=Territory.Level.VOIVODESHIP, pk__in=programme.voivodeships.values("pk")
        )
        .order_by("teryt")
        .values_list("teryt", flat=True)
        .first()
        or "10"
    )
    code = programme.code
    board_programme = "PIS-2006"
    which = {"programme": code}
    cases = [
        ("national indicators, page", pages, reverse("dashboards:indicators-national"), which),
        ("national indicators, API", api, "/api/v1/dashboards/national", which),
        (
            f"voivodeship {voivodeship} indicators, page",
            pages,
            reverse("dashboards:indicators-voivodeship", args=[voivodeship]),
            which,
        ),
        (
            f"voivodeship {voivodeship} indicators, API",
            api,
            f"/api/v1/dashboards/voivodeships/{voivodeship}",
            which,
        ),
        (
            f"board ({CONSULTANT}, {board_programme}), page",
            board_pages,
            reverse("dashboards:board"),
            {"programme": board_programme},
        ),
        (
            f"board ({CONSULTANT}, {board_programme}), API",
            board_api,
            "/api/v1/dashboards/board",
            {"programme": board_programme},
        ),
        (
            "allocation map data (gminas), page's JSON",
            pages,
            reverse("dashboards:allocation-map-data", args=[code]),
            {},
        ),
        ("allocation map, API", api, f"/api/v1/programmes/{code}/allocation-map", {}),
    ]
    print(
        f"{'request (' + code + ')':<52} {'p50 ms':>8} {'p95 ms':>8} {'SQL p50':>9} "
        f"{'SQL p95':>9} ratio  SQLs"
    )
    for name, client, url, query in cases:
        call = request(client, url, query)
        selects = captured_selects(call)
        print(line(name, percentiles(timed(call)), percentiles(timed(bare(selects))), len(selects)))


def reach_growth(programme: Programme) -> None:
    """The people-reached aggregate of the indicators (monitoring.selectors.indicators._people)
    over more and more rows: a powiat, a voivodeship, the whole programme."""
    voivodeship = (
        programme.voivodeships.order_by("teryt").values_list("teryt", flat=True).first() or ""
    )
    today = dt.date.today()
    print(f"\npeople reached over the rows of reach ({programme.code}):")
    print(f"{'area':<28} {'rows':>10} {'p50 ms':>8} {'p95 ms':>8}")
    for name, prefix in (
        (f"powiat {voivodeship}01", f"{voivodeship}01"),
        (f"voivodeship {voivodeship}", voivodeship),
        ("the whole programme", ""),
    ):
        reach = ReportReach.objects.filter(
            report__status="accepted",
            report__contract__programme=programme,
            report__contract__gmina__teryt__startswith=prefix,
            report__accepted_at__date__lte=today,
        )
        rows = reach.count()

        def call(reach: object = reach) -> object:
            return list(
                reach.values_list(  # type: ignore[attr-defined]
                    "report__contract__gmina__teryt", "group__code", "sex", "age_band"
                ).annotate(Sum("people"))
            )

        p50, p95 = percentiles(timed(call))
        print(f"{name:<28} {rows:>10,} {p50:8.1f} {p95:8.1f}")


def main() -> None:
    translation.activate("pl")
    programme = (
        Programme.objects.filter(code__startswith="SCALE-").order_by("-budget_eur").first()
        or Programme.objects.order_by("-budget_eur").first()
    )
    if programme is None:
        sys.exit("No programme: run `manage.py seed_demo` (and make_scale_data) first.")
    print(
        f"{connection.vendor}, {ReportReach.objects.count():,} rows of reach in the database, "
        f"{REQUESTS} requests a figure"
    )
    dashboards(programme)
    reach_growth(programme)
    print(f"measured on {dt.date.today().isoformat()}")


if __name__ == "__main__":
    main()
