"""The indicator dashboards are computed once per generation of what they are computed from and
read from the cache after that; each kind of write that changes a figure (a contract, a
provider, a target, the ledger, the summary) drops them once it commits, and the cached figures
then equal the computed ones. Readers are still checked first: the cache serves no one an area
outside their scope."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from integra.contracts import services as contract_services
from integra.contracts.tests.factories import contract_terms, selected_offer
from integra.monitoring.models import Indicator
from integra.monitoring.selectors import indicators as ind
from integra.monitoring.services import set_target, summaries
from integra.monitoring.tests.factories import make_monitoring_world

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 12, 4)
UNITS = ["1001022", "1001033"]


@pytest.fixture
def world(personas, small_tree, settings):
    world = make_monitoring_world(personas, small_tree)
    summaries.build(world.programme)
    settings.INTEGRA_CACHE_PUBLIC_PAGES = True
    cache.clear()
    yield world
    cache.clear()


def read(world, user=None, level="10"):
    return ind.dashboard_values(
        user=user or world.people.analyst,
        programme=world.programme,
        period=DAY,
        level=level,
        units=UNITS if level == "10" else ["06", "10"],
    )


def shown(result):
    figures, values = result
    return (
        [(f.code, f.value, f.target) for f in figures],
        {unit: [(f.code, f.value) for f in found] for unit, found in values.items()},
    )


def computed(world, settings, level="10"):
    settings.INTEGRA_CACHE_PUBLIC_PAGES = False
    try:
        return shown(read(world, level=level))
    finally:
        settings.INTEGRA_CACHE_PUBLIC_PAGES = True


def value(result, code):
    return next(f.value for f in result[0] if f.code == code)


def test_a_second_read_asks_the_database_nothing(world, settings):
    first = read(world)
    with CaptureQueriesContext(connection) as queries:
        again = read(world)
    assert len(queries) == 0
    assert shown(again) == shown(first) == computed(world, settings)


def test_a_signed_contract_drops_the_figures(world, settings, django_capture_on_commit_callbacks):
    before = value(read(world), "CONTRACTS")
    with django_capture_on_commit_callbacks(execute=True):
        contract_services.sign_contract(
            actor=world.people.coordinator,
            offer=selected_offer(world, lot_index=1, total=Decimal("100.00")),
            terms=contract_terms(world, value=Decimal("100.00"), service=world.club),
        )
    after = read(world)
    assert value(after, "CONTRACTS") == before + 1
    assert shown(after) == computed(world, settings)


def test_a_new_target_drops_the_figures(world, settings, django_capture_on_commit_callbacks):
    read(world, level="")
    indicator = Indicator.objects.get(code="CONTRACTS")
    with django_capture_on_commit_callbacks(execute=True):
        set_target(
            actor=world.people.admin,
            indicator=indicator,
            programme=world.programme,
            teryt="",
            target=Decimal(1000),
        )
    after = read(world, level="")
    assert next(f.target for f in after[0] if f.code == "CONTRACTS") == Decimal(1000)
    assert shown(after) == computed(world, settings, level="")


def test_a_provider_changing_kind_drops_the_figures(
    world, settings, django_capture_on_commit_callbacks
):
    read(world)
    provider = world.contracts[0].provider
    with django_capture_on_commit_callbacks(execute=True):
        provider.kind = "foundation" if provider.kind != "foundation" else "association"
        provider.save()
    with CaptureQueriesContext(connection) as queries:
        after = read(world)
    assert len(queries) > 0
    assert shown(after) == computed(world, settings)


def test_a_rebuilt_summary_drops_the_figures(world, django_capture_on_commit_callbacks):
    read(world)
    with django_capture_on_commit_callbacks(execute=True):
        summaries.build(world.programme)
    with CaptureQueriesContext(connection) as queries:
        read(world)
    assert len(queries) > 0


def test_each_language_has_its_own_copy(world):
    with translation.override("pl"):
        read(world)
    with translation.override("en"), CaptureQueriesContext(connection) as queries:
        read(world)
    assert len(queries) > 0


def test_the_cache_serves_no_one_outside_their_scope(world):
    read(world, level="10")
    # The coordinator of a gmina of łódzkie may not read the voivodeship, cached or not.
    with pytest.raises(ind.AreaNotVisible):
        read(world, user=world.people.coordinator, level="10")


def test_nothing_is_cached_when_the_cache_is_off(world, settings):
    settings.INTEGRA_CACHE_PUBLIC_PAGES = False
    read(world)
    with CaptureQueriesContext(connection) as queries:
        read(world)
    assert len(queries) > 0
