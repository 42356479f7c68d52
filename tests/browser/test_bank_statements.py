"""A bank statement in real Chromium: the gmina's coordinator uploads the ZBP MT940 file, sees
its lines — the provider's advance among them — on the statement's page, and on the review
page matches the advance's line to its payment with the keyboard alone (htmx swaps the row in
place); axe-core on every page, no sideways scroll at 390 px."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from integra.finance.models import Payment, StatementLine
from integra.finance.tests.statements_factories import DATA, statement_world
from tests.browser.conftest import PHONE, assert_no_sideways_scroll, check_page
from tests.browser.test_catalog import hand_session_to, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_coordinator_uploads_a_statement_and_matches_a_line_by_keyboard(
    page: Page, live_server, visit, personas, small_tree
):
    world = statement_world(personas, small_tree)
    # Paid three weeks before the bank's day: the import leaves the line for a person.
    Payment.objects.filter(pk=world.payment.pk).update(paid_on=dt.date(2007, 6, 12))

    hand_session_to(page, live_server, world.people.coordinator)
    visit(page, "/finanse/wyciagi/import/")
    page.get_by_label("Format pliku").select_option("mt940")
    page.get_by_label("Plik wyciągu").set_input_files(str(DATA / "statement_zbp.sta"))
    page.get_by_role("button", name="Importuj wyciąg").click()
    check_page(page)
    expect(page.locator("#line-table tbody tr")).to_have_count(3)
    expect(page.locator("dl")).to_contain_text("dopasowanych: 0, do wyjaśnienia: 3")
    page.set_viewport_size(PHONE)
    assert_no_sideways_scroll(page)
    page.set_viewport_size({"width": 1280, "height": 900})

    visit(page, "/finanse/wyciagi/do-wyjasnienia/")
    advance = StatementLine.objects.get(amount=-world.payment.amount_pln)
    row = page.locator(f"#line-{advance.pk}")
    select = f"#id_l{advance.pk}-payment"
    tab_to(page, select)
    page.keyboard.press("ArrowDown")
    expect(row.locator(select)).to_have_value(str(world.payment.pk))
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(row.locator(".line-state")).to_have_text("dopasowana ręcznie")
    expect(page.locator("#line-status")).to_have_text("Pozycję dopasowano do płatności.")
    expect(row.get_by_role("button", name="Cofnij decyzję")).to_be_focused()
    check_page(page)
    advance.refresh_from_db()
    assert advance.state == "confirmed" and advance.payment_id == world.payment.pk
    world.payment.refresh_from_db()
    assert world.payment.status == "paid"
    page.set_viewport_size(PHONE)
    assert_no_sideways_scroll(page)
    visit(page, "/finanse/wyciagi/")
    assert_no_sideways_scroll(page)
