"""The accounts part of the demo: one user per role, made by the real service; an existing
username is left as it is."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.text import slugify

from integra.accounts.models import Role, User
from integra.accounts.services import create_user
from integra.core.actors import Actor
from integra.territories.models import Territory

# Published on purpose (printed, documented): it only ever opens the demo accounts.
DEMO_PASSWORD = "demo-integra-2026"
# Django's slugify drops letters without an ASCII decomposition, such as "ł".
POLISH_TO_ASCII = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ")


@dataclass(frozen=True)
class Login:
    username: str
    role: str
    territory: str
    created: bool


def username_slug(name: str) -> str:
    return slugify(name.translate(POLISH_TO_ASCII))


def demo_people(
    *, country: Territory, region: Territory, gmina: Territory
) -> list[tuple[str, Role, Territory]]:
    """(username, role, territory) of the demo's users: one per role."""
    region_slug, gmina_slug = username_slug(region.name), username_slug(gmina.name)
    return [
        ("admin", Role.MINISTRY_ADMIN, country),
        ("analityk", Role.MINISTRY_ANALYST, country),
        (f"rops.{region_slug}", Role.REGIONAL_OFFICER, region),
        (f"konsultant.{region_slug}", Role.REGIONAL_CONSULTANT, region),
        (f"finanse.{region_slug}", Role.REGIONAL_FINANCE, region),
        (f"koordynator.{gmina_slug}", Role.GMINA_COORDINATOR, gmina),
        (f"podglad.{gmina_slug}", Role.GMINA_VIEWER, gmina),
        # A provider needs no territory; the demo gives it the demo gmina for now.
        ("uslugodawca", Role.PROVIDER, gmina),
        ("ekspert", Role.EXPERT, region),
    ]


def seed_users(*, actor: Actor, people: Iterable[tuple[str, Role, Territory]]) -> list[Login]:
    """Each person with the demo password and their one role; the ministry admin also opens the
    (read-only) Django admin."""
    logins = []
    for username, role, territory in people:
        created = not User.objects.filter(username=username).exists()
        if created:
            create_user(
                actor=actor,
                username=username,
                email=f"{username}@example.org",
                password=DEMO_PASSWORD,
                assignments=[(role, territory)],
                is_superuser=role == Role.MINISTRY_ADMIN,
            )
        logins.append(Login(username, str(role.label), str(territory), created))
    return logins
