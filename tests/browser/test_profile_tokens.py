"""The profile page in real Chromium: a gmina coordinator creates an API token, sees its secret
once, uses it, and revokes it after confirming — under the CSP and free of accessibility issues."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from integra.core.actors import SystemActor
from tests.browser.conftest import check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def signed_in_coordinator(small_tree, page, live_server):
    """The coordinator of gmina 1001022, signed in: the session cookie is handed to the browser
    so that the journey does not depend on the sign-in form."""
    from integra.accounts.models import Role
    from integra.accounts.services import create_user

    user = create_user(
        actor=SystemActor("test"),
        username="koordynator",
        email="koordynator@example.org",
        password="a-long-unusual-passphrase-7",
        assignments=[(Role.GMINA_COORDINATOR, small_tree["1001022"])],
    )
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return user


def test_a_coordinator_creates_uses_and_revokes_a_token(signed_in_coordinator, page, visit):
    visit(page, "/konto/profil/")
    expect(page.locator("#assignments")).to_contain_text("1001022")

    page.locator("#id_name").fill("Raporty")
    page.locator("form[action$='/profil/tokeny/'] button[type=submit]").click()

    secret_field = page.locator("#new-token")
    expect(secret_field).to_have_attribute("readonly", "")
    expect(secret_field).to_have_value(re.compile(r"^itg_"))
    check_page(page)
    page.screenshot(path="/tmp/integra-profile-token.png", full_page=True)
    secret = secret_field.input_value()
    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.get("/api/v1/me").json()["username"] == "koordynator"

    page.locator("#api-tokens").get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(r"/profil/tokeny/\d+/uniewaznienie/$"))
    check_page(page)
    page.locator("main form button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/konto/profil/$"))
    check_page(page)
    expect(page.locator("#new-token")).to_have_count(0)
    expect(page.locator("#api-tokens").get_by_role("link")).to_have_count(0)
    assert api.get("/api/v1/me").status_code == 401
