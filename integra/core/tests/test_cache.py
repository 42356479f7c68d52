"""Cached public data: computed once per generation of its group, dropped after the write that
changes it commits (never before), and computed each time when the cache is off."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import transaction

from integra.core.cache import cached, invalidate


@pytest.fixture(autouse=True)
def cache_on(settings):
    settings.INTEGRA_CACHE_PUBLIC_PAGES = True
    cache.clear()
    yield
    cache.clear()


def counter():
    calls = []

    def build():
        calls.append(1)
        return len(calls)

    return build


@pytest.mark.django_db(transaction=True)
def test_a_value_is_built_once_until_its_group_is_invalidated():
    build = counter()
    assert cached("g", "k", build) == 1
    assert cached("g", "k", build) == 1
    assert cached("other", "k", build) == 2
    invalidate("g")  # outside a transaction: at once
    assert cached("g", "k", build) == 3


@pytest.mark.django_db(transaction=True)
def test_invalidation_waits_for_the_commit():
    build = counter()
    cached("g", "k", build)
    with transaction.atomic():
        invalidate("g")
        assert cached("g", "k", build) == 1  # the write is not visible yet: nor is its effect
    assert cached("g", "k", build) == 2


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_write_keeps_the_cache():
    build = counter()
    cached("g", "k", build)
    with pytest.raises(RuntimeError), transaction.atomic():
        invalidate("g")
        raise RuntimeError
    assert cached("g", "k", build) == 1


@pytest.mark.django_db
def test_off_means_computed_each_time(settings):
    settings.INTEGRA_CACHE_PUBLIC_PAGES = False
    build = counter()
    assert [cached("g", "k", build) for _ in range(3)] == [1, 2, 3]


@pytest.mark.django_db(transaction=True)
def test_a_value_computed_from_other_groups_is_dropped_with_any_of_them():
    build = counter()
    assert cached("g", "k", build, also=("h",)) == 1
    assert cached("g", "k", build, also=("h",)) == 1
    invalidate("h")
    assert cached("g", "k", build, also=("h",)) == 2
    invalidate("g")
    assert cached("g", "k", build, also=("h",)) == 3


@pytest.mark.django_db(transaction=True)
def test_a_new_release_computes_its_own_values_and_the_old_ones_writes_still_drop_them(
    settings,
):
    build = counter()
    settings.INTEGRA_RELEASE = "a"
    assert cached("g", "k", build) == 1
    settings.INTEGRA_RELEASE = "b"
    assert cached("g", "k", build) == 2  # never the other release's pickled value
    assert cached("g", "k", build) == 2
    invalidate("g")  # written by either release: the generation is shared
    assert cached("g", "k", build) == 3
