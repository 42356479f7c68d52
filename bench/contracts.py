"""Procurement at scale (issue 12 item 8): printed, never asserted.

Run it against a database that holds the volume (PostgreSQL for the figures of
docs/benchmarks.md), e.g. after `seed_demo` (10,500 contracts) and `make_scale_data --factor 9`
(another 94,500: about 100,000):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/integra_x .venv/bin/python bench/contracts.py

What it measures, as a ministry admin (the national register) through Django's test client:
- the contracts register's first page and a filtered page (status "in delivery", one
  voivodeship): p50/p95 of 50 requests, beside the bare SQL of the same page (its rows and its
  count, through the cursor) and the ratio;
- the register's XLSX export of every row: time, Python peak (tracemalloc) and RSS high-water;
- signing under the lock: annexes (the same money guard and row locks as a signature) on
  contracts in delivery, each the contract's own terms one cent lower, one after another —
  contracts per second (one worker: the bench starts no parallel workers).
"""

from __future__ import annotations

import datetime as dt
import os
import resource
import statistics
import sys
import time
import tracemalloc
from decimal import ROUND_DOWN, Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import translation  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from integra.accounts.models import User  # noqa: E402
from integra.contracts import services  # noqa: E402
from integra.contracts.filters import Selection  # noqa: E402
from integra.contracts.models import Contract  # noqa: E402
from integra.contracts.rules import (  # noqa: E402
    BeneficiariesInput,
    ContractTerms,
    InstalmentInput,
    ReportDueInput,
    ShareInput,
)
from integra.contracts.selectors.registers import contracts_register  # noqa: E402
from integra.contracts.services.contracts import advance_percent  # noqa: E402
from integra.core.actors import SystemActor  # noqa: E402
from integra.core.errors import DomainError  # noqa: E402

REQUESTS = 50
PAGE = 50


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * len(ordered)) - 1)]
    return statistics.median(ordered), p95


def admin_client() -> tuple[Client, User]:
    user = User.objects.filter(assignments__role="ministry_admin").order_by("pk").first()
    if user is None:
        sys.exit("No ministry admin: run `manage.py seed_demo` first.")
    client = Client()
    client.cookies["django_language"] = "pl"
    client.force_login(user)
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, name="bench", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client, user


def timed_requests(client: Client, url: str, query: dict[str, str]) -> list[float]:
    client.get(url, query)  # warm-up
    samples = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        response = client.get(url, query)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    return samples


def timed_bare(user: User, selection: Selection) -> list[float]:
    """The page's rows and its count, as SQL through the cursor (no model, no template)."""
    rows = contracts_register(user=user, selection=selection).rows
    page_sql, page_params = rows[:PAGE].query.sql_with_params()
    count_sql, count_params = rows.order_by().values("pk").query.sql_with_params()
    count_sql = f"SELECT COUNT(*) FROM ({count_sql}) counted"
    samples = []
    with connection.cursor() as cursor:
        for _ in range(REQUESTS + 1):
            started = time.perf_counter()
            cursor.execute(page_sql, page_params)
            cursor.fetchall()
            cursor.execute(count_sql, count_params)
            cursor.fetchall()
            samples.append((time.perf_counter() - started) * 1000)
    return samples[1:]


def register_figures(client: Client, user: User) -> None:
    url = reverse("contracts:register", args=["umowy"])
    busiest = (
        Contract.objects.values_list("gmina__teryt", flat=True).order_by("gmina__teryt").first()
        or "10"
    )[:2]
    cases = [
        ("first page", {}, Selection()),
        (
            f"filtered: in delivery, voivodeship {busiest}",
            {"status": "in_delivery", "voivodeship": busiest},
            Selection(status="in_delivery", voivodeship=busiest),
        ),
    ]
    print(f"contracts: {Contract.objects.count():,}  ({connection.vendor})")
    print(
        f"{'register page':<44} {'p50 ms':>8} {'p95 ms':>8} {'bare p50':>9} {'bare p95':>9} ratio"
    )
    for name, query, selection in cases:
        page = percentiles(timed_requests(client, url, query))
        bare = percentiles(timed_bare(user, selection))
        print(
            f"{name:<44} {page[0]:8.1f} {page[1]:8.1f} {bare[0]:9.1f} {bare[1]:9.1f} "
            f"{page[1] / bare[1] if bare[1] else float('nan'):5.1f}×"
        )


def export_figures(client: Client) -> None:
    url = reverse("contracts:register-export", args=["umowy", "xlsx"])
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    response = client.get(url)
    body = b"".join(response) if response.streaming else response.content
    seconds = time.perf_counter() - started
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    tracemalloc.start()
    response = client.get(url)
    body = b"".join(response) if response.streaming else response.content
    peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
    tracemalloc.stop()
    print(
        f"XLSX export of every contract: {seconds:.1f} s, {len(body) / 1024 / 1024:.1f} MiB file, "
        f"Python peak {peak:.0f} MiB, RSS high-water {rss_before:.0f} → {rss_after:.0f} MiB"
    )


CENT = Decimal("0.01")


def _less_a_cent(amounts: list[Decimal], where: int) -> list[Decimal]:
    return [a - CENT if n == where else a for n, a in enumerate(amounts)]


def _largest(amounts: list[Decimal], among: list[int]) -> int:
    return max(among or range(len(amounts)), key=lambda n: (amounts[n], n))


def _schedule(contract: Contract, value: Decimal) -> tuple[InstalmentInput, ...]:
    """The contract's schedule for a value one cent lower, as the rules want it: the cent off
    the largest instalment after the advance, and the advance held within the programme's
    percentage of the new value (an advance of exactly 30 % of the old value is above 30 % of a
    value one cent lower — why the bench's earlier rebuild was refused as incomplete)."""
    instalments = list(contract.instalments.all())
    amounts = [i.amount_pln for i in instalments]
    later = [n for n, i in enumerate(instalments) if not i.is_advance]
    amounts = _less_a_cent(amounts, _largest(amounts, later))
    limit = (value * advance_percent(contract.programme) / 100).quantize(CENT, ROUND_DOWN)
    advances = [n for n in range(len(amounts)) if n not in later]
    over = sum((amounts[n] for n in advances), Decimal(0)) - limit
    if over > 0 and later:
        amounts[_largest(amounts, advances)] -= over
        amounts[_largest(amounts, later)] += over
    return tuple(
        InstalmentInput(i.due_on, amount, i.is_advance)
        for i, amount in zip(instalments, amounts, strict=True)
    )


def annex_terms(contract: Contract) -> ContractTerms:
    """The contract's own terms with its value one cent lower: every share kept (the cent off
    the largest), the schedule rebuilt within the advance limit, beneficiaries and reports as
    they are."""
    value = contract.value_pln - CENT
    shares = list(contract.services.all())
    amounts = [s.amount_pln for s in shares]
    amounts = _less_a_cent(amounts, _largest(amounts, []))
    return ContractTerms(
        kind=contract.kind,
        number=contract.number,
        signed_on=contract.signed_on,
        gmina_representative=contract.gmina_representative,
        provider_representative=contract.provider_representative,
        starts_on=contract.starts_on,
        ends_on=contract.ends_on,
        value_pln=value,
        shares=tuple(ShareInput(s.service_key, a) for s, a in zip(shares, amounts, strict=True)),
        instalments=_schedule(contract, value),
        beneficiaries=tuple(
            BeneficiariesInput(b.group, b.people) for b in contract.beneficiaries.all()
        ),
        reports=tuple(ReportDueInput(r.kind, r.due_on) for r in contract.reports.all()),
    )


def signing_figures(count: int = 30) -> None:
    """Annexes lowering a contract's value by one cent (the money guard, its row locks and the
    audit event, as a signature), one after another: contracts per second under the lock."""
    actor = SystemActor("bench/contracts.py")
    contracts = list(
        Contract.objects.filter(status=Contract.Status.IN_DELIVERY)
        .select_related("programme", "gmina", "provider")
        .prefetch_related("services", "instalments", "beneficiaries__group", "reports")
        .order_by("pk")[:count]
    )
    if not contracts:
        print("signing: no contract in delivery to annex")
        return
    done, refused = 0, 0
    started = time.perf_counter()
    for contract in contracts:
        try:
            services.amend_contract(
                actor=actor,
                contract=contract,
                terms=annex_terms(contract),
                reason="Pomiar: obniżenie wartości o 1 grosz.",
                lock_version=contract.lock_version,
            )
            done += 1
        except DomainError as error:  # a bench reports, never stops
            refused += 1
            problems = "; ".join(p.message for p in getattr(error, "problems", []))
            print(f"  annex of {contract.number} refused: {error.message} {problems}")
    seconds = time.perf_counter() - started
    if done:
        print(
            f"signing under the lock ({connection.vendor}, one worker): {done} contracts "
            f"annexed in {seconds:.2f} s = {done / seconds:.1f} contracts per second "
            f"({seconds / done * 1000:.0f} ms each); {refused} refused"
        )


def main() -> None:
    translation.activate("pl")
    client, user = admin_client()
    register_figures(client, user)
    export_figures(client)
    signing_figures()
    print(f"measured on {dt.date.today().isoformat()}")


if __name__ == "__main__":
    main()
