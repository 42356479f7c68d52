"""Files out of accounts: the user list as CSV or XLSX."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from integra.accounts.models import User
from integra.core.exports import Table


def user_table(users: Iterable[User]) -> Table:
    """The users (with their `open_assignments` prefetched, as selectors.list_users gives them)
    and their open roles, one row each."""
    return Table(
        name="uzytkownicy",
        title=_("Users"),
        header=_header(),
        rows=[_row(user) for user in users],
        widths=(24, 24, 24, 24, 10, 60),
    )


def _header() -> list[str]:
    return [_("User name"), _("First name"), _("Last name"), _("E-mail"), _("Active"), _("Roles")]


def _row(user: User) -> list[Any]:
    roles = "; ".join(
        f"{a.get_role_display()} — {a.territory.name} ({a.territory.teryt})"
        for a in user.open_assignments  # type: ignore[attr-defined]
    )
    return [user.username, user.first_name, user.last_name, user.email, user.is_active, roles]
