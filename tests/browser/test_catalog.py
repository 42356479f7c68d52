"""The catalogue in real Chromium: a ministry admin finds a service type, edits it (a refused
edit first) and retires it, from the keyboard alone; a coordinator reads the catalogue without
the admin's buttons. Every page passes the checks of `visit` (CSP, script errors, axe)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from playwright.sync_api import Page, expect

from conftest import verify_second_factor
from integra.core.actors import SystemActor
from tests.browser.conftest import check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-unusual-passphrase-7"
# Enough presses to cross the navigation and the filters of any catalogue page.
MAX_TABS = 40


def hand_session_to(page: Page, live_server, user) -> None:
    """Sign the browser in as the user, second factor verified."""
    client = Client()
    client.force_login(user)
    verify_second_factor(client, user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def tab_to(page: Page, selector: str) -> None:
    """Press Tab until the element matching the selector has the focus (fails if it never does)."""
    for _press in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"{selector} cannot be reached with the Tab key")


@pytest.fixture
def people(small_tree):
    from integra.accounts.models import Role
    from integra.accounts.services import create_user
    from integra.catalog.services import load_catalogue

    load_catalogue(actor=SystemActor("test"))
    admin = create_user(
        actor=SystemActor("test"),
        username="admin",
        email="admin@example.gov.pl",
        password=PASSWORD,
        assignments=[(Role.MINISTRY_ADMIN, small_tree["PL"])],
    )
    coordinator = create_user(
        actor=SystemActor("test"),
        username="koordynator",
        email="koordynator@example.org",
        password=PASSWORD,
        assignments=[(Role.GMINA_COORDINATOR, small_tree["1001022"])],
    )
    return {"admin": admin, "coordinator": coordinator}


def test_an_admin_edits_and_retires_a_type_from_the_keyboard(people, page, visit, live_server):
    hand_session_to(page, live_server, people["admin"])
    visit(page, "/katalog/")
    expect(page.locator("#type-table")).to_contain_text("OS-05")

    # Search for the type, open it, then its edit form — Tab and Enter only.
    tab_to(page, "#id_q")
    page.keyboard.type("OS-05")
    page.keyboard.press("Enter")
    expect(page.locator("#type-table tbody tr")).to_have_count(1)
    check_page(page)
    tab_to(page, "#type-table a[href$='/OS-05/']")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/katalog/OS-05/$"))
    check_page(page)
    tab_to(page, "#type-actions a[href$='/edycja/']")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/katalog/OS-05/edycja/$"))
    check_page(page)

    # An empty name is refused at its field, and the page with errors still passes axe.
    tab_to(page, "#id_name_pl")
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.press("Enter")
    expect(page.locator("#form-errors")).to_be_visible()
    check_page(page)
    expect(page.locator("#id_name_pl")).to_have_attribute("aria-invalid", "true")

    tab_to(page, "#id_name_pl")
    page.keyboard.type("Dowóz posiłków")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/katalog/OS-05/$"))
    check_page(page)
    expect(page.locator("#type-details")).to_contain_text("Dowóz posiłków")

    # Retire it through the confirmation.
    tab_to(page, "#type-actions a[href$='/wycofanie/']")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/katalog/OS-05/wycofanie/$"))
    check_page(page)
    tab_to(page, "#confirm-form button[type=submit]")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/katalog/OS-05/$"))
    check_page(page)
    expect(page.locator("[data-testid=retired]")).to_be_visible()
    expect(page.locator("#type-actions a[href$='/przywrocenie/']")).to_be_visible()

    # Gone from the types in use, listed among the retired ones.
    visit(page, "/katalog/")
    expect(page.locator("#type-table")).not_to_contain_text("OS-05")
    visit(page, "/katalog/?status=retired")
    expect(page.locator("#type-table tbody tr")).to_have_count(1)
    expect(page.locator("#type-table")).to_contain_text("Dowóz posiłków")


def test_a_coordinator_reads_the_catalogue_without_the_admin_buttons(
    people, page, visit, live_server
):
    hand_session_to(page, live_server, people["coordinator"])
    visit(page, "/katalog/?group=DM")
    expect(page.locator("#type-table tbody tr")).to_have_count(11)
    expect(page.locator("#new-type")).to_have_count(0)
    visit(page, "/katalog/DM-02/")
    expect(page.locator("#type-actions")).to_have_count(0)
    visit(page, "/katalog/DM-02/edycja/", status=403)
