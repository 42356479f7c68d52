"""Where the consultant's board learns that a gmina's settlement is missing, beyond its contracts:
a registry that the app holding settlements (finance, once it settles a year) fills in its
AppConfig.ready, so that the board (dashboards, above it) asks without importing it.

A source is `source(programme, gmina_ids, as_of) -> {gmina_id: [Missing, ...]}` and must run a
fixed number of queries whatever the number of gminas (the board's query count stays flat).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Missing:
    """One settlement missing: what it is (a sentence) and where to fix it (a URL)."""

    text: str
    href: str


Source = Callable[[Any, Iterable[int], dt.date], dict[int, list[Missing]]]
SOURCES: dict[str, Source] = {}


def register(key: str, source: Source) -> None:
    """Add or replace a source by its key (a re-run of ready() changes nothing)."""
    SOURCES[key] = source


def missing(programme: Any, gmina_ids: Iterable[int], as_of: dt.date) -> dict[int, list[Missing]]:
    """What every registered source finds missing, per gmina."""
    ids = list(gmina_ids)
    found: dict[int, list[Missing]] = {}
    for key in sorted(SOURCES):
        for gmina_id, items in SOURCES[key](programme, ids, as_of).items():
            found.setdefault(gmina_id, []).extend(items)
    return found
