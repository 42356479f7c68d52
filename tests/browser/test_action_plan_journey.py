"""An Action Plan's review in real Chromium: the gmina's coordinator drafts a plan (adding a
service row without scripts) and submits it, the region's consultant gives an opinion, its
officer returns it with a comment, the coordinator corrects and resubmits, the officer approves
it by a letter, the coordinator starts an update and changes a cost, and the diff page shows the
change. Every page passes the checks of `visit` (CSP, script errors, axe)."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from django.test import Client
from playwright.sync_api import Page, expect

from conftest import verify_second_factor
from integra.action_plans.tests.factories import (
    RATES,
    make_catalogue,
    make_programme,
    make_strategy,
)
from tests.browser.conftest import check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLANS = "/plany/plany-dzialania/"


@pytest.fixture
def world(personas, small_tree):
    """The data of the `world` fixture of the plans' tests."""
    from integra.programmes.models import ExchangeRate

    for day, mid in RATES.items():
        ExchangeRate.objects.create(
            source="NBP-A", currency="EUR", effective_on=day, mid=mid, table_no=f"{day:%j}/A"
        )
    make_catalogue()
    make_strategy(small_tree["1001022"])
    return SimpleNamespace(
        people=personas, programme=make_programme(small_tree), gmina=small_tree["1001022"]
    )


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


def click(page: Page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    check_page(page)


def accept_confirmations(page: Page) -> None:
    """Answer "OK" to the confirmation of a submission (plan_editor.js asks before sending)."""
    page.on("dialog", lambda dialog: dialog.accept())


def fill_service(page: Page, row: int, **values: str) -> None:
    """Fill one row of the services formset, found by its legend."""
    group = page.get_by_role("group", name=f"Planned service {row}", exact=True)
    group.get_by_role("textbox", name="Service", exact=True).fill(values["title"])
    group.get_by_label("Service type").select_option(label=values["type"])
    # The groups follow the type: a type of one group ticks it (fixed), a training has none.
    box = group.get_by_role("group", name="Target groups").get_by_label(values["group"])
    if box.is_enabled():
        box.check()
    group.get_by_label("Strategy goal").select_option(label="1.1. Opieka w domu")
    for quarter in values["quarters"].split():
        group.get_by_role("group", name="Quarters").get_by_label(quarter).check()
    group.get_by_label("Planned beneficiaries").fill(values["beneficiaries"])
    group.get_by_label("Planned cost (PLN)").fill(values["cost"])
    group.get_by_label("Provider type").select_option(label="non-governmental organisation")
    group.get_by_label("Does not duplicate services paid from public funds").check()


def test_an_action_plan_is_drafted_reviewed_approved_and_updated(world, page, visit, live_server):
    # The coordinator drafts the plan for 2007 as of 2 March 2007.
    sign_in(page, live_server, world.people.coordinator)
    accept_confirmations(page)
    visit(page, PLANS)
    expect(page.locator("#next-steps")).to_contain_text("Draft the Action Plan for 2007.")
    page.locator("#new-plan-form").get_by_label("Year").fill("2007")
    page.locator("#new-plan-form").get_by_label("As of").fill("2007-03-02")
    click(page, "Draft the plan")
    expect(page).to_have_url(re.compile(r"/wersje/1/edycja/$"))

    page.get_by_label("Contact person for the region").fill("Anna Kowalska")
    page.get_by_label("Gmina address").fill("ul. Główna 1, Gmina")
    page.get_by_label("Diagnosis summary").fill("Starzejąca się ludność wsi.")
    fill_service(
        page,
        1,
        title="Sąsiedzka pomoc",
        type="OS-01 — Care",
        group="OS — OS",
        quarters="2007-Q2 2007-Q3",
        beneficiaries="12",
        cost="8000",
    )
    # A second row comes from the server through htmx, without reloading the page.
    click(page, "Add a row")
    expect(page.get_by_role("group", name="Planned service 2", exact=True)).to_be_visible()
    fill_service(
        page,
        2,
        title="Szkolenie zespołu",
        type="SZ-01 — Training",
        group="SP — SP",
        quarters="2007-Q3",
        beneficiaries="5",
        cost="400",
    )
    click(page, "Save the plan")
    expect(page).to_have_url(re.compile(r"/wersje/1/$"))
    expect(page.locator("#service-table")).to_contain_text("Sąsiedzka pomoc")
    expect(page.locator("#training-table")).to_contain_text("Szkolenie zespołu")
    version_url = page.url
    click(page, "Submit to the region")
    expect(page.locator("#version-facts [data-status]")).to_have_text("submitted")

    # The consultant finds it in the review queue and recommends a return.
    sign_in(page, live_server, world.people.consultant)
    visit(page, PLANS + "kolejka/")
    expect(page.locator("#queue-table tbody tr")).to_have_count(1)
    page.locator("#queue-table").get_by_role("link").click()
    check_page(page)
    expect(page).to_have_url(version_url)
    page.get_by_label("Recommendation").select_option(label="recommends return")
    page.get_by_label("Section").select_option(label="planned services")
    page.get_by_label("Opinion").fill("Brak nazw miejscowości.")
    click(page, "Record the opinion")
    expect(page.locator("#review")).to_contain_text("Brak nazw miejscowości.")

    # The officer returns it with a comment on the services.
    sign_in(page, live_server, world.people.officer)
    visit(page, version_url.removeprefix(live_server.url))
    page.locator("#return-form").get_by_label("planned services").fill("Podać miejscowości.")
    click(page, "Return the plan")
    expect(page.locator("#version-facts [data-status]")).to_have_text("returned for corrections")

    # The coordinator corrects and submits again.
    sign_in(page, live_server, world.people.coordinator)
    visit(page, version_url.removeprefix(live_server.url))
    expect(page.locator("#review")).to_contain_text("Podać miejscowości.")
    page.get_by_role("link", name="Edit the plan").click()
    check_page(page)
    page.get_by_role("group", name="Planned service 1", exact=True).get_by_label("Villages").fill(
        "Wola, Dąbrowa"
    )
    click(page, "Save the plan")
    expect(page.locator("#service-table")).to_contain_text("Wola, Dąbrowa")
    click(page, "Submit to the region")
    expect(page.locator("#version-facts [data-status]")).to_have_text("submitted")

    # The officer approves it by a letter.
    sign_in(page, live_server, world.people.officer)
    visit(page, version_url.removeprefix(live_server.url))
    page.get_by_label("Approval letter number").fill("ROPS/7/2007")
    page.get_by_label("Approval letter date").fill("2007-04-02")
    click(page, "Approve the plan")
    expect(page.locator("#approval-letter")).to_contain_text("ROPS/7/2007, 2007-04-02")

    # The coordinator updates the plan as of 3 September 2007 and raises a cost.
    sign_in(page, live_server, world.people.coordinator)
    visit(page, version_url.removeprefix(live_server.url))
    breadcrumb = page.get_by_role("navigation", name="Breadcrumb")
    breadcrumb.get_by_role("link", name=re.compile(r"2007$")).click()
    check_page(page)
    page.locator("#update-form").get_by_label("As of").fill("2007-09-03")
    click(page, "Start an update")
    expect(page).to_have_url(re.compile(r"/wersje/2/edycja/$"))
    page.get_by_role("group", name="Planned service 1", exact=True).get_by_label(
        "Planned cost (PLN)"
    ).fill("9500")
    click(page, "Save the plan")
    expect(page).to_have_url(re.compile(r"/wersje/2/$"))

    # The diff shows the change of cost between the approved version and the update.
    page.get_by_role("link", name="Compare versions").click()
    check_page(page)
    changed = page.locator("#changed")
    expect(changed).to_contain_text("Sąsiedzka pomoc")
    expect(changed).to_contain_text("planned cost (PLN)")
    expect(changed).to_contain_text("8,000.00")
    expect(changed).to_contain_text("9,500.00")
    expect(page.locator("#totals-table")).to_contain_text("9,900.00")


def test_a_resident_comments_on_a_draft_under_public_consultation(world, page, visit, live_server):
    from integra.action_plans import services
    from integra.action_plans.tests.factories import AS_OF

    version = services.create_action_plan(
        actor=world.people.coordinator,
        programme=world.programme,
        gmina=world.gmina,
        year=2007,
        as_of=AS_OF,
    )
    sign_in(page, live_server, world.people.coordinator)
    visit(page, f"{PLANS}{version.plan_id}/wersje/1/")
    click(page, "Open a public consultation")
    public_path = page.locator("#public-url").inner_text().removeprefix(live_server.url)

    page.context.clear_cookies()
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    visit(page, public_path)
    page.get_by_label("Your name (optional)").fill("Mieszkanka Łęczycy")
    page.get_by_role("textbox", name="Comment", exact=True).fill("Proszę o dowóz do świetlicy.")
    click(page, "Send the comment")
    expect(page.get_by_role("status")).to_contain_text("Thank you")
    assert version.public_comments.get().author_name == "Mieszkanka Łęczycy"
