"""The consultant's portfolio board in real Chromium: the consultant opens it,
sees the red light of an overdue provider report and follows it to the report; the board fits a
phone's width; the allocation map switches to a contracts measure from the keyboard. axe-core on
every page, under the strict CSP."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from integra.contracts import models as contract_models
from integra.contracts.tests.factories import make_contract, make_world
from tests.browser.conftest import PHONE, assert_no_sideways_scroll, check_page
from tests.browser.test_allocation_map import drawn
from tests.browser.test_allocations import hand_session_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(personas, small_tree):
    world = make_world(personas, small_tree)
    contract = make_contract(world, status="in_delivery")
    contract_models.ContractBeneficiaries.objects.create(
        contract=contract, group=world.catalogue.OS, people=12
    )
    world.report = contract_models.ProviderReport.objects.create(
        contract=contract, kind="partial", number=1, due_on=dt.date(2007, 10, 15)
    )
    return world


def test_the_consultant_follows_the_red_light_of_an_overdue_report(
    world, page: Page, visit, live_server
):
    hand_session_to(page, live_server, world.people.consultant)
    # (The home page's link to the board: dashboards/tests/test_board.py.)
    visit(page, "/tablica/")
    page.locator("#id_as_of").fill("2008-03-01")
    page.locator("#board-form button[type=submit]").click()
    check_page(page)

    row = page.locator("#board-table tbody tr[data-teryt='1001022']")
    light = row.locator("td[data-state='bad']").first
    expect(light).to_contain_text("1")
    reports = row.locator("td").nth(2)
    expect(reports).to_have_attribute("data-state", "bad")
    # Sorted by the reports column from the keyboard: the red row comes first.
    page.locator("th[data-column='reports'] a").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"sort=reports"))
    expect(page.locator("th[data-column='reports']")).to_have_attribute("aria-sort", "ascending")
    check_page(page)

    page.locator("#board-table tbody tr[data-teryt='1001022'] td").nth(2).locator("a").click()
    expect(page).to_have_url(re.compile(rf"/nabory/sprawozdania/{world.report.pk}/$"))
    check_page(page)


def test_the_board_fits_a_phone(world, page: Page, visit, live_server):
    hand_session_to(page, live_server, world.people.consultant)
    page.set_viewport_size(PHONE)
    visit(page, "/tablica/?as_of=2008-03-01")
    assert_no_sideways_scroll(page)


def test_the_map_switches_to_contracts_of_a_group(world, page: Page, visit, live_server):
    hand_session_to(page, live_server, world.people.analyst)
    visit(page, "/programy/PIS/mapa/")
    drawn(page, "gmina/amount")
    page.locator("#id_measure_0").focus()
    # One step at a time: each waits for its table swap, so no request is cut off by the next.
    for measure in ("per_inhabitant", "committed", "paid", "reached", "group"):
        page.keyboard.press("ArrowRight")
        expect(page).to_have_url(re.compile(rf"measure={measure}"), timeout=20_000)
        drawn(page, f"gmina/{measure}")
    expect(page.locator("#id_measure_5")).to_be_checked()
    drawn(page, "gmina/group")
    expect(page.locator("#map-table thead")).to_contain_text("OS")
    check_page(page)
    page.set_viewport_size(PHONE)
    assert_no_sideways_scroll(page)
