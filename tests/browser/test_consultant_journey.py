"""The consultant's journey in real Chromium, in one go (issue 14): the consultant opens the
portfolio board, sees the red light of a quarterly progress report overdue for review, follows
it to the gmina's report and accepts it; the ministry's national map then switches between its
measures from the keyboard; and the consultant builds the region's half-yearly report in the
background and downloads it from the job's page. Every page passes axe-core under the strict CSP
and fits a phone's width (390 px) without sideways scroll.

The partial journeys stay beside it (test_board.py: the providers' report light, sorting by
keyboard and the group measure; test_monitoring.py: the report list and the indicator charts)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from integra.monitoring import services
from integra.monitoring.models import ProgressReport
from integra.monitoring.tests.factories import make_monitoring_world
from tests.browser.conftest import PHONE, assert_no_sideways_scroll, check_page
from tests.browser.test_allocation_map import drawn
from tests.browser.test_allocations import hand_session_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def world(personas, small_tree):
    world = make_monitoring_world(personas, small_tree)
    report = services.create_report(
        actor=personas.coordinator, programme=world.programme, gmina=world.gmina, period="2007-Q3"
    )
    report = services.submit_report(
        actor=personas.coordinator, report=report, lock_version=report.lock_version
    )
    # Submitted in November and still not reviewed on the board's day (1 March 2008).
    submitted = dt.datetime(2007, 11, 5, 10, tzinfo=dt.UTC)
    ProgressReport.objects.filter(pk=report.pk).update(submitted_at=submitted)
    world.report = report
    return world


def narrow(page: Page) -> None:
    """The current page at a phone's width: no sideways scroll, still axe-clean; back to desktop."""
    page.set_viewport_size(PHONE)
    assert_no_sideways_scroll(page)
    check_page(page)
    page.set_viewport_size(DESKTOP)


def test_board_red_light_to_the_accepted_report_the_map_and_a_built_report(
    world, page: Page, visit, live_server
):
    # Two cores shared by many test runs: a page may take longer than the default to load.
    page.set_default_timeout(30_000)
    # The board: the quarterly report waiting since November is a red light on the gmina's row.
    hand_session_to(page, live_server, world.people.consultant)
    visit(page, "/tablica/")
    page.locator("#id_as_of").fill("2008-03-01")
    page.locator("#board-form button[type=submit]").click()
    check_page(page)
    reports = page.locator("#board-table tbody tr[data-teryt='1001022'] td").nth(2)
    expect(reports).to_have_attribute("data-state", "bad")
    expect(reports).to_contain_text("sprawozda")
    narrow(page)

    # Its link leads to the gmina's report, which the consultant accepts.
    reports.locator("a").click()
    expect(page).to_have_url(re.compile(rf"/monitoring/sprawozdania/{world.report.pk}/$"))
    check_page(page)
    expect(page.locator("#report-figures")).to_be_visible()
    narrow(page)
    page.locator("#accept-report").click()
    expect(page.locator("#report-status")).to_have_text("przyjęte")
    check_page(page)

    # Back on the board, the light has gone out.
    visit(page, "/tablica/?as_of=2008-03-01")
    expect(
        page.locator("#board-table tbody tr[data-teryt='1001022'] td").nth(2)
    ).not_to_have_attribute("data-state", "bad")

    # The national map (the ministry's) switches between its measures from the keyboard.
    hand_session_to(page, live_server, world.people.analyst)
    visit(page, "/programy/PIS/mapa/")
    drawn(page, "gmina/amount")
    page.locator("#id_measure_0").focus()
    for measure in ("per_inhabitant", "committed", "paid", "reached"):
        page.keyboard.press("ArrowRight")
        expect(page).to_have_url(re.compile(rf"measure={measure}"), timeout=20_000)
        drawn(page, f"gmina/{measure}")
    expect(page.locator("#id_measure_4")).to_be_checked()
    check_page(page)
    narrow(page)

    # The consultant builds the region's half-yearly report; the job's page offers the file.
    hand_session_to(page, live_server, world.people.consultant)
    visit(page, "/monitoring/raporty/")
    narrow(page)
    page.locator("#id_kind").select_option("region_half_yearly")
    page.locator("#id_programme").select_option("PIS")
    page.locator("#id_period").fill("2007-H2")
    page.locator("#id_voivodeship").fill("10")
    page.locator("#build-report").click()
    check_page(page)
    link = page.locator("#job-download")
    expect(link).to_be_visible(timeout=20_000)
    narrow(page)
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "region_half_yearly-PIS-2007-H2-10.xlsx"
