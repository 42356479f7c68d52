"""The main menu: each app registers its entries (in its AppConfig.ready); core names none.

An entry shows when its `allowed(user)` policy lets the signed-in user in (None: everyone). It
sits in the top bar (MAIN), alone or in a drop-down with the entries of its `group`, or in the
footer (FOOTER), or in the user's own (Account) menu (USER) — the bar must stay on one line at
1366 px for the busiest role. An entry's `badge(user)` is a count shown beside it (unread
notifications), and their sum on the Account button.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

MENU: dict[str, MenuEntry] = {}
MAIN, FOOTER, USER = "main", "footer", "user"


@dataclass(frozen=True)
class MenuEntry:
    key: str
    label: str | Promise
    url_name: str
    order: int
    allowed: Callable[[Any], bool] | None = None
    # A URL name cannot express an address outside the project's URLconf (the API docs).
    url: str = ""
    # An address that depends on the user (their gmina's page), given by a function of the user.
    href: Callable[[Any], str] | None = None
    # Entries of one group show as one drop-down of the bar, named by the group.
    group: str | Promise = ""
    place: str = MAIN
    # A count shown beside the entry (0: none), computed for the signed-in user.
    badge: Callable[[Any], int] | None = None


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
