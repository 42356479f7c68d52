"""Shared fixtures: a small territory tree built through the real importers, and named personas."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from django.conf import settings

from integra.core.actors import SystemActor
from integra.territories import demo

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def data_dir() -> Path:
    """The folder of real public files; tests that need it skip, saying why, when it is absent."""
    path = Path(settings.INTEGRA_DATA_DIR)
    if not (path / "terc_2010-01-01.csv").exists():
        pytest.skip(f"real data folder {path} is absent (set INTEGRA_DATA_DIR)")
    return path


@pytest.fixture(scope="session")
def real_demo(django_db_setup, django_db_blocker):
    """`seed_demo` on the real public files, seeded once and kept while consecutive tests read it:
    it runs inside a transaction rolled back as soon as the next test does not ask for it
    (`pytest_runtest_teardown` below), and each test reads it inside its own savepoint (the `db`
    fixture), so what a test writes is undone before the next. Collection puts those tests last
    and in one xdist group, so a pass seeds the demo once — the demo grows with every app.
    Yields what seed_demo printed."""
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import translation

    path = Path(settings.INTEGRA_DATA_DIR)
    if not (path / "terc_2010-01-01.csv").exists():
        pytest.skip(f"real data folder {path} is absent (set INTEGRA_DATA_DIR)")
    with django_db_blocker.unblock(), transaction.atomic():
        out = io.StringIO()
        with translation.override("en"):
            call_command("seed_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Drop the shared demo after the last of consecutive tests that read it."""
    yield
    if "real_demo" not in getattr(item, "fixturenames", ()):
        return
    if nextitem is not None and "real_demo" in getattr(nextitem, "fixturenames", ()):
        return
    for fixturedef in item._fixtureinfo.name2fixturedefs.get("real_demo", ()):
        fixturedef.finish(item._request)


def pytest_collection_finish(session):
    """Fail loudly when xdist's loadgroup stops grouping (it did, silently, on pytest 9.2:
    pytest-dev/pytest-xdist#1386): the shared demo would be seeded on every worker."""
    if not getattr(session.config.option, "loadgroup", False):
        return
    lost = [
        item.nodeid
        for item in session.items
        if item.get_closest_marker("xdist_group") and "@" not in item.nodeid
    ]
    if lost:
        raise pytest.UsageError(
            f"--dist loadgroup left {len(lost)} tests of a group ungrouped (first: {lost[0]}): "
            "pytest and pytest-xdist disagree on node ids; pin pytest to a version xdist supports"
        )


@pytest.fixture
def write_file(tmp_path):
    """Write text to a file in the test's folder and return its path."""

    def write(name: str, text: str, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding=encoding)
        return path

    return write


@pytest.fixture
def small_tree(db, write_file):
    """Two voivodeships (lubelskie 06, łódzkie 10), two powiats each, three gminas per powiat,
    three years of population and square outlines — all loaded by the real import services."""
    from integra.territories.models import Territory

    demo.load_synthetic(actor=SystemActor("test"), shape=demo.SyntheticShape())
    return {t.teryt: t for t in Territory.objects.all()}


@pytest.fixture(autouse=True)
def english_messages():
    """Service-level messages are asserted in English (the msgids); pages keep their negotiated
    language, and tests that check the Polish wording activate it themselves."""
    from django.utils import translation

    with translation.override("en"):
        yield


PASSWORD = "a-long-unusual-passphrase-7"

# Named personas: name → [(role code, TERYT code)] over the small tree: łódzkie 10 (gminas
# 1001022, 1001033) and lubelskie 06 (gmina 0601022).
PERSONAS: dict[str, list[tuple[str, str]]] = {  # roles by their codes (core.roles.Role)
    "admin": [("ministry_admin", "PL")],
    "analyst": [("ministry_analyst", "PL")],
    "officer": [("regional_officer", "10")],
    "officer_lublin": [("regional_officer", "06")],
    "consultant": [("regional_consultant", "10")],
    "finance": [("regional_finance", "10")],
    "coordinator": [("gmina_coordinator", "1001022")],
    "neighbour": [("gmina_coordinator", "1001033")],
    "viewer": [("gmina_viewer", "1001022")],
    "coordinator_lublin": [("gmina_coordinator", "0601022")],
    "provider": [("provider", "1001022")],
    "expert": [("expert", "10")],
    # Works in a gmina of each voivodeship: visible to the officer of łódzkie, not all theirs.
    "commuter": [("gmina_viewer", "1001022"), ("gmina_viewer", "0601022")],
}


@pytest.fixture
def personas(small_tree):
    """One user per entry of PERSONAS, named so (`personas.officer.username == "officer"`)."""
    from integra.accounts.services import create_user

    people = {
        name: create_user(
            actor=SystemActor("test"),
            username=name,
            email=f"{name}@example.org",
            password=PASSWORD,
            assignments=[(role, small_tree[code]) for role, code in assignments],
        )
        for name, assignments in PERSONAS.items()
    }
    from types import SimpleNamespace

    return SimpleNamespace(**people)


def verify_second_factor(client, user):
    """Mark the client's session as verified with a confirmed TOTP device of the user."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _created = TOTPDevice.objects.get_or_create(
        user=user, name="test", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


@pytest.fixture
def signed_in(db):
    """signed_in(user) → a new client signed in as the user, second factor verified, reading the
    pages in English (the msgids; Polish translations come with the locale files)."""

    from django.test import Client

    def sign_in(user):
        client = Client()
        client.cookies["django_language"] = "en"
        client.force_login(user)
        verify_second_factor(client, user)
        return client

    return sign_in


@pytest.fixture
def api_as(db):
    """api_as(user) → a client calling the API with a new Bearer token of the user, reading
    messages in English; api_as(None) → an anonymous API client."""
    from django.test import Client

    from integra.accounts.services.tokens import issue_token
    from integra.core.actors import SystemActor

    def client_for(user):
        if user is None:
            return Client(HTTP_ACCEPT_LANGUAGE="en")
        _token, secret = issue_token(actor=SystemActor("test"), user=user, name="api_as")
        return Client(HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_ACCEPT_LANGUAGE="en")

    return client_for


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """A module that reads the shared demo (`real_demo`) must do so in every test: the demo stays
    in the database until the module ends, so a test of an empty database beside it would see
    it or not depending on the order. Those tests share one xdist group (`make test` runs
    `--dist loadgroup`) and run last, so one worker seeds the demo once for all of them."""
    modules: dict[object, list] = {}
    for item in items:
        modules.setdefault(getattr(item, "module", None), []).append(item)
    for module, members in modules.items():
        users = ["real_demo" in getattr(item, "fixturenames", ()) for item in members]
        if any(users) and not all(users):
            others = [item.name for item, uses in zip(members, users, strict=True) if not uses]
            raise pytest.UsageError(
                f"{module.__name__} uses real_demo, but not in {others}: move those to a module "
                "of their own"
            )
        if any(users) and config.pluginmanager.hasplugin("xdist"):
            for item in members:
                item.add_marker(pytest.mark.xdist_group("real_demo"))
        # A module whose tests share module-scoped data (XDIST_GROUP = "name") runs on one worker.
        group = getattr(module, "XDIST_GROUP", None)
        if group and config.pluginmanager.hasplugin("xdist"):
            for item in members:
                item.add_marker(pytest.mark.xdist_group(group))
    # The demo's readers last and together: one seed for all of them.
    readers = [item for item in items if "real_demo" in getattr(item, "fixturenames", ())]
    if readers:
        others = [item for item in items if "real_demo" not in getattr(item, "fixturenames", ())]
        items[:] = others + readers
