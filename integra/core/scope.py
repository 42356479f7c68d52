"""Territorial scope as TERYT prefixes: a unit's scope is its code and every code that starts
with it ('' is the whole country). Apps narrow querysets with `prefix_q`, never importing accounts.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q


def prefix_q(field: str, prefixes: Iterable[str]) -> Q:
    """A filter matching rows whose `field` (a TERYT code) lies under any of the prefixes.

    No prefix means nothing is visible; the empty prefix (the country) means everything.
    """
    prefixes = sorted(set(prefixes))
    if "" in prefixes:
        return Q()
    if not prefixes:
        return Q(pk__in=[])
    query = Q()
    for prefix in _minimal(prefixes):
        query |= Q(**{f"{field}__startswith": prefix})
    return query


def covers(prefixes: Iterable[str], teryt: str) -> bool:
    return any(teryt.startswith(prefix) for prefix in prefixes)


def _minimal(prefixes: list[str]) -> list[str]:
    """Drop prefixes already covered by a shorter one (sorted input puts parents first)."""
    kept: list[str] = []
    for prefix in prefixes:
        if not any(prefix.startswith(parent) for parent in kept):
            kept.append(prefix)
    return kept
