"""A strategy's preparation in real Chromium: the gmina's coordinator creates it, adds a diagnosis
entry, a strategic goal with an operational goal, a member of the working team and a village
meeting, starts the consultation, is refused an adoption without the council resolution's number
(the error sits at the field, nothing changes), then records the adoption. The page shows the
adopted status and the goals tree; the coordinator of another gmina is not shown the strategy,
and the region's consultant reads it without any button to change it. Forms are filled and sent
from the keyboard, elements are found by their labels and roles, and every page passes the checks
of `visit` (CSP, script errors, axe)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from playwright.sync_api import Locator, Page, expect

from conftest import verify_second_factor
from integra.core.actors import SystemActor
from tests.browser.conftest import check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STRATEGIES = "/plany/strategie/"


@pytest.fixture
def world(personas, small_tree):
    """The personas over the small tree and the packaged catalogue (target groups OS, DM, RD,
    SP)."""
    from integra.catalog.services import load_catalogue

    load_catalogue(actor=SystemActor("test"))
    return personas


def sign_in(page: Page, live_server, user) -> None:
    """The browser becomes the user (second factor verified), reading the pages in English."""
    client = Client()
    client.force_login(user)
    verify_second_factor(client, user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            },
            {"name": "django_language", "value": "en", "url": live_server.url},
        ]
    )


def press_enter_on(page: Page, target: Locator) -> None:
    """Focus the element (a link, a button or a text field of a form) and press Enter: the page
    it leads to, or the form's answer, must pass the checks of every page."""
    target.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    check_page(page)


def follow(page: Page, name: str) -> None:
    press_enter_on(page, page.get_by_role("link", name=name, exact=True))


def submit(page: Page, name: str) -> None:
    press_enter_on(page, page.get_by_role("button", name=name, exact=True))


def status_of(page: Page) -> Locator:
    return page.get_by_test_id("strategy-status").first


def test_a_coordinator_prepares_and_adopts_a_strategy(world, page, visit, live_server, small_tree):
    from integra.strategies.models import Strategy

    # The coordinator opens the list and creates the strategy: their one gmina is chosen.
    sign_in(page, live_server, world.coordinator)
    visit(page, STRATEGIES)
    follow(page, "New strategy")
    page.get_by_label("Title").fill("Strategia rozwiązywania problemów społecznych")
    page.get_by_label("First day of the period").fill("2006-01-01")
    page.get_by_label("Last day of the period").fill("2013-12-31")
    submit(page, "Create the strategy")
    expect(page).to_have_url(re.compile(r"/plany/strategie/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Strategia rozwiązywania problemów społecznych"
    )
    expect(status_of(page)).to_have_text("in preparation")
    strategy_path = page.url.removeprefix(live_server.url)

    # A diagnosis entry for the elderly.
    follow(page, "Add a diagnosis entry")
    page.get_by_label("Target group").select_option(label="OS — Elderly people")
    page.get_by_label("Problem").fill("Samotność osób starszych na wsi.")
    page.get_by_label("Figure", exact=True).fill("120")
    page.get_by_label("Unit of the figure").fill("osób")
    page.get_by_label("Source").fill("Dane GOPS 2005")
    press_enter_on(page, page.get_by_label("Source"))  # implicit submission from a text field
    expect(page).to_have_url(re.compile(r"/plany/strategie/\d+/#diagnosis$"))
    diagnosis = page.get_by_role("region", name="OS — Elderly people")
    expect(diagnosis).to_contain_text("Samotność osób starszych na wsi.")
    expect(diagnosis).to_contain_text("Dane GOPS 2005")

    # A strategic goal, then an operational goal under it.
    follow(page, "Add a goal")
    page.get_by_label("Kind").select_option(label="strategic goal")
    page.get_by_label("Number").fill("1")
    page.get_by_role("textbox", name="Goal", exact=True).fill("Aktywni i bezpieczni seniorzy")
    submit(page, "Save")
    follow(page, "Add a goal")
    page.get_by_label("Kind").select_option(label="operational goal")
    page.get_by_label("Number").fill("1.1")
    page.get_by_role("textbox", name="Goal", exact=True).fill("Opieka w domu")
    page.get_by_label("Strategic goal").select_option(label="1. Aktywni i bezpieczni seniorzy")
    submit(page, "Save")
    expect(page).to_have_url(re.compile(r"#goals$"))

    # A member of the working team and a village meeting.
    follow(page, "Add a member")
    page.get_by_label("Name").fill("Anna Kowalska")
    page.get_by_label("Institution").fill("GOPS")
    page.get_by_label("Role in the team").fill("przewodnicząca")
    submit(page, "Save")
    expect(page.get_by_role("region", name="Members of the working team")).to_contain_text(
        "Anna Kowalska"
    )
    follow(page, "Add an event")
    page.get_by_label("Kind").select_option(label="village meeting")
    page.get_by_label("Date").fill("2005-11-20")
    page.get_by_label("Place").fill("Świetlica w Woli")
    page.get_by_label("Participants").fill("34")
    page.get_by_label("Notes").fill("Mieszkańcy wskazali dowóz do lekarza.")
    submit(page, "Save")
    events = page.get_by_role("region", name="Participation events, oldest first")
    expect(events).to_contain_text("village meeting")
    expect(events).to_contain_text("Świetlica w Woli")

    # The consultation starts after a confirmation.
    follow(page, "Start the consultation")
    expect(page.get_by_role("heading", level=1)).to_have_text("Put the strategy to consultation?")
    submit(page, "Start the consultation")
    expect(page).to_have_url(live_server.url + strategy_path)
    expect(status_of(page)).to_have_text("in consultation")

    # An adoption without the resolution's number is refused at the field; nothing changes.
    follow(page, "Record the adoption")
    page.get_by_label("Council resolution date").fill("2006-03-30")
    submit(page, "Record the adoption")
    expect(page).to_have_url(re.compile(r"/przyjecie/$"))
    number = page.get_by_label("Council resolution number")
    expect(number).to_have_attribute("aria-invalid", "true")
    expect(number).to_have_accessible_description(re.compile("This field is required."))
    expect(page.get_by_role("alert")).to_contain_text("Council resolution number")
    expect(status_of(page)).to_have_text("in consultation")
    stored = Strategy.objects.get()
    assert (stored.status, stored.resolution_number, stored.resolution_on) == (
        "consultation",
        "",
        None,
    )

    # With the number, the adoption is recorded.
    number.fill("XV/98/2006")
    press_enter_on(page, number)
    expect(page).to_have_url(live_server.url + strategy_path)
    expect(status_of(page)).to_have_text("adopted")
    summary = page.get_by_role("region", name="Summary", exact=True)
    expect(summary).to_contain_text("XV/98/2006")
    tree = page.get_by_test_id("goal-tree")
    expect(tree.get_by_role("listitem")).to_have_count(2)
    strategic = tree.get_by_role("listitem").first
    expect(strategic).to_contain_text("Strategic goal 1. Aktywni i bezpieczni seniorzy")
    expect(strategic.get_by_role("listitem")).to_have_text(re.compile(r"Operational goal 1\.1\."))
    expect(page.get_by_role("link", name="Record an update")).to_be_visible()

    # The coordinator of another gmina is not shown it.
    sign_in(page, live_server, world.neighbour)
    visit(page, strategy_path, status=404)

    # The region's consultant reads it, without a button to change anything.
    sign_in(page, live_server, world.consultant)
    visit(page, STRATEGIES)
    page.get_by_role("link", name="Strategia rozwiązywania problemów społecznych").click()
    check_page(page)
    expect(page).to_have_url(live_server.url + strategy_path)
    expect(status_of(page)).to_have_text("adopted")
    expect(page.get_by_test_id("goal-tree")).to_contain_text("Opieka w domu")
    expect(page.get_by_role("region", name="OS — Elderly people")).to_be_visible()
    expect(page.get_by_test_id("strategy-actions")).to_have_count(0)
    main = page.get_by_role("main")
    for name in ("Edit", "Remove", "Record an update", "Add a goal", "Add a member"):
        expect(main.get_by_role("link", name=re.compile(f"^{name}"))).to_have_count(0)
    visit(page, strategy_path + "edycja/", status=403)
