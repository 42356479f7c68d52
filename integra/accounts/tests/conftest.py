"""Personas over the small territory tree, built with the account services, and clients signed in
as them with a session that has passed the second factor (as django_otp.login marks it)."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from integra.accounts.models import Role, User
from integra.accounts.services import create_user

PASSWORD = "a-long-unusual-passphrase-7"

# name: [(role, TERYT code)] — over the small tree: łódzkie 10 (gminas 1001022, 1001033) and
# lubelskie 06 (gmina 0601022).
PERSONAS: dict[str, list[tuple[str, str]]] = {
    "admin": [(Role.MINISTRY_ADMIN, "PL")],
    "analyst": [(Role.MINISTRY_ANALYST, "PL")],
    "officer": [(Role.REGIONAL_OFFICER, "10")],
    "officer_lublin": [(Role.REGIONAL_OFFICER, "06")],
    "consultant": [(Role.REGIONAL_CONSULTANT, "10")],
    "finance": [(Role.REGIONAL_FINANCE, "10")],
    "coordinator": [(Role.GMINA_COORDINATOR, "1001022")],
    "neighbour": [(Role.GMINA_COORDINATOR, "1001033")],
    "viewer": [(Role.GMINA_VIEWER, "1001022")],
    "coordinator_lublin": [(Role.GMINA_COORDINATOR, "0601022")],
    "provider": [(Role.PROVIDER, "1001022")],
    "expert": [(Role.EXPERT, "10")],
    # Works in a gmina of each voivodeship: visible to the officer of łódzkie, not all theirs.
    "commuter": [(Role.GMINA_VIEWER, "1001022"), (Role.GMINA_VIEWER, "0601022")],
}


@pytest.fixture
def personas(small_tree) -> SimpleNamespace:
    """One user per entry of PERSONAS, named so (`personas.officer.username == "officer"`)."""
    people = {
        name: create_user(
            actor="test",
            username=name,
            email=f"{name}@example.org",
            password=PASSWORD,
            assignments=[(role, small_tree[code]) for role, code in assignments],
        )
        for name, assignments in PERSONAS.items()
    }
    return SimpleNamespace(**people)


def verify_second_factor(client: Client, user: User) -> TOTPDevice:
    """Mark the client's session as verified with a confirmed TOTP device of the user."""
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, name="test", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


@pytest.fixture
def signed_in(db) -> Callable[[User], Client]:
    """signed_in(user) → a new client signed in as the user, second factor verified, reading the
    pages in English (the msgids; Polish translations come with the locale files)."""

    def sign_in(user: User) -> Client:
        client = Client()
        client.cookies["django_language"] = "en"
        client.force_login(user)
        verify_second_factor(client, user)
        return client

    return sign_in
