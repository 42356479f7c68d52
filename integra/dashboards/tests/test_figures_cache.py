"""The programme's figures (overview, map, map data, map API) are computed once per generation of
the programme's data and read from the cache after that — and every write that changes them (a
contract signed, a payment, an amended allocation, a participation, the territory register)
drops them once it commits, so that the cached figures always equal the computed ones."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from integra.allocations import services as allocation_services
from integra.allocations.models import AllocationResult, AllocationRun
from integra.contracts import services as contract_services
from integra.contracts.tests.factories import contract_terms, selected_offer
from integra.core.cache import invalidate
from integra.dashboards import selectors
from integra.dashboards.selectors import GMINA, VOIVODESHIP
from integra.dashboards.tests.factories import publish, run_of
from integra.finance.tests.payments_factories import payment_world
from integra.programmes.models import Participation
from integra.programmes.services import change_participation_status
from integra.territories.models import PUBLIC_PAGES

pytestmark = pytest.mark.django_db


@pytest.fixture
def cache_on(settings):
    settings.INTEGRA_CACHE_PUBLIC_PAGES = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(personas, small_tree, cache_on):
    """A contract signed in 1001022 and the programme's allocation published."""
    world = payment_world(personas, small_tree)
    if not AllocationRun.objects.filter(programme=world.programme, status="published").exists():
        publish(run_of(world.programme))
    return world


def read(world):
    return selectors.programme_figures(user=world.people.analyst, programme=world.programme)


def computed(world, settings):
    """The same figures computed afresh (the cache off for one read)."""
    settings.INTEGRA_CACHE_PUBLIC_PAGES = False
    try:
        return read(world)
    finally:
        settings.INTEGRA_CACHE_PUBLIC_PAGES = True


def gmina_row(figures, teryt="1001022"):
    return next(row for row in figures.gminas if row.teryt == teryt)


def same(cached, fresh) -> None:
    assert cached.participating == fresh.participating
    assert cached.gminas == fresh.gminas
    assert cached.voivodeships == fresh.voivodeships
    assert cached.totals == fresh.totals


def test_a_second_read_asks_the_database_nothing(world):
    first = read(world)
    assert first.gminas
    with CaptureQueriesContext(connection) as queries:
        again = read(world)
    assert len(queries) == 0
    same(again, first)


def test_signing_a_contract_drops_the_figures_once_committed(
    world, settings, django_capture_on_commit_callbacks
):
    before = gmina_row(read(world)).committed_eur
    with django_capture_on_commit_callbacks(execute=True):
        contract_services.sign_contract(
            actor=world.people.coordinator,
            offer=selected_offer(world, lot_index=1, total=Decimal("5000.00")),
            terms=contract_terms(world, value=Decimal("5000.00"), service=world.club),
        )
    after = read(world)
    assert gmina_row(after).committed_eur > before
    same(after, computed(world, settings))


def test_an_amended_allocation_drops_the_figures(
    world, settings, django_capture_on_commit_callbacks
):
    before = gmina_row(read(world)).services
    run = AllocationRun.objects.get(programme=world.programme, status="published")
    result = AllocationResult.objects.get(run=run, gmina=world.gmina)
    with django_capture_on_commit_callbacks(execute=True):
        allocation_services.amend_allocation(
            actor=world.people.admin,
            run=run,
            gmina=world.gmina,
            amount_eur=result.amount_eur - Decimal(1000),
            reason="Korekta po kontroli",
            lock_version=result.lock_version,
        )
    after = read(world)
    assert gmina_row(after).services < before
    same(after, computed(world, settings))


def test_a_withdrawn_gmina_drops_the_figures(world, settings, django_capture_on_commit_callbacks):
    before = read(world).participating
    participation = Participation.objects.get(programme=world.programme, gmina__teryt="0601022")
    with django_capture_on_commit_callbacks(execute=True):
        change_participation_status(
            actor=world.people.admin,
            participation=participation,
            to=Participation.Status.WITHDRAWN,
            reason="Rezygnacja rady gminy",
        )
    after = read(world)
    assert after.participating == before - 1
    same(after, computed(world, settings))


def test_a_change_of_the_territory_register_drops_the_figures(
    world, django_capture_on_commit_callbacks
):
    read(world)
    with django_capture_on_commit_callbacks(execute=True):
        invalidate(PUBLIC_PAGES)  # what every territory import does
    with CaptureQueriesContext(connection) as queries:
        read(world)
    assert len(queries) > 0


def test_a_write_that_rolls_back_keeps_the_cached_figures(world):
    first = read(world)
    with pytest.raises(RuntimeError), transaction.atomic():
        contract_services.sign_contract(
            actor=world.people.coordinator,
            offer=selected_offer(world, lot_index=1, total=Decimal("5000.00")),
            terms=contract_terms(world, value=Decimal("5000.00"), service=world.club),
        )
        raise RuntimeError
    with CaptureQueriesContext(connection) as queries:
        again = read(world)
    assert len(queries) == 0
    same(again, first)


def twice_then_fresh(client, url, settings):
    """The answer read twice with the cache on (the second from the cache), then computed."""
    cached_once, cached_twice = client.get(url), client.get(url)
    settings.INTEGRA_CACHE_PUBLIC_PAGES = False
    fresh = client.get(url)
    assert cached_once.status_code == cached_twice.status_code == fresh.status_code == 200
    return cached_twice, fresh


@pytest.mark.parametrize("level", [GMINA, VOIVODESHIP])
def test_the_cached_map_data_is_the_computed_map(world, settings, signed_in, level):
    client = signed_in(world.people.analyst)
    url = f"/programy/{world.programme.code}/mapa/dane.json?level={level}"
    cached_twice, fresh = twice_then_fresh(client, url, settings)
    assert cached_twice["Content-Type"] == "application/json"
    assert json.loads(cached_twice.content) == json.loads(fresh.content)
    assert json.loads(fresh.content)["features"] or json.loads(fresh.content)["unmapped"]


@pytest.mark.parametrize("level", [GMINA, VOIVODESHIP])
def test_the_cached_map_api_is_the_computed_one(world, settings, api_as, level):
    client = api_as(world.people.analyst)
    url = f"/api/v1/programmes/{world.programme.code}/allocation-map?level={level}"
    cached_twice, fresh = twice_then_fresh(client, url, settings)
    assert cached_twice.content == fresh.content
    body = json.loads(fresh.content)
    assert body["level"] == level
    assert body["programme"] == world.programme.code
    # Amounts are written as the API writes every decimal (strings), as before the cache.
    units = body["features"] + [{"properties": unit} for unit in body["unmapped"]]
    assert all(isinstance(unit["properties"]["amount_eur"], str) for unit in units)


def test_a_reader_outside_the_ministry_is_never_served_the_cached_figures(world):
    read(world)
    figures = selectors.programme_figures(user=world.people.consultant, programme=world.programme)
    assert figures.cache_key == ""


def test_the_ministry_sees_the_computed_figures_when_the_cache_is_off(world, settings):
    settings.INTEGRA_CACHE_PUBLIC_PAGES = False
    with CaptureQueriesContext(connection) as queries:
        figures = read(world)
    assert figures.cache_key == ""
    assert len(queries) > 0
