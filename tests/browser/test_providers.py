"""The providers' register in real Chromium: a coordinator searches the register, tries to
register a twin (refused, pointed to the first), registers a provider with a mistyped NIP (the
error at its field), fixes it; a provider user sees only its own card. Every page passes the
checks of `visit` (CSP, script errors, axe) and none scrolls sideways at 390 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from integra.core.actors import SystemActor
from integra.providers import rules
from integra.providers.tests.factories import join, make_provider, provider_values
from tests.browser.conftest import check_page
from tests.browser.test_catalog import hand_session_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-unusual-passphrase-7"


def no_sideways_scroll(page: Page) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, f"{page.url} scrolls sideways ({width} px)"
    page.set_viewport_size({"width": 1280, "height": 900})


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
        "coordinator": user("koordynator", Role.GMINA_COORDINATOR, "1001022"),
        "provider": user("uslugodawca", Role.PROVIDER, "PL"),
        "admin": user("admin", Role.MINISTRY_ADMIN, "PL"),
    }


def test_a_coordinator_finds_a_twin_and_registers_a_provider(
    page: Page, live_server, visit, people
):
    first = make_provider("1001033", name="Stowarzyszenie Pierwsze")
    person = make_provider("1001022", kind=rules.NATURAL_PERSON, name="Jan Opiekun")
    hand_session_to(page, live_server, people["coordinator"])

    visit(page, "/uslugodawcy/")
    no_sideways_scroll(page)
    page.get_by_label("Nazwa, NIP, REGON lub KRS").fill(first.nip[:6])
    page.get_by_role("button", name="Filtruj").click()
    check_page(page)
    expect(page.locator("#provider-table tbody tr")).to_have_count(1)

    visit(page, f"/uslugodawcy/{person.pk}/")
    no_sideways_scroll(page)
    expect(page.locator("#provider-pesel")).not_to_contain_text("*")

    visit(page, "/uslugodawcy/nowy/")
    no_sideways_scroll(page)
    values = provider_values(name="Fundacja Nowa", kind=rules.FOUNDATION)
    page.get_by_label("Rodzaj").select_option(rules.FOUNDATION)
    page.get_by_label("Nazwa", exact=False).first.fill(values.name)
    page.locator("#id_nip").fill(first.nip)
    page.locator("#id_regon").fill(values.regon)
    page.locator("#id_krs").fill(values.krs)
    page.locator("#id_seat_gmina").select_option("1001022")
    page.get_by_role("button", name="Zapisz").click()
    check_page(page)
    expect(page.locator("#existing-provider")).to_contain_text("Stowarzyszenie Pierwsze")
    expect(page.locator("#id_nip_error")).to_contain_text("już istnieje")

    page.locator("#id_nip").fill("123-456-78-90")
    page.get_by_role("button", name="Zapisz").click()
    check_page(page)
    expect(page.locator("#id_nip_error")).to_contain_text(
        "NIP 123-456-78-90 ma błędną cyfrę kontrolną — sprawdź numer."
    )
    no_sideways_scroll(page)

    page.locator("#id_nip").fill(values.nip)
    page.get_by_role("button", name="Zapisz").click()
    check_page(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Fundacja Nowa")


def test_a_provider_user_sees_its_own_card_only_and_the_admin_merges(
    page: Page, live_server, visit, people
):
    own, other = make_provider("1001022"), make_provider("0601022")
    join(own, people["provider"])
    hand_session_to(page, live_server, people["provider"])

    visit(page, "/uslugodawcy/")
    expect(page.locator("#provider-table tbody tr")).to_have_count(1)
    visit(page, f"/uslugodawcy/{own.pk}/")
    visit(page, f"/uslugodawcy/{other.pk}/", status=404)

    page.context.clear_cookies()
    hand_session_to(page, live_server, people["admin"])
    visit(page, f"/uslugodawcy/{own.pk}/scalenie/")
    no_sideways_scroll(page)
    visit(page, f"/uslugodawcy/{own.pk}/zaproszenie/")
