"""The limiter of anonymous writes: a count per scope, client and fixed window, in the cache."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from integra.core import ratelimit


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_a_client_gets_its_limit_per_window_and_then_a_refusal():
    hits = [ratelimit.hit("s", "1.2.3.4", limit=3, window=60, now=120.0) for _ in range(4)]
    assert hits == [True, True, True, False]


def test_the_next_window_starts_a_new_count():
    for _ in range(3):
        ratelimit.hit("s", "1.2.3.4", limit=3, window=60, now=120.0)
    assert not ratelimit.hit("s", "1.2.3.4", limit=3, window=60, now=179.9)
    assert ratelimit.hit("s", "1.2.3.4", limit=3, window=60, now=180.0)


def test_clients_and_scopes_count_apart():
    assert ratelimit.hit("s", "1.2.3.4", limit=1, window=60, now=0.0)
    assert not ratelimit.hit("s", "1.2.3.4", limit=1, window=60, now=0.0)
    assert ratelimit.hit("s", "1.2.3.5", limit=1, window=60, now=0.0)
    assert ratelimit.hit("other", "1.2.3.4", limit=1, window=60, now=0.0)


def test_a_count_that_expired_between_add_and_incr_starts_again(monkeypatch):
    def gone(key):
        raise ValueError(key)

    monkeypatch.setattr(cache, "incr", gone)
    assert ratelimit.hit("s", "1.2.3.4", limit=1, window=60, now=0.0)


def test_the_client_is_the_address_django_sees_never_a_header():
    request = RequestFactory().post(
        "/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="198.51.100.9"
    )
    assert ratelimit.client_address(request) == "192.0.2.1"
    request.META.pop("REMOTE_ADDR")
    assert ratelimit.client_address(request) == "unknown"


def test_public_posts_are_refused_with_429_past_the_settings(settings):
    settings.INTEGRA_PUBLIC_POSTS_PER_WINDOW = 2
    settings.INTEGRA_PUBLIC_WINDOW_SECONDS = 300
    request = RequestFactory().post("/", REMOTE_ADDR="192.0.2.1")
    ratelimit.require_public_post(request)
    ratelimit.require_public_post(request)
    with pytest.raises(ratelimit.TooManyRequests) as refusal:
        ratelimit.require_public_post(request)
    assert refusal.value.status == 429
    assert refusal.value.code == "throttled"
    assert "at most 2 in 5 minutes" in refusal.value.message
