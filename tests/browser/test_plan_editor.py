"""The Action Plan editor in real Chromium (issue 11): "Add a row" through htmx keeps the page
where it is and puts the focus in the new row; a refused save focuses the summary of errors;
target groups follow the type; "the whole year" ticks the quarters; the allocation panel follows
the costs typed the Polish way; submitting asks first. Every page passes the checks of `visit`."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from integra.action_plans import services
from integra.action_plans.tests.factories import AS_OF
from integra.catalog.models import TargetGroup
from tests.browser.conftest import check_page
from tests.browser.test_action_plan_journey import PLANS, sign_in, world  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def draft(world):  # noqa: F811
    return services.create_action_plan(
        actor=world.people.coordinator,
        programme=world.programme,
        gmina=world.gmina,
        year=2007,
        as_of=AS_OF,
    )


def editor(page: Page, visit, live_server, world, draft) -> Page:  # noqa: F811
    sign_in(page, live_server, world.people.coordinator)
    return visit(page, f"{PLANS}{draft.plan_id}/wersje/1/edycja/")


def row(page: Page, number: int):
    return page.get_by_role("group", name=f"Planned service {number}", exact=True)


def test_adding_a_row_keeps_the_place_and_focuses_the_new_row(
    world,  # noqa: F811
    draft,
    page,
    visit,
    live_server,
):
    editor(page, visit, live_server, world, draft)
    page.evaluate("window.notReloaded = true")
    button = page.get_by_role("button", name="Add a row", exact=True)
    button.scroll_into_view_if_needed()
    before = page.evaluate("window.scrollY")
    assert before > 0
    button.click()
    expect(row(page, 2)).to_be_visible()
    # No reload (the page's own state survives), the count of rows raised, the focus in the row,
    # and the page did not jump back to its top.
    assert page.evaluate("window.notReloaded") is True
    assert page.locator("#id_services-TOTAL_FORMS").input_value() == "2"
    expect(row(page, 2).get_by_role("textbox", name="Service", exact=True)).to_be_focused()
    assert page.evaluate("window.scrollY") >= before
    button.click()
    expect(row(page, 3)).to_be_visible()
    assert page.locator("#id_services-TOTAL_FORMS").input_value() == "3"
    check_page(page)


def test_a_refused_save_focuses_the_summary_of_errors(
    world,  # noqa: F811
    draft,
    page,
    visit,
    live_server,
):
    editor(page, visit, live_server, world, draft)
    row(page, 1).get_by_label("Planned cost (PLN)").fill("40.000,50")
    page.get_by_role("button", name="Save the plan", exact=True).click()
    check_page(page)
    summary = page.locator("#form-errors")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Service 1 — Service")
    expect(summary).to_contain_text("Write the amount like 40 000,50")
    assert page.evaluate(
        "document.getElementById('form-errors').getBoundingClientRect().top"
    ) < page.evaluate("window.innerHeight")


def test_groups_follow_the_type_and_the_whole_year_ticks_the_quarters(
    world,  # noqa: F811
    draft,
    page,
    visit,
    live_server,
):
    editor(page, visit, live_server, world, draft)
    first = row(page, 1)
    groups = first.get_by_role("group", name="Target groups")
    first.get_by_label("Service type").select_option(label="OS-01 — Care")
    expect(groups.get_by_label("OS — OS")).to_be_checked()
    expect(groups.get_by_label("OS — OS")).to_be_disabled()
    expect(groups.get_by_label("DM — DM")).to_be_disabled()
    first.get_by_label("Service type").select_option(label="DM-01 — Day-room")
    for name in ("DM — DM", "RD — RD"):
        expect(groups.get_by_label(name)).to_be_checked()
        expect(groups.get_by_label(name)).to_be_enabled()
    expect(groups.get_by_label("OS — OS")).not_to_be_checked()
    quarters = first.get_by_role("group", name="Quarters")
    expect(quarters.get_by_role("checkbox")).to_have_count(4)
    first.get_by_label("The whole year").check()
    for number in range(1, 5):
        expect(quarters.get_by_label(f"2007-Q{number}")).to_be_checked()
    quarters.get_by_label("2007-Q3").uncheck()
    expect(first.get_by_label("The whole year")).not_to_be_checked()


def test_the_allocation_follows_the_costs_typed_the_polish_way(
    world,  # noqa: F811
    draft,
    page,
    visit,
    live_server,
):
    editor(page, visit, live_server, world, draft)
    first = row(page, 1)
    first.get_by_label("Service type").select_option(label="DM-01 — Day-room")
    first.get_by_label("Planned cost (PLN)").fill("40 000,50")
    services_line = page.locator('#allocation-lines [data-line="services"]')
    # 40,000.50 PLN at 4.0000 = 10,000.13 EUR (English page): 0.13 over the 10,000 EUR line.
    expect(services_line.locator("[data-here]")).to_have_text("10,000.13")
    expect(services_line.locator("[data-left]")).to_have_text("-0.13")
    expect(services_line.locator("[data-left]")).to_have_class(
        "text-end text-nowrap fw-semibold text-danger"
    )
    # Split between the type's two groups.
    day_room_group = TargetGroup.objects.get(code="DM")
    expect(
        page.locator(f'#allocation-groups [data-group="{day_room_group.pk}"] [data-here]')
    ).to_have_text("5,000.06")
    first.get_by_label("Planned cost (PLN)").fill("8000")
    expect(services_line.locator("[data-left]")).to_have_text("8,000.00")


def test_submitting_asks_first_and_cancelling_keeps_the_draft(
    world,  # noqa: F811
    draft,
    page,
    visit,
    live_server,
):
    sign_in(page, live_server, world.people.coordinator)
    visit(page, f"{PLANS}{draft.plan_id}/wersje/1/")
    questions = []

    def dismiss(dialog):
        questions.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.get_by_role("button", name="Submit to the region", exact=True).click()
    assert questions and "cannot be edited until" in questions[0]
    draft.refresh_from_db()
    assert draft.status == "draft"
    expect(page.locator("#version-facts [data-status]")).to_have_text("draft")


def test_the_new_plan_page_focuses_its_errors(world, page, visit, live_server):  # noqa: F811
    sign_in(page, live_server, world.people.coordinator)
    visit(page, f"{PLANS}nowy/?year=2007")
    expect(page.get_by_label("Year")).to_have_value("2007")
    expect(page.get_by_label("As of")).to_have_value("2007-03-02")
    page.get_by_label("Year").fill("2026")
    page.get_by_label("As of").fill("2026-12-03")
    page.get_by_role("button", name="Draft the plan", exact=True).click()
    check_page(page)
    summary = page.locator("#form-errors")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("outside the programme")
    expect(summary).to_contain_text("No NBP rate for 03.12.2026")
