"""The TOTP second factor: who is asked, setting up a device, verifying a code each session."""

from __future__ import annotations

from base64 import b32encode

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from integra.accounts.models import Role, User
from integra.accounts.tests.factories import UserFactory
from integra.audit.models import AuditEvent
from integra.territories.services import ensure_country

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-unusual-passphrase-7"
SETUP = reverse("accounts:otp-setup")
VERIFY = reverse("accounts:otp-verify")
PROTECTED = reverse("accounts:password-change")


def code_of(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows for the device (optionally one step later)."""
    value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift + steps_ahead)
    return str(value).zfill(device.digits)


def person(username: str, *assignments: tuple[str, object]) -> User:
    return UserFactory(username=username, password=PASSWORD, assignments=assignments)


@pytest.fixture
def admin(personas) -> User:
    return personas.admin


@pytest.fixture
def confirmed_device(admin) -> TOTPDevice:
    return TOTPDevice.objects.create(user=admin, name="Integra", confirmed=True)


def signed_in(user: User) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def account_events() -> list[str]:
    """Events about accounts, beyond the creation of the test's own users."""
    events = AuditEvent.objects.filter(action__startswith="accounts.")
    return list(events.exclude(action="accounts.user.created").values_list("action", flat=True))


# --- Who is asked -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "where", "asked"),
    [
        (Role.MINISTRY_ADMIN, "country", True),
        (Role.MINISTRY_ANALYST, "country", True),
        (Role.REGIONAL_OFFICER, "10", True),
        (Role.REGIONAL_CONSULTANT, "10", True),
        (Role.REGIONAL_FINANCE, "10", True),
        (Role.GMINA_COORDINATOR, "1001022", False),
        (Role.GMINA_VIEWER, "1001022", False),
        (Role.PROVIDER, "1001022", False),
        (Role.EXPERT, "10", False),
    ],
)
def test_only_ministry_and_regional_roles_are_asked_for_a_second_factor(
    small_tree, role, where, asked
):
    territory = ensure_country() if where == "country" else small_tree[where]
    client = signed_in(person("someone", (role, territory)))

    response = client.get(PROTECTED)

    if asked:
        assert response.status_code == 302
        assert response["Location"] == f"{SETUP}?next={PROTECTED}"
    else:
        assert response.status_code == 200


def test_a_user_without_roles_is_never_asked(django_user_model):
    client = signed_in(person("bez.roli"))
    assert client.get(reverse("dashboards:home")).status_code == 200
    assert client.get(PROTECTED).status_code == 200


def test_an_ended_assignment_no_longer_asks(admin):
    assignment = admin.assignments.get()
    assignment.valid_from = assignment.valid_from.replace(year=2020)
    assignment.valid_until = assignment.valid_from.replace(year=2021)
    assignment.save()

    assert signed_in(admin).get(PROTECTED).status_code == 200


# --- What an unverified session may reach -------------------------------------------------------


def test_an_unverified_session_with_a_device_is_sent_to_the_code_page(admin, confirmed_device):
    response = signed_in(admin).get(reverse("dashboards:home"))
    assert response["Location"] == f"{VERIFY}?next=/"


def test_an_unverified_session_may_switch_language_and_sign_out(admin):
    client = signed_in(admin)

    language = client.post(reverse("set_language"), {"language": "pl", "next": SETUP})
    assert language["Location"] == SETUP
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_api_answers_an_unverified_session_with_json_not_a_redirect(admin):
    response = signed_in(admin).get("/api/v1/territories")

    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["code"] == "second_factor_required"
    assert body["detail"] and body["errors"] == []


def test_an_htmx_request_is_sent_to_the_setup_page_as_a_whole(admin):
    response = signed_in(admin).get(PROTECTED, HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == SETUP


# --- Setting up a device ------------------------------------------------------------------------


def test_the_setup_page_shows_the_key_as_a_qr_code_and_as_text(admin):
    client = signed_in(admin)

    html = client.get(SETUP).content.decode()

    device = TOTPDevice.objects.get(user=admin)
    assert not device.confirmed
    assert '<svg width="' in html and 'role="img"' in html
    assert "<script" not in html.split("<main", 1)[1]
    secret = b32encode(device.bin_key).decode()
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in html
    assert 'autocomplete="one-time-code"' in html and 'inputmode="numeric"' in html
    # Reloading the page keeps the key the user may already have scanned.
    client.get(SETUP)
    assert TOTPDevice.objects.filter(user=admin).count() == 1


def test_a_correct_code_confirms_the_device_verifies_the_session_and_records_it(admin):
    client = signed_in(admin)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=admin)

    response = client.post(SETUP, {"code": code_of(device), "next": PROTECTED})

    assert response["Location"] == PROTECTED
    device.refresh_from_db()
    assert device.confirmed
    event = AuditEvent.objects.get(action="accounts.totp_device.confirmed")
    assert (event.actor_id, event.target_type, event.target_id) == (
        admin.pk,
        "otp_totp.totpdevice",
        str(device.pk),
    )
    assert device.key not in str(event.changes)
    assert client.get(PROTECTED).status_code == 200
    assert client.get("/api/v1/territories").status_code == 200


def test_a_wrong_code_leaves_the_device_unconfirmed(admin):
    client = signed_in(admin)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=admin)
    wrong = str((int(code_of(device)) + 1) % 1_000_000).zfill(6)

    response = client.post(SETUP, {"code": wrong})

    assert response.status_code == 200
    html = response.content.decode()
    assert "This code is not correct or has expired." in html
    assert (
        'aria-invalid="true"' in html
        and 'aria-describedby="id_code_helptext id_code_error"' in html
    )
    device.refresh_from_db()
    assert not device.confirmed
    assert account_events() == []
    assert client.get(PROTECTED)["Location"].startswith(SETUP)


@pytest.mark.parametrize("typed", ["12345", "abcdef", "1234567"])
def test_a_malformed_code_is_refused_before_any_check(admin, typed):
    client = signed_in(admin)
    client.get(SETUP)

    response = client.post(SETUP, {"code": typed})

    assert "Enter the 6 digits of the code." in response.content.decode()
    assert TOTPDevice.objects.get(user=admin).throttling_failure_count == 0


def test_a_confirmed_device_cannot_be_replaced_by_someone_knowing_only_the_password(
    admin, confirmed_device
):
    response = signed_in(admin).get(SETUP)

    assert response["Location"] == f"{VERIFY}?next=%2F"
    assert TOTPDevice.objects.filter(user=admin).count() == 1


# --- Verifying each session ---------------------------------------------------------------------


def test_a_correct_code_verifies_the_session_under_a_new_session_key(admin, confirmed_device):
    client = signed_in(admin)
    key_before = client.session.session_key

    response = client.post(VERIFY, {"code": code_of(confirmed_device), "next": PROTECTED})

    assert response["Location"] == PROTECTED
    assert client.session.session_key != key_before
    assert client.get(PROTECTED).status_code == 200
    # The next session asks again.
    assert signed_in(admin).get(PROTECTED)["Location"] == f"{VERIFY}?next={PROTECTED}"


def test_a_code_works_once(admin, confirmed_device):
    code = code_of(confirmed_device)
    assert signed_in(admin).post(VERIFY, {"code": code})["Location"] == "/"

    replay = signed_in(admin).post(VERIFY, {"code": code})

    assert replay.status_code == 200
    assert "This code is not correct or has expired." in replay.content.decode()


def test_wrong_codes_slow_down_guessing(admin, confirmed_device):
    client = signed_in(admin)
    wrong = str((int(code_of(confirmed_device)) + 1) % 1_000_000).zfill(6)
    client.post(VERIFY, {"code": wrong})

    # Straight after a failure even the right code waits.
    response = client.post(VERIFY, {"code": code_of(confirmed_device)})

    assert "Too many wrong codes in a row." in response.content.decode()
    assert client.get(PROTECTED).status_code == 302


def test_the_code_page_never_redirects_to_another_site(admin, confirmed_device):
    client = signed_in(admin)
    response = client.post(
        VERIFY, {"code": code_of(confirmed_device), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_a_user_without_a_device_is_sent_from_the_code_page_to_the_setup(admin):
    assert signed_in(admin).get(f"{VERIFY}?next=/x/")["Location"] == f"{SETUP}?next=%2Fx%2F"


def test_the_full_sign_in_asks_for_the_code_after_the_password(admin, confirmed_device):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    signed = client.post(
        reverse("accounts:login"), {"username": "admin", "password": PASSWORD, "next": PROTECTED}
    )
    assert signed["Location"] == PROTECTED

    asked = client.get(PROTECTED)
    assert asked["Location"] == f"{VERIFY}?next={PROTECTED}"
    page = client.get(asked["Location"])
    assert "Enter your verification code" in page.content.decode()

    verified = client.post(VERIFY, {"code": code_of(confirmed_device), "next": PROTECTED})
    assert client.get(verified["Location"]).status_code == 200
