"""Cached reads for expensive public pages, dropped by the writes that change them.

A page caches the *data* it computes (counts, sums, outlines), never its HTML: every page carries
its own CSP nonce and CSRF token. Values live in named groups; a write that changes a group's
data calls `invalidate(group)` (after its transaction commits), which moves the group to a new
generation so that every cached value of the old one is simply never read again (and expires).
The cache is Redis with INTEGRA_CACHE_URL (shared by every app server), the process's memory in
the embedded mode; INTEGRA_CACHE_PUBLIC_PAGES=false turns it off (the tests do).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

TIMEOUT_SECONDS = 3600


def _generation_key(group: str) -> str:
    return f"integra:generation:{group}"


def generation(group: str) -> str:
    key = _generation_key(group)
    current = cache.get(key)
    if current is None:
        cache.add(key, uuid.uuid4().hex, None)
        current = cache.get(key)
    return str(current)


def programme_group(programme_id: int) -> str:
    """The group of a programme's computed figures (its dashboards and maps): dropped by the
    writes that change them — a published or amended allocation, a participation, the measures
    kept with contracts, reports and payments."""
    return f"programme:{programme_id}"


def cache_key(group: str, key: str, also: tuple[str, ...] = ()) -> str | None:
    """`key` with the current generations of `group` and of the groups in `also` — read *before*
    the data they guard, so that a value built across a write is stored under a generation
    already dropped —, or None when the cache is off. For `remembered`."""
    if not settings.INTEGRA_CACHE_PUBLIC_PAGES:
        return None
    generations = ":".join(generation(name) for name in (group, *also))
    return f"{group}:{generations}:{key}"


def remembered[T](key: str, build: Callable[[], T], timeout: int = TIMEOUT_SECONDS) -> T:
    """`build()`'s value under `key` (a key that holds its generations: see `cache_key`) and the
    release's name: values are pickled objects of this release's code."""
    full_key = f"integra:data:{settings.INTEGRA_RELEASE}:{key}"
    value = cache.get(full_key)
    if value is None:
        value = build()
        cache.set(full_key, value, timeout)
    return value  # type: ignore[no-any-return]


def cached[T](
    group: str,
    key: str,
    build: Callable[[], T],
    timeout: int = TIMEOUT_SECONDS,
    also: tuple[str, ...] = (),
) -> T:
    """`build()`'s value, computed once per generation of `group` — and of each group in `also`,
    the other data it is computed from (or every time when off)."""
    full_key = cache_key(group, key, also)
    if full_key is None:
        return build()
    return remembered(full_key, build, timeout)


def invalidate(group: str) -> None:
    """Forget every cached value of `group` once the current transaction commits (at once
    outside one): a reader never caches data the write has not yet made visible."""
    transaction.on_commit(lambda: cache.set(_generation_key(group), uuid.uuid4().hex, None))
