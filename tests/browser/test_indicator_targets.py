"""Targets and entered values in real Chromium: the ministry opens the country's sheet from the
keyboard, a bad number is refused at its field (and the row keeps the input), the corrected sheet
is saved and listed; the gmina's coordinator enters a period's value and the consultant reads it.
Every page passes axe-core under the strict CSP and fits a phone's width."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from integra.action_plans.tests.factories import make_programme
from integra.monitoring.importers.indicators import load_definitions
from integra.monitoring.models import IndicatorValue, Target
from tests.browser.conftest import PHONE, assert_no_sideways_scroll, check_page
from tests.browser.test_allocations import hand_session_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def programme(small_tree):
    load_definitions()
    return make_programme(small_tree)


def test_targets_set_at_once_and_values_entered(
    programme, personas, page: Page, visit, live_server
):
    page.set_default_timeout(30_000)
    hand_session_to(page, live_server, personas.admin)
    visit(page, "/monitoring/cele/")
    page.locator("#set-targets").click()
    check_page(page)
    page.locator("#id_programme").select_option("PIS")
    page.locator("#id_area").select_option("PL")
    page.locator("#id_area").press("Tab")
    expect(page.locator("#sheet-choice button[type=submit]")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#target-sheet")).to_be_visible()
    check_page(page)

    page.locator("#id_CONTRACTS-target").fill("-4")
    page.locator("#id_SERVICES_CONTINUED-target").fill("200")
    page.locator("#save-targets").click()
    page.wait_for_load_state("load")
    # The refusal answers 422; Chromium logs the document's error status, which is expected here.
    page.script_errors[:] = [e for e in page.script_errors if "status of 422" not in e]  # type: ignore[attr-defined]
    check_page(page)
    expect(page.locator("#id_CONTRACTS-target")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_SERVICES_CONTINUED-target")).to_have_value("200")
    assert not Target.objects.exists()
    page.set_viewport_size(PHONE)
    assert_no_sideways_scroll(page)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.locator("#id_CONTRACTS-target").fill("4000")
    page.locator("#save-targets").click()
    check_page(page)
    assert Target.objects.count() == 2
    visit(page, "/monitoring/cele/?area=PL")
    expect(page.locator("#target-table tbody tr")).to_have_count(2)
    page.set_viewport_size(PHONE)
    assert_no_sideways_scroll(page)
    page.set_viewport_size({"width": 1280, "height": 900})

    hand_session_to(page, live_server, personas.coordinator)
    visit(page, "/monitoring/wartosci/wprowadz/?programme=PIS&area=1001022&period=2008-Q4")
    page.locator("#id_SERVICES_CONTINUED-value").fill("3")
    page.locator("#save-values").click()
    check_page(page)
    assert IndicatorValue.objects.get().value == 3
    page.set_viewport_size(PHONE)
    assert_no_sideways_scroll(page)

    hand_session_to(page, live_server, personas.consultant)
    visit(page, "/monitoring/wartosci/")
    expect(page.locator("#value-table tbody tr")).to_have_count(1)
    assert_no_sideways_scroll(page)
