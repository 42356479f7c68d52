"""The finance pages in real Chromium: the ministry's components and procurement-plan status.
Every page passes the checks of `visit` (CSP, script errors, axe) and none scrolls sideways at
390 px (the wide tables scroll inside their own region)."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal

import pytest
from playwright.sync_api import Page, expect

from integra.allocations.models import Tranche
from integra.allocations.tests.factories import pis_programme
from integra.core.actors import SystemActor
from integra.finance import demo
from tests.browser.conftest import PHONE, assert_no_sideways_scroll, check_page
from tests.browser.test_catalog import hand_session_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-unusual-passphrase-7"


@pytest.fixture
def people(small_tree):
    from integra.accounts.models import Role
    from integra.accounts.services import create_user

    def user(name, role, teryt):
        return create_user(
            actor=SystemActor("test"),
            username=name,
            email=f"{name}@example.org",
            password=PASSWORD,
            assignments=[(role, small_tree[teryt])],
        )

    return {
        "admin": user("admin", Role.MINISTRY_ADMIN, "PL"),
        "finance": user("finanse", Role.REGIONAL_FINANCE, "10"),
        "coordinator": user("koordynator", Role.GMINA_COORDINATOR, "1001022"),
    }


def test_the_ministry_reads_the_procurement_plan_status(
    page: Page,
    live_server,
    visit,
    people,
    small_tree,
):
    demo.seed_components(pis_programme(small_tree))
    hand_session_to(page, live_server, people["admin"])

    visit(page, "/finanse/komponenty/")
    expect(page.get_by_role("heading", name="Komponenty i plan zamówień")).to_be_visible()
    expect(page.locator("#plan-table")).to_contain_text("C-QCBS-01")
    page.set_viewport_size(PHONE)
    assert_no_sideways_scroll(page)


def test_a_gmina_asks_for_a_tranche_and_regional_finance_transfers_it(
    page: Page, live_server, visit, people, small_tree, tmp_path
):
    from integra.allocations.tests.factories import load_nbp_rate, published_run
    from integra.finance.services.allocation import post_allocations
    from integra.finance.tests.factories import approved_plan

    programme = pis_programme(small_tree)
    published_run(programme)
    load_nbp_rate(tmp_path)
    post_allocations(actor=SystemActor("test"), programme=programme)
    approved_plan(programme, small_tree["1001022"], 2008)
    tranche = Tranche.objects.get(gmina=small_tree["1001022"], number=1)
    most = (tranche.amount_eur * Decimal("3.5902")).quantize(Decimal("0.01"), ROUND_DOWN)

    hand_session_to(page, live_server, people["coordinator"])
    visit(page, "/finanse/przekazania/")
    page.get_by_role("button", name="Wnioskuj o przekazanie").first.click()
    check_page(page)
    expect(page.locator("#transfer-table")).to_contain_text("złożony")

    hand_session_to(page, live_server, people["finance"])
    visit(page, "/finanse/przekazania/")
    page.get_by_role("button", name="Zatwierdź").click()
    check_page(page)
    page.get_by_label("Kwota przekazana (PLN)").fill("999999999")
    page.get_by_label("Data przekazania").fill("2008-02-18")
    page.get_by_role("button", name="Zarejestruj przekazanie").click()
    check_page(page)
    expect(page.locator(".invalid-feedback")).to_contain_text("Przekaż najwyżej")
    page.set_viewport_size(PHONE)
    assert_no_sideways_scroll(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label("Kwota przekazana (PLN)").fill(str(most).replace(".", ","))
    page.get_by_role("button", name="Zarejestruj przekazanie").click()
    check_page(page)
    expect(page.locator("#transfer-table")).to_contain_text("przekazany")
    visit(page, "/finanse/salda/")
    expect(page.locator("#balance-table")).to_contain_text("1001022")


def test_the_ministry_signs_the_campaign_agencys_contract_from_its_plan_item(
    page: Page, live_server, visit, people, small_tree, tmp_path
):
    from integra.allocations.tests.factories import load_nbp_rate
    from integra.finance.models import ProcurementItem
    from integra.providers.tests.factories import make_provider

    demo.seed_components(pis_programme(small_tree))
    load_nbp_rate(tmp_path)
    agency = make_provider(kind="firm", name="Agencja Kampanii Sp. z o.o.")
    item = ProcurementItem.objects.get(reference="C-QCBS-01")
    hand_session_to(page, live_server, people["admin"])

    visit(page, f"/finanse/komponenty/pozycje/{item.pk}/umowy/")
    page.fill("#id_new-provider", agency.nip)
    page.fill("#id_new-number", "C/1/2008")
    page.fill("#id_new-signed_on", "2008-02-20")
    page.fill("#id_new-ministry_representative", "Dyrektor Departamentu")
    page.fill("#id_new-provider_representative", "Prezes Zarządu")
    page.fill("#id_new-starts_on", "2008-03-01")
    page.fill("#id_new-ends_on", "2009-12-31")
    page.fill("#id_new-value_pln", "359 020,00")
    page.fill("#id_new-instalments", "15.03.2008; 359 020,00")
    page.click("#sign-contract")
    check_page(page)
    expect(page.locator("#item-contract-table")).to_contain_text("C/1/2008")
    expect(page.locator("#item-status")).to_contain_text("umowa zawarta")
    expect(page.locator("#component-committed")).to_contain_text("100 000,00")
    page.set_viewport_size(PHONE)
    assert_no_sideways_scroll(page)
