"""The procurement journey in real Chromium, every page checked by `visit` (CSP, script errors,
axe): the coordinator builds a round from the approved plan and publishes it; an anonymous
visitor reads the invitation; the provider sends an offer from its account; the coordinator
registers a paper offer; the committee scores; the protocol PDF (its text has Polish letters);
the results are published; the contract is signed; the provider's partial report is returned
with a comment, fixed and accepted; the final report is accepted."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from integra.contracts.models import Contract, Offer, ProcurementRound, ProviderReport
from integra.contracts.tests.factories import make_world
from tests.browser.conftest import check_page
from tests.browser.test_catalog import hand_session_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPORT = {
    "#id_actions_done": "Wizyty opiekunek dwa razy w tygodniu",
    "#id_reach": "OS; K; 60/65+; 10\nOS; M; 60/65+; 6",
    "#id_results": "16 osób objętych opieką",
    "#id_costs": "Wynagrodzenia opiekunek; 6 199,20; 6 199,20",
}


@pytest.fixture
def world(personas, small_tree):
    return make_world(personas, small_tree)


def as_user(page: Page, live_server, user) -> None:
    page.context.clear_cookies()
    hand_session_to(page, live_server, user)


def local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def submit(page: Page, button: str) -> None:
    page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_load_state("load")
    check_page(page)


def fill(page: Page, values: dict[str, str]) -> None:
    for selector, value in values.items():
        page.locator(selector).fill(value)


def build_and_publish(page: Page, live_server, visit, world) -> ProcurementRound:
    as_user(page, live_server, world.people.coordinator)
    visit(page, "/nabory/nowy/")
    submit(page, "Dalej")
    deadline = timezone.now() + dt.timedelta(days=14)
    fill(
        page,
        {
            "#id_title": "Opieka sąsiedzka i świetlica — nabór 2007",
            "#id_meeting_at": local(deadline - dt.timedelta(days=7)),
            "#id_deadline_at": local(deadline),
            "#id_meeting_place": "Urząd Gminy, sala narad",
            "#id_criteria": "Cena; 60\nJakość usługi; 40",
        },
    )
    page.locator("#id_services_0").check()
    page.locator("#id_services_1").check()
    submit(page, "Zapisz")
    submit(page, "Ogłoś zaproszenie")
    expect(page.locator("#round-status")).to_contain_text("opublikowany")
    return ProcurementRound.objects.get()


def offers(page: Page, live_server, visit, world, round_: ProcurementRound) -> None:
    as_user(page, live_server, world.people.provider)
    visit(page, f"/nabory/{round_.pk}/oferta/")
    offer = {
        "#id_groups": "OS; 16; osoby samotne 75+",
        "#id_actions": "Sąsiedzka pomoc w domach osób starszych",
        "#id_schedule": "Wizyty opiekunek; 2007-Q3, 2007-Q4",
        "#id_expected_results": "16 osób starszych objętych opieką",
        "#id_cost_lines": "Wynagrodzenia opiekunek; 6 199,20",
    }
    fill(page, offer)
    page.locator("#id_non_duplication_declared").check()
    submit(page, "Wyślij ofertę")
    expect(page.locator("#offer-status")).to_contain_text("wpłynęła")
    as_user(page, live_server, world.people.coordinator)
    visit(page, f"/nabory/{round_.pk}/oferta-papierowa/")
    fill(
        page,
        offer
        | {
            "#id_identifier": world.other.nip,
            "#id_received_at": local(timezone.now()),
            "#id_cost_lines": "Usługa opiekuńcza; 6 100,00",
        },
    )
    page.locator("#id_non_duplication_declared").check()
    submit(page, "Zarejestruj ofertę")


def evaluate(page: Page, live_server, visit, round_: ProcurementRound) -> None:
    ProcurementRound.objects.filter(pk=round_.pk).update(
        deadline_at=timezone.now() - dt.timedelta(minutes=1),
        meeting_at=timezone.now() - dt.timedelta(days=1),
    )
    visit(page, f"/nabory/{round_.pk}/")
    submit(page, "Zamknij przyjmowanie ofert")
    page.locator("#id_members").fill("Zofia Łęcka; przewodnicząca\nJan Świerczyński")
    submit(page, "Zapisz skład komisji")
    for member in round_.committee.all():
        page.locator(f"#declared-{member.pk}").fill("2007-06-16")
        page.locator(f"#declared-{member.pk}").locator("xpath=../..").get_by_role(
            "button", name="Zapisz oświadczenie"
        ).click()
        page.wait_for_load_state("load")
    for offer, points in zip(Offer.objects.order_by("pk"), ("9", "6"), strict=True):
        visit(page, f"/nabory/oferty/{offer.pk}/")
        page.get_by_label("poprawna formalnie").check()
        submit(page, "Zapisz ocenę formalną")
        for member in round_.committee.all():
            page.locator("#id_member").select_option(str(member.pk))
            for criterion in round_.criteria.all():
                page.locator(f"#id_criterion_{criterion.pk}").fill(points)
            submit(page, "Zapisz ocenę")
    visit(page, f"/nabory/{round_.pk}/")
    submit(page, "Uszereguj oferty")
    pdf = page.request.get(live_server.url + page.locator("#protocol").get_attribute("href"))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)
    assert "Zofia Łęcka" in text and "Protokół" in text
    submit(page, "Ogłoś wyniki")


def sign(page: Page, visit, world) -> Contract:
    selected = Offer.objects.get(status="selected")
    visit(page, f"/nabory/oferty/{selected.pk}/")
    page.locator("#sign-contract").click()
    page.wait_for_load_state("load")
    check_page(page)
    fill(
        page,
        {
            "#id_number": "UM/1/2007",
            "#id_signed_on": "2007-07-02",
            "#id_gmina_representative": "Jan Wójt",
            "#id_provider_representative": "Anna Prezes",
            "#id_starts_on": "2007-07-02",
            "#id_ends_on": "2007-12-31",
            "#id_instalments": "16.07.2007; 1 859,76; zaliczka\n31.01.2008; 4 339,44",
            "#id_reports": "częściowe; 15.10.2007\nkońcowe; 15.01.2008",
        },
    )
    submit(page, "Zapisz zawartą umowę")
    expect(page.locator("#contract-status")).to_contain_text("zawarta")
    return Contract.objects.get()


def report(page: Page, live_server, visit, world, kind: str) -> ProviderReport:
    contract = Contract.objects.get()
    target = contract.reports.get(kind=kind)
    as_user(page, live_server, world.people.provider)
    visit(page, f"/nabory/sprawozdania/{target.pk}/zlozenie/")
    fill(
        page, REPORT | {"#id_documents": "1; RB/7/2007; 28.09.2007; Opiekunki; 6 199,20; 6 199,20"}
    )
    submit(page, "Złóż sprawozdanie")
    return target


def test_a_round_from_invitation_to_the_final_report(page: Page, live_server, visit, world):
    round_ = build_and_publish(page, live_server, visit, world)
    page.context.clear_cookies()
    visit(page, f"/nabory/ogloszenia/{round_.pk}/")
    expect(page.locator("#invitation-facts")).to_contain_text("Urząd Gminy, sala narad")
    offers(page, live_server, visit, world, round_)
    evaluate(page, live_server, visit, round_)
    page.context.clear_cookies()
    visit(page, f"/nabory/ogloszenia/{round_.pk}/")
    expect(page.locator("#results")).to_contain_text(world.own.name)
    as_user(page, live_server, world.people.coordinator)
    contract = sign(page, visit, world)

    partial = report(page, live_server, visit, world, "partial")
    as_user(page, live_server, world.people.coordinator)
    visit(page, f"/nabory/sprawozdania/{partial.pk}/")
    page.locator("#id_comment").fill("Brak podpisu na rachunku RB/7/2007.")
    submit(page, "Zwróć z uwagami")
    as_user(page, live_server, world.people.provider)
    visit(page, f"/nabory/sprawozdania/{partial.pk}/")
    expect(page.locator("#return-comment")).to_contain_text("Brak podpisu")
    report(page, live_server, visit, world, "partial")
    as_user(page, live_server, world.people.coordinator)
    visit(page, f"/nabory/sprawozdania/{partial.pk}/")
    submit(page, "Przyjmij sprawozdanie")
    final = report(page, live_server, visit, world, "final")
    as_user(page, live_server, world.people.coordinator)
    visit(page, f"/nabory/sprawozdania/{final.pk}/")
    submit(page, "Przyjmij sprawozdanie")
    contract.refresh_from_db()
    assert contract.status == "final_report_accepted"
    visit(page, f"/nabory/umowy/{contract.pk}/")
    expect(page.locator("#contract-status")).to_contain_text("sprawozdanie końcowe przyjęte")
