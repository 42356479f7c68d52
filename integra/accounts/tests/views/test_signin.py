"""Signing in with a username or e-mail address, lockout after repeated failures, password reset
(also used by invitations) and password change."""

from __future__ import annotations

import re

import pytest
from axes.models import AccessAttempt, AccessLog
from django.contrib.auth import authenticate
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import IntegrityError, transaction
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from integra.accounts.models import User
from integra.accounts.tests.factories import UserFactory
from integra.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-unusual-passphrase-7"
NEW_PASSWORD = "another-quite-long-phrase-42"
LOGIN = reverse("accounts:login")


@pytest.fixture
def ola(db) -> User:
    return UserFactory(username="ola", email="Ola.Nowak@example.org", password=PASSWORD)


@pytest.fixture
def client() -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def sign_in(
    client: Client, identifier: str, password: str, ip: str = "10.0.0.1", headers=None, **data
):
    return client.post(
        LOGIN,
        {"username": identifier, "password": password, **data},
        REMOTE_ADDR=ip,
        headers=headers or {},
    )


def signed_in_user_id(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


def account_events() -> list[str]:
    """Events about accounts, beyond the creation of the test's own users."""
    events = AuditEvent.objects.filter(action__startswith="accounts.")
    return list(events.exclude(action="accounts.user.created").values_list("action", flat=True))


# --- The backend: username or e-mail, any case ------------------------------------------------


@pytest.mark.parametrize(
    "identifier", ["ola", "OLA", "ola.nowak@example.org", "OLA.NOWAK@EXAMPLE.ORG"]
)
def test_the_backend_accepts_the_username_or_the_email_in_any_case(ola, identifier):
    request = RequestFactory().post(LOGIN)
    assert authenticate(request, username=identifier, password=PASSWORD) == ola


@pytest.mark.parametrize(
    ("identifier", "password"),
    [("ola", "wrong-password-1"), ("nobody", PASSWORD), ("", PASSWORD), ("ola", "")],
)
def test_the_backend_refuses_a_wrong_password_or_an_unknown_identifier(ola, identifier, password):
    request = RequestFactory().post(LOGIN)
    assert authenticate(request, username=identifier, password=password) is None


@pytest.mark.parametrize("look_alike", ["ola.nowak@example.org", "OLA"])
def test_no_identifier_can_name_two_accounts(ola, django_user_model, look_alike):
    # Another account's username equal to Ola's e-mail address or to her username in another
    # case would make sign-in refuse both (issue 10): the database refuses it.
    with pytest.raises(IntegrityError), transaction.atomic():
        django_user_model.objects.create_user(look_alike, password=PASSWORD)
    request = RequestFactory().post(LOGIN)
    assert authenticate(request, username=look_alike, password=PASSWORD) == ola


def test_the_backend_refuses_an_inactive_account(ola):
    ola.is_active = False
    ola.save()
    request = RequestFactory().post(LOGIN)
    assert authenticate(request, username="ola", password=PASSWORD) is None


# --- The sign-in page ---------------------------------------------------------------------------


def test_the_login_page_labels_its_fields_for_people_and_password_managers(client):
    html = client.get(LOGIN).content.decode()

    assert '<label for="id_username" class="form-label">Username or e-mail</label>' in html
    assert 'autocomplete="username"' in html
    assert 'autocomplete="current-password"' in html
    assert reverse("accounts:password-reset") in html


def test_signing_in_with_the_email_rotates_the_session_and_follows_next(client, ola):
    session = client.session
    session["seen"] = True
    session.save()
    anonymous_key = client.cookies["sessionid"].value

    response = sign_in(client, "Ola.Nowak@Example.org", PASSWORD, next="/terytorium/")

    assert response.status_code == 302
    assert response["Location"] == "/terytorium/"
    assert signed_in_user_id(client) == str(ola.pk)
    assert client.cookies["sessionid"].value != anonymous_key


def test_signing_in_never_redirects_to_another_site(client, ola):
    response = sign_in(client, "ola", PASSWORD, next="https://evil.example/")
    assert response["Location"] == reverse("dashboards:home")


def test_a_failed_sign_in_explains_itself_accessibly(client, ola):
    response = sign_in(client, "ola", "wrong-password-1")
    html = response.content.decode()

    assert response.status_code == 200
    assert '<div class="alert alert-danger" role="alert" id="login-errors">' in html
    assert "The username, e-mail address or password is not correct." in html
    assert html.count('aria-describedby="login-errors"') == 2
    assert signed_in_user_id(client) is None


# --- Lockout ------------------------------------------------------------------------------------


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(client, ola):
    # From five addresses and under three spellings: the count is the account's, not the
    # address's or the spelling's.
    identifiers = ["ola", "OLA", "ola.nowak@example.org", "Ola", "ola"]
    responses = [
        sign_in(client, identifier, "wrong-password-1", ip=f"10.0.1.{n}")
        for n, identifier in enumerate(identifiers)
    ]
    assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]

    response = sign_in(client, "ola", PASSWORD, ip="10.0.2.1")

    assert response.status_code == 429
    assert signed_in_user_id(client) is None
    html = response.content.decode()
    assert "Sign-in temporarily blocked" in html
    assert "You can try again in 60 minutes" in html
    assert "contact the administrator" in html
    assert response["Retry-After"] == "3600"


def test_failures_from_one_address_lock_the_address_for_every_account(client, ola):
    for n in range(5):
        sign_in(client, f"guess{n}", "wrong-password-1", ip="10.9.9.9")

    assert sign_in(client, "ola", PASSWORD, ip="10.9.9.9").status_code == 429
    assert signed_in_user_id(client) is None
    assert sign_in(client, "ola", PASSWORD, ip="10.9.9.10").status_code == 302


def test_the_lockout_writes_nothing_but_the_failed_attempts(client, ola):
    for n in range(6):
        sign_in(client, "ola", "wrong-password-1", ip=f"10.0.3.{n}")
    sign_in(client, "ola", PASSWORD, ip="10.0.3.9")

    ola.refresh_from_db()
    assert ola.last_login is None
    assert ola.check_password(PASSWORD)
    assert account_events() == []
    assert AccessLog.objects.count() == 0
    assert Session.objects.count() == 0


def test_a_successful_sign_in_resets_the_count(client, ola):
    for _ in range(4):
        sign_in(client, "ola", "wrong-password-1")
    assert sign_in(client, "ola", PASSWORD).status_code == 302
    client.logout()

    for _ in range(4):
        assert sign_in(client, "ola", "wrong-password-1").status_code == 200
    assert sign_in(client, "ola", PASSWORD).status_code == 302


def test_a_sign_in_of_another_account_never_resets_the_count_of_the_victim(client, ola):
    """Issue 10, finding 1: four wrong passwords for the victim, then one good sign-in of the
    attacker's own account from the same address, repeated, must still lock the victim."""
    UserFactory(username="mallory", email="mallory@example.org", password=PASSWORD)
    for _ in range(4):
        assert sign_in(client, "ola", "wrong-password-1", ip="10.6.6.6").status_code == 200
    assert sign_in(client, "mallory", PASSWORD, ip="10.6.6.6").status_code == 302
    client.logout()

    assert sign_in(client, "ola", "wrong-password-1", ip="10.6.6.6").status_code == 429
    # The account is locked wherever its owner (or the attacker) signs in from.
    assert sign_in(client, "ola", PASSWORD, ip="10.7.7.7").status_code == 429
    assert signed_in_user_id(client) is None


def test_a_sign_in_resets_only_the_failures_of_its_own_account(client, ola):
    UserFactory(username="mallory", email="mallory@example.org", password=PASSWORD)
    for identifier in ["ola", "ola", "someone", "mallory"]:
        sign_in(client, identifier, "wrong-password-1", ip="10.6.6.7")

    assert sign_in(client, "Mallory", PASSWORD, ip="10.6.6.7").status_code == 302

    remaining = AccessAttempt.objects.values_list("username", "failures_since_start")
    assert sorted(remaining) == [("ola", 2), ("someone", 1)]


# --- Password reset (and invitations) -----------------------------------------------------------


def reset_link_of(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def test_a_password_reset_mails_a_link_that_sets_a_new_password(client, ola):
    response = client.post(reverse("accounts:password-reset"), {"email": "OLA.NOWAK@example.org"})
    assert response["Location"] == reverse("accounts:password-reset-done")

    [message] = mail.outbox
    assert message.to == ["Ola.Nowak@example.org"]
    assert message.subject == "Integra: set your password"
    assert "Hello ola," in message.body
    assert "The link works once and for 3 days." in message.body

    form_page = client.get(reset_link_of(message), follow=True)
    assert form_page.status_code == 200
    assert "Set your password" in form_page.content.decode()
    assert 'autocomplete="new-password"' in form_page.content.decode()

    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    # Signed in at once with the new password, and sent home (no second factor for ola's role).
    assert done["Location"] == reverse("dashboards:home")
    assert signed_in_user_id(client) == str(ola.pk)
    ola.refresh_from_db()
    assert ola.check_password(NEW_PASSWORD)
    event = AuditEvent.objects.get(action="accounts.user.password_set")
    assert (event.actor_id, event.target_id) == (ola.pk, str(ola.pk))
    assert NEW_PASSWORD not in str(event.changes)
    # The link worked once.
    assert "This link does not work" in client.get(reset_link_of(message)).content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, ola):
    response = client.post(reverse("accounts:password-reset"), {"email": "nobody@example.org"})

    assert response["Location"] == reverse("accounts:password-reset-done")
    assert mail.outbox == []


def test_a_weak_new_password_is_refused_and_nothing_changes(client, ola):
    uid = urlsafe_base64_encode(force_bytes(ola.pk))
    token = default_token_generator.make_token(ola)
    url = reverse("accounts:password-reset-confirm", kwargs={"uidb64": uid, "token": token})
    form_url = client.get(url)["Location"]

    response = client.post(form_url, {"new_password1": "12345", "new_password2": "12345"})

    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    ola.refresh_from_db()
    assert ola.check_password(PASSWORD)
    assert account_events() == []


def test_an_invitation_link_sets_the_first_password(client, django_user_model):
    invited = django_user_model.objects.create_user("nowy", email="nowy@example.org")
    assert not invited.has_usable_password()
    uid = urlsafe_base64_encode(force_bytes(invited.pk))
    token = default_token_generator.make_token(invited)
    url = reverse("accounts:password-reset-confirm", kwargs={"uidb64": uid, "token": token})

    form_url = client.get(url)["Location"]
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert sign_in(Client(), "nowy", NEW_PASSWORD).status_code == 302


def test_a_forged_link_sets_nothing(client, ola):
    uid = urlsafe_base64_encode(force_bytes(ola.pk))
    url = reverse("accounts:password-reset-confirm", kwargs={"uidb64": uid, "token": "1-forged"})

    response = client.get(url)

    assert response.status_code == 200
    assert "This link does not work" in response.content.decode()


def test_a_new_password_from_the_mailbox_lifts_the_account_lockout(client, ola):
    for n in range(5):
        sign_in(client, "ola", "wrong-password-1", ip=f"10.0.4.{n}")
    assert sign_in(client, "ola", PASSWORD, ip="10.0.5.1").status_code == 429
    assert AccessAttempt.objects.exists()

    uid = urlsafe_base64_encode(force_bytes(ola.pk))
    token = default_token_generator.make_token(ola)
    url = reverse("accounts:password-reset-confirm", kwargs={"uidb64": uid, "token": token})
    client.post(
        client.get(url)["Location"], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    assert sign_in(client, "ola", NEW_PASSWORD, ip="10.0.5.1").status_code == 302


def test_an_invited_officer_goes_on_to_set_up_the_second_factor(client, small_tree):
    from integra.accounts.services import create_user
    from integra.core.actors import SystemActor

    officer = create_user(
        actor=SystemActor("test"),
        username="urzednik",
        email="urzednik@example.org",
        password="an-old-password-to-forget",
        assignments=[("regional_officer", small_tree["10"])],
    )
    uid = urlsafe_base64_encode(force_bytes(officer.pk))
    token = default_token_generator.make_token(officer)
    url = reverse("accounts:password-reset-confirm", kwargs={"uidb64": uid, "token": token})

    done = client.post(
        client.get(url)["Location"], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    assert done["Location"] == reverse("accounts:otp-setup")
    assert signed_in_user_id(client) == str(officer.pk)
    # Signed in, not verified: every other page still asks for the second factor.
    assert client.get(reverse("dashboards:home"))["Location"].startswith(
        reverse("accounts:otp-setup")
    )


def test_a_new_password_does_not_sign_in_from_a_locked_out_address(client, django_user_model):
    other = django_user_model.objects.create_user("inny", email="inny@example.org")
    for n in range(5):
        sign_in(client, f"someone{n}", "wrong-password-1", ip="10.0.7.1")
    uid = urlsafe_base64_encode(force_bytes(other.pk))
    token = default_token_generator.make_token(other)
    url = reverse("accounts:password-reset-confirm", kwargs={"uidb64": uid, "token": token})

    done = client.post(
        client.get(url, REMOTE_ADDR="10.0.7.1")["Location"],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        REMOTE_ADDR="10.0.7.1",
    )

    assert done["Location"] == reverse("accounts:password-reset-complete")
    assert signed_in_user_id(client) is None
    other.refresh_from_db()
    assert other.check_password(NEW_PASSWORD)


# --- Password change ----------------------------------------------------------------------------


def test_changing_the_password_needs_the_current_one(client, ola):
    client.force_login(ola)
    url = reverse("accounts:password-change")

    refused = client.post(
        url,
        {"old_password": "not-it", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert refused.status_code == 200
    assert 'autocomplete="current-password"' in refused.content.decode()
    ola.refresh_from_db()
    assert ola.check_password(PASSWORD)
    assert account_events() == []


def test_changing_the_password_keeps_this_session_and_records_the_event(client, ola):
    client.force_login(ola)

    response = client.post(
        reverse("accounts:password-change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response["Location"] == reverse("dashboards:home")
    ola.refresh_from_db()
    assert ola.check_password(NEW_PASSWORD)
    assert signed_in_user_id(client) == str(ola.pk)
    assert AuditEvent.objects.get(action="accounts.user.password_changed").target_id == str(ola.pk)


def test_the_password_change_page_needs_a_signed_in_user(client):
    response = client.get(reverse("accounts:password-change"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_a_script_asking_while_locked_out_gets_a_json_body(client, ola):
    for n in range(5):
        sign_in(client, "ola", "wrong-password-1", ip=f"10.0.6.{n}")

    response = sign_in(client, "ola", PASSWORD, headers={"x-requested-with": "XMLHttpRequest"})

    assert response.status_code == 429
    assert response.json()["code"] == "locked_out"
