"""Managing users in real Chromium: a ministry admin invites a gmina coordinator, who sets a
password from the e-mailed link, signs in and sees only their gmina; the other user and audit pages
pass the same checks (CSP, script errors, axe)."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import verify_second_factor
from integra.core.actors import SystemActor
from tests.browser.conftest import check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-unusual-passphrase-7"
NEW_PASSWORD = "another-unusual-passphrase-9"


def hand_session_to(page: Page, live_server, user) -> None:
    """Sign the browser in as the user, second factor verified: the session cookie of a client
    signed in on the server is handed to the browser."""
    client = Client()
    client.force_login(user)
    verify_second_factor(client, user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


@pytest.fixture
def ministry_admin(small_tree):
    from integra.accounts.models import Role
    from integra.accounts.services import create_user

    return create_user(
        actor=SystemActor("test"),
        username="admin",
        email="admin@example.gov.pl",
        password=PASSWORD,
        assignments=[(Role.MINISTRY_ADMIN, small_tree["PL"])],
    )


def test_an_admin_invites_a_coordinator_who_sets_a_password_and_sees_only_their_gmina(
    ministry_admin, page, visit, live_server
):
    hand_session_to(page, live_server, ministry_admin)
    visit(page, "/konto/uzytkownicy/")
    expect(page.locator("#user-table")).to_contain_text("admin")
    page.locator("main a[href$='/uzytkownicy/zaproszenie/']").click()
    check_page(page)

    page.locator("#id_username").fill("koordynatorka")
    page.locator("#id_first_name").fill("Anna")
    page.locator("#id_last_name").fill("Nowak")
    page.locator("#id_email").fill("anna.nowak@example.org")
    page.locator("#id_role").select_option("gmina_coordinator")
    page.locator("#id_territory").fill("1001022")
    page.locator("main form button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/konto/uzytkownicy/\d+/$"))
    check_page(page)
    expect(page.locator(".messages [role=status]")).to_contain_text("anna.nowak@example.org")
    expect(page.locator("#assignment-table")).to_contain_text("1001022")
    page.screenshot(path="/tmp/integra-user-detail.png", full_page=True)

    [message] = mail.outbox
    assert message.to == ["anna.nowak@example.org"]
    link = re.search(r"https?://\S+/konto/haslo/ustaw/\S+", message.body)
    assert link, f"no set-password link in the invitation:\n{message.body}"

    page.locator("#user-menu").click()  # the account menu holds the sign-out
    page.locator("header form[action$='/wylogowanie/'] button").click()
    page.goto(link.group(0))
    check_page(page)
    expect(page.locator("main h1")).to_be_visible()
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    page.locator("main form button[type=submit]").click()
    # Signed in by the new password: no second sign-in (issue 11), straight to the home page.
    expect(page.locator("header")).to_contain_text("koordynatorka")
    expect(page).to_have_url(live_server.url + "/")
    check_page(page)

    visit(page, "/konto/profil/")
    expect(page.locator("main")).to_contain_text("1001022")
    me = json.loads(page.request.get(live_server.url + "/api/v1/me").text())
    assert [a["territory"]["teryt"] for a in me["assignments"]] == ["1001022"]
    # Neither the user pages nor the audit trail are theirs; the navigation does not offer them.
    assert page.request.get(live_server.url + "/konto/uzytkownicy/").status == 403
    assert page.request.get(live_server.url + "/audyt/").status == 403
    assert page.request.get(live_server.url + "/api/v1/users").status == 403
    expect(page.locator("header a[href='/konto/uzytkownicy/']")).to_have_count(0)
    expect(page.locator("header a[href='/audyt/']")).to_have_count(0)


def test_the_user_and_audit_pages_are_accessible_with_their_errors(
    ministry_admin, small_tree, page, visit, live_server
):
    from integra.accounts.models import Role, RoleAssignment
    from integra.accounts.services import create_user

    person = create_user(
        actor=SystemActor("test"),
        username="podglad",
        email="podglad@example.org",
        password=PASSWORD,
        assignments=[(Role.GMINA_VIEWER, small_tree["1001033"])],
    )
    hand_session_to(page, live_server, ministry_admin)
    base = f"/konto/uzytkownicy/{person.pk}/"

    visit(page, "/konto/uzytkownicy/")
    page.get_by_role("searchbox").fill("podg")
    expect(page.locator("#user-results tbody tr")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"q=podg"))
    check_page(page)

    visit(page, base)
    page.locator("main a[href$='/role/nowa/']").click()
    page.locator("#id_role").select_option("gmina_coordinator")
    page.locator("#id_territory").fill("9999999")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#form-errors")).to_be_visible()
    expect(page.locator("#id_territory")).to_have_attribute("aria-invalid", "true")
    check_page(page)
    page.locator("#id_territory").fill("1001022")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"{base}$"))
    check_page(page)

    page.locator("main a[href$='/edycja/']").click()
    page.locator("#id_email").fill("admin@example.gov.pl")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#id_email_error")).to_be_visible()
    check_page(page)

    # An assignment can be ended from the day after it begins: the viewer role began yesterday.
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    RoleAssignment.objects.filter(user=person, role=Role.GMINA_VIEWER).update(valid_from=yesterday)
    visit(page, base)
    page.locator("main a[href$='/zakonczenie/']").click()
    check_page(page)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"{base}$"))
    expect(page.locator("main a[href$='/zakonczenie/']")).to_have_count(0)
    check_page(page)

    # The ministry admin's help with the sign-in (issue 10): the second factor reset, confirmed.
    visit(page, base)
    page.locator("#second-factor-state a").click()
    check_page(page)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"{base}$"))
    check_page(page)

    visit(page, f"{base}?tab=history")
    expect(page.locator(".history-table")).to_contain_text("accounts.role_assignment.granted")
    expect(page.locator(".history-table")).to_contain_text("accounts.totp_device.reset")
    page.screenshot(path="/tmp/integra-user-history.png", full_page=True)

    visit(page, "/audyt/?territory=1001")
    expect(page.locator("#event-table")).to_contain_text("accounts.role_assignment.granted")
    page.screenshot(path="/tmp/integra-audit.png", full_page=True)
    visit(page, "/audyt/?territory=abc&date_from=2024-01-02&date_to=2024-01-01")
    expect(page.locator("#id_territory_error")).to_be_visible()
    expect(page.locator("#id_date_to_error")).to_be_visible()
