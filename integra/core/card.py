"""The gmina card's sections: a registry that apps above `allocations` (contracts, with the
contracted and free amount per planned service) fill in their AppConfig.ready, so that the card
(allocations, below them) shows what they know without importing them.

A section is `context(user, gmina) -> dict | None` rendered with its `template`; None (or no
right) leaves the section out. A source must run a fixed number of queries whatever the number
of services or contracts it shows (the card's query count stays flat).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

SectionContext = Callable[[Any, Any], dict[str, Any] | None]


@dataclass(frozen=True)
class CardSection:
    key: str
    template: str
    context: SectionContext
    # Sections show in this order, after the allocation's own parts.
    order: int = 100


@dataclass(frozen=True)
class ShownSection:
    """A section the reader may see, with what its template reads (as `section`)."""

    key: str
    template: str
    data: dict[str, Any]


SECTIONS: dict[str, CardSection] = {}


def register(section: CardSection) -> None:
    """Add or replace a section by its key (a re-run of ready() changes nothing)."""
    SECTIONS[section.key] = section


def sections_for(user: Any, gmina: Any) -> list[ShownSection]:
    """The registered sections with something to show this reader about this gmina, in order."""
    shown = []
    for section in sorted(SECTIONS.values(), key=lambda s: (s.order, s.key)):
        data = section.context(user, gmina)
        if data is not None:
            shown.append(ShownSection(section.key, section.template, data))
    return shown
