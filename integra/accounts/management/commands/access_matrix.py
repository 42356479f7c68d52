"""`manage.py access_matrix`: print role × action × (own territory / below / elsewhere), as the
registered policies decide it for a reference persona of each role (no database needed)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand

from integra.accounts.models import User
from integra.core.policies import load_all
from integra.core.roles import MINISTRY_ROLES, REGIONAL_ROLES, Role

# A reference persona per role: where its assignment sits, and a target at its own unit, below it
# and elsewhere (None where the place cannot exist: nothing is outside the country, nothing is
# below a gmina). Codes follow the TERYT shape; no database is needed.
COUNTRY, VOIVODESHIP = "", "10"
GMINA, POWIAT_GMINA_ELSEWHERE, OTHER_GMINA = "1001022", "0601022", "1001033"
PLACES = {
    "ministry": (COUNTRY, "PL", "1001022", None),
    "regional": (VOIVODESHIP, VOIVODESHIP, GMINA, POWIAT_GMINA_ELSEWHERE),
    "gmina": (GMINA, GMINA, None, OTHER_GMINA),
}
COLUMNS = ("own", "below", "elsewhere")


def _persona(role: str) -> tuple[User, tuple[str | None, ...]]:
    kind = (
        "ministry" if role in MINISTRY_ROLES else "regional" if role in REGIONAL_ROLES else "gmina"
    )
    if role == Role.EXPERT:
        kind = "regional"
    prefix, *targets = PLACES[kind]
    user = User(username=f"matrix-{role}", is_active=True)
    user._role_scopes = {role: frozenset({prefix})}
    return user, tuple(targets)


def _mark(allowed: bool | None) -> str:
    return "-" if allowed is None else ("yes" if allowed else "no")


def build() -> list[tuple[str, str, str, str, str]]:
    """Rows (role, action, own, below, elsewhere) with yes / no / - (not applicable)."""
    actions = load_all()
    rows = []
    for code, act in actions.items():
        anonymous = act.predicate(AnonymousUser(), GMINA)
        rows.append(("anonymous", code, _mark(anonymous), "-", "-"))
    for role in Role.values:
        user, targets = _persona(role)
        for code, act in actions.items():
            marks = [_mark(None if t is None else act.predicate(user, t)) for t in targets]
            rows.append((role, code, *marks))
    return rows


def render(rows: list[tuple[str, str, str, str, str]]) -> str:
    header = ("role", "action", *COLUMNS)
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip()
        for row in [header, *rows]
    ]
    return "\n".join(lines) + "\n"


class Command(BaseCommand):
    help = "Print who may do what, and where, as the policies decide it."

    def handle(self, *args, **options):
        self.stdout.write(render(build()), ending="")
