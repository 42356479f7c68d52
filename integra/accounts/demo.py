"""The accounts part of the demo: one user per role, made by the real service; an existing
username is left as it is."""

from __future__ import annotations

import base64
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.text import slugify
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from integra.accounts.models import Role, User
from integra.accounts.services import create_user
from integra.accounts.services.signin import confirm_totp_device, pending_totp_device
from integra.core.actors import Actor
from integra.core.roles import SECOND_FACTOR_ROLES
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
    # The base32 key of the user's demo authenticator, for roles that need a second factor.
    totp_key: str = ""


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
        # A provider acts in every gmina (its organisation's membership narrows what it sees).
        ("uslugodawca", Role.PROVIDER, country),
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
        user = User.objects.get(username=username)
        key = demo_second_factor(actor=actor, user=user) if role in SECOND_FACTOR_ROLES else ""
        logins.append(Login(username, str(role.label), str(territory), created, key))
    return logins


def demo_second_factor(*, actor: Actor, user: User) -> str:
    """A confirmed TOTP device for a demo user, set up through the same services as the setup
    page (its first code computed here instead of read from a phone); its base32 key, which any
    authenticator app (or `oathtool --totp -b KEY`) turns into codes."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    if device is None:
        pending = pending_totp_device(actor=actor, user=user)
        # Confirmed with the previous step's code (within the device's tolerance), so that the
        # code shown now still opens a sign-in: a device never takes a step twice.
        previous = current_code(pending, steps_back=1)
        device = confirm_totp_device(actor=actor, device=pending, code=previous)
    return base64.b32encode(device.bin_key).decode("ascii")


def current_code(device: TOTPDevice, *, steps_back: int = 0) -> str:
    """The code the device's authenticator shows now (or `steps_back` steps ago)."""
    t0 = device.t0 + steps_back * device.step
    code = totp(device.bin_key, step=device.step, t0=t0, digits=device.digits)
    return str(code).zfill(device.digits)


def is_demo_account(user: User) -> bool:
    """A demo user: named as the demo names them and opened by the published demo password
    (which no real account has)."""
    return user.check_password(DEMO_PASSWORD)
