"""Signing in in real Chromium: a ministry admin sets up the authenticator app at the first
sign-in and enters a code at the next; the password reset and lockout pages — all under the CSP
and free of accessibility issues."""

from __future__ import annotations

import re
from base64 import b32decode

import pytest
from django_otp.oath import totp
from playwright.sync_api import Page, expect

from tests.browser.conftest import check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-unusual-passphrase-7"


@pytest.fixture
def ministry_admin():
    from integra.accounts.models import Role, RoleAssignment, User
    from integra.territories.services import ensure_country

    user = User.objects.create_user("admin", email="admin@example.gov.pl", password=PASSWORD)
    RoleAssignment.objects.create(user=user, role=Role.MINISTRY_ADMIN, territory=ensure_country())
    return user


def sign_in(page: Page, identifier: str, password: str) -> None:
    page.locator("#id_username").fill(identifier)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").click()


def code_for(secret: str, steps_ahead: int = 0) -> str:
    return str(totp(b32decode(secret), drift=steps_ahead)).zfill(6)


def test_an_admin_sets_up_the_second_factor_then_uses_it(ministry_admin, page, visit):
    visit(page, "/konto/logowanie/?next=/terytorium/")
    sign_in(page, "ADMIN@example.gov.pl", PASSWORD)

    expect(page).to_have_url(re.compile(r"/konto/drugi-skladnik/konfiguracja/\?next="))
    check_page(page)
    expect(page.locator(".otp-qr svg")).to_be_visible()
    secret = page.locator("#otp-secret").inner_text().replace(" ", "")
    page.locator("#id_code").fill(code_for(secret))
    page.locator("main form button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/terytorium/$"))
    check_page(page)

    page.locator("#user-menu").click()  # the account menu holds the sign-out
    page.locator("header form[action$='/wylogowanie/'] button").click()
    visit(page, "/konto/logowanie/")
    sign_in(page, "admin", PASSWORD)
    expect(page).to_have_url(re.compile(r"/konto/drugi-skladnik/kod/"))
    check_page(page)

    page.locator("#id_code").fill("000000" if code_for(secret, 1) != "000000" else "111111")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main [role=alert]")).to_be_visible()
    check_page(page)
    # django-otp makes the next attempt wait a moment after a wrong code.
    page.wait_for_timeout(2100)
    page.locator("#id_code").fill(code_for(secret, 1))
    page.locator("main form button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/$"))
    check_page(page)


def test_the_password_reset_and_lockout_pages_are_accessible(ministry_admin, page, visit):
    visit(page, "/konto/haslo/reset/")
    page.locator("#id_email").fill("admin@example.gov.pl")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/konto/haslo/reset/wyslano/$"))
    check_page(page)

    visit(page, "/konto/logowanie/")
    for _ in range(4):
        sign_in(page, "admin", "wrong-password-1")
        expect(page.locator("#login-errors")).to_be_visible()
    check_page(page)
    sign_in(page, "admin", "wrong-password-1")
    expect(page.locator("main h1")).to_be_visible()
    assert page.locator("main [role=alert]").count() == 1
    # Chromium logs the 429 status of the document itself; that one is expected.
    page.script_errors[:] = [  # type: ignore[attr-defined]
        e for e in page.script_errors if "Failed to load resource" not in e
    ]
    check_page(page)
