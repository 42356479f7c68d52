"""Every procurement page in real Chromium, in the state where it shows the most: the round's
page for the coordinator at each step, the forms, the offer's page with the formal check and the
scores, the public invitation and results for an anonymous visitor. Each passes the checks of
`visit` (CSP, script errors, axe) and none scrolls sideways at 390 px."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from integra.contracts import services
from integra.contracts.models import ProcurementRound
from integra.contracts.services import MemberInput
from integra.contracts.tests.factories import make_world, offer_input, round_input
from tests.browser.test_catalog import hand_session_to
from tests.browser.test_providers import no_sideways_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(personas, small_tree):
    return make_world(personas, small_tree)


def test_the_procurement_pages_pass_the_checks(page: Page, live_server, visit, world):
    coordinator = world.people.coordinator
    round_ = services.build_round(
        actor=coordinator, plan=world.version.plan, values=round_input(world)
    )
    hand_session_to(page, live_server, coordinator)
    for path in (
        "/nabory/",
        "/nabory/nowy/",
        f"/nabory/nowy/?plan={world.version.plan.pk}",
        f"/nabory/{round_.pk}/",
        f"/nabory/{round_.pk}/edycja/",
    ):
        visit(page, path)
        no_sideways_scroll(page)
    round_ = services.publish_round(actor=coordinator, round_=round_)
    offer = services.submit_offer(
        actor=world.people.provider,
        round_=round_,
        lot=round_.services.first(),
        provider=world.own,
        values=offer_input(world),
    )
    visit(page, f"/nabory/{round_.pk}/")
    visit(page, f"/nabory/{round_.pk}/oferta-papierowa/")
    no_sideways_scroll(page)
    ProcurementRound.objects.filter(pk=round_.pk).update(
        deadline_at=timezone.now() - dt.timedelta(minutes=1),
        meeting_at=timezone.now() - dt.timedelta(days=1),
    )
    round_.refresh_from_db()
    round_ = services.close_offers(actor=coordinator, round_=round_)
    services.set_committee(
        actor=coordinator, round_=round_, members=[MemberInput("Zofia Łęcka", "chair")]
    )
    visit(page, f"/nabory/{round_.pk}/")
    no_sideways_scroll(page)
    member = round_.committee.get()
    services.declare_impartiality(actor=coordinator, member=member, declared_on=dt.date.today())
    visit(page, f"/nabory/oferty/{offer.pk}/")
    services.check_offer(actor=coordinator, offer=offer, valid=True)
    visit(page, f"/nabory/oferty/{offer.pk}/")
    no_sideways_scroll(page)
    services.score_offer(
        actor=coordinator,
        offer=offer,
        member=member,
        points={c.pk: 8 for c in round_.criteria.all()},
    )
    round_ = services.evaluate_round(actor=coordinator, round_=round_)
    round_ = services.publish_results(actor=coordinator, round_=round_)
    visit(page, f"/nabory/{round_.pk}/")
    visit(page, f"/nabory/{round_.pk}/powtorzenie/")

    page.context.clear_cookies()
    for path in ("/nabory/ogloszenia/", f"/nabory/ogloszenia/{round_.pk}/"):
        visit(page, path)
        no_sideways_scroll(page)


def test_the_provider_pages_pass_the_checks(page: Page, live_server, visit, world):
    round_ = services.build_round(
        actor=world.people.coordinator, plan=world.version.plan, values=round_input(world)
    )
    round_ = services.publish_round(actor=world.people.coordinator, round_=round_)
    hand_session_to(page, live_server, world.people.provider)
    visit(page, f"/nabory/{round_.pk}/")
    visit(page, f"/nabory/{round_.pk}/oferta/")
    no_sideways_scroll(page)
    page.get_by_role("button", name="Wyślij ofertę").click()
    page.wait_for_load_state("load")
    assert page.locator("#form-errors").is_visible()
    visit(page, f"/nabory/{round_.pk}/oferta/")


def test_the_contract_pages_pass_the_checks(page: Page, live_server, visit, world):
    from integra.contracts.tests.factories import contract_terms, make_round, selected_offer

    coordinator = world.people.coordinator
    offer = selected_offer(world)
    failed = make_round(world, status="cancelled", cancel_reason="Brak ofert")
    hand_session_to(page, live_server, coordinator)
    for path in (
        f"/nabory/oferty/{offer.pk}/",
        f"/nabory/oferty/{offer.pk}/umowa/",
        f"/nabory/{failed.pk}/",
        f"/nabory/{failed.pk}/wybor-bezposredni/",
    ):
        visit(page, path)
        no_sideways_scroll(page)
    page.get_by_role("button", name="Zapisz zawartą umowę").click()
    page.wait_for_load_state("load")
    assert page.locator("#form-errors").is_visible()
    contract = services.sign_contract(
        actor=coordinator, offer=offer, terms=contract_terms(world, number="UM/1/2007")
    )
    visit(page, f"/nabory/umowy/{contract.pk}/")
    no_sideways_scroll(page)
    visit(page, f"/nabory/umowy/{contract.pk}/aneks/")
    page.get_by_label("Przyczyna aneksu").fill("Dłuższy okres")
    page.get_by_label("Data zawarcia aneksu").fill("2007-10-01")
    page.locator("#id_ends_on").fill("2008-02-28")
    page.get_by_role("button", name="Zapisz aneks").click()
    page.wait_for_load_state("load")
    assert "/aneksy/" in page.url
    visit(page, f"/nabory/umowy/{contract.pk}/aneksy/")
    no_sideways_scroll(page)


def test_the_report_pages_pass_the_checks(page: Page, live_server, visit, world):
    from integra.contracts.tests.factories import contract_terms, report_input, selected_offer
    from integra.core.actors import SystemActor

    contract = services.sign_contract(
        actor=world.people.coordinator,
        offer=selected_offer(world),
        terms=contract_terms(world, number="UM/2/2007"),
    )
    partial = contract.reports.get(kind="partial")
    services.mark_overdue_reports(actor=SystemActor("test"), today=dt.date(2007, 10, 1))
    hand_session_to(page, live_server, world.people.provider)
    visit(page, f"/nabory/sprawozdania/{partial.pk}/")
    visit(page, f"/nabory/sprawozdania/{partial.pk}/zlozenie/")
    no_sideways_scroll(page)
    page.get_by_role("button", name="Złóż sprawozdanie").click()
    page.wait_for_load_state("load")
    assert page.locator("#form-errors").is_visible()
    services.submit_report(
        actor=world.people.provider, report=partial, values=report_input(world), lock_version=1
    )
    page.context.clear_cookies()
    hand_session_to(page, live_server, world.people.coordinator)
    visit(page, f"/nabory/sprawozdania/{partial.pk}/")
    no_sideways_scroll(page)
    visit(page, "/nabory/sprawozdania/zalegle/")


def test_the_registers_and_the_provider_card_pass_the_checks(page: Page, live_server, visit, world):
    from integra.contracts.tests.factories import make_contract

    make_contract(world, provider=world.other)
    hand_session_to(page, live_server, world.people.admin)
    visit(page, "/nabory/")
    visit(page, "/uslugodawcy/")
    for kind in ("nabory", "oferty", "umowy", "sprawozdania"):
        visit(page, f"/nabory/rejestr/{kind}/")
        no_sideways_scroll(page)
    visit(page, "/nabory/rejestr/umowy/?value_from=x")
    visit(page, f"/uslugodawcy/{world.other.pk}/")
    assert page.locator("#provider-contract-table tbody tr").count() == 1
