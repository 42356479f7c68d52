"""The main menu: each app registers its entries (in its AppConfig.ready); core names none.

An entry shows when its `allowed(user)` policy lets the signed-in user in (None: everyone).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

MENU: dict[str, MenuEntry] = {}


@dataclass(frozen=True)
class MenuEntry:
    key: str
    label: str | Promise
    url_name: str
    order: int
    allowed: Callable[[Any], bool] | None = None
    # A URL name cannot express an address outside the project's URLconf (the API docs).
    url: str = ""


def register(*entries: MenuEntry) -> None:
    """Add or replace entries by their key (a re-run of ready() changes nothing)."""
    for entry in entries:
        MENU[entry.key] = entry


def entries_for(user: Any) -> list[MenuEntry]:
    """The entries the user may open, in menu order."""
    signed_in = user is not None and getattr(user, "is_authenticated", False)
    return [
        entry
        for entry in sorted(MENU.values(), key=lambda e: e.order)
        if entry.allowed is None or (signed_in and entry.allowed(user))
    ]
