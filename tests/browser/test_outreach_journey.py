"""Trainings in real Chromium (issue 15, Done when): the region plans a training, a gmina
registers two people (a mistake shown at its field first), the region takes the attendance and
the gmina downloads a participant's Polish certificate; the expert-support, campaign and
notification pages on the way. Every page passes the checks of `visit` (CSP, script errors,
axe)."""

from __future__ import annotations

import io

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from integra.action_plans.tests.factories import make_programme, make_rates
from integra.core.actors import SystemActor
from integra.outreach.models import TrainingSession
from tests.browser.conftest import check_page
from tests.browser.test_catalog import hand_session_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-unusual-passphrase-7"


@pytest.fixture
def people(small_tree):
    from integra.accounts.models import Role
    from integra.accounts.services import create_user

    make_rates()
    make_programme(small_tree)

    def user(name, role, teryt):
        return create_user(
            actor=SystemActor("test"),
            username=name,
            email=f"{name}@example.org",
            password=PASSWORD,
            assignments=[(role, small_tree[teryt])],
        )

    return {
        "officer": user("rops", Role.REGIONAL_OFFICER, "10"),
        "coordinator": user("koordynator", Role.GMINA_COORDINATOR, "1001022"),
    }


def register(page: Page, name: str, function: str, email: str) -> None:
    page.locator("#id_reg-full_name").fill(name)
    page.locator("#id_reg-function").fill(function)
    page.locator("#id_reg-email").fill(email)
    page.get_by_role("button", name="Zgłoś osobę").click()
    check_page(page)


def test_a_gmina_registers_two_people_attendance_is_taken_and_a_certificate_downloaded(
    page: Page, live_server, visit, people
):
    today = timezone.localdate().isoformat()
    hand_session_to(page, live_server, people["officer"])
    visit(page, "/wsparcie/szkolenia/nowe/")
    page.locator("#id_topic").fill("Współpraca z organizacjami pozarządowymi")
    page.locator("#id_trainer_name").fill("dr Zofia Żółkiewska")
    for field in ("#id_starts_on", "#id_ends_on", "#id_registration_closes_on"):
        page.locator(field).fill(today)
    page.locator("#id_place").fill("Łódź, ROPS")
    page.get_by_label("koordynatorzy gminni").check()
    page.locator("#id_capacity").fill("20")
    page.get_by_role("button", name="Zapisz").click()
    check_page(page)
    session = TrainingSession.objects.get()
    expect(page.locator("h1")).to_contain_text("Współpraca z organizacjami")

    def sign_in_as(who: str) -> Page:
        page.context.clear_cookies()
        hand_session_to(page, live_server, people[who])
        return page

    coordinator = sign_in_as("coordinator")
    visit(coordinator, "/wsparcie/szkolenia/")
    coordinator.get_by_role("link", name="Współpraca z organizacjami pozarządowymi").click()
    check_page(coordinator)
    register(coordinator, "Anna Żak", "", "zle")
    expect(coordinator.locator("#id_reg-function_error")).to_be_visible()
    expect(coordinator.locator("#id_reg-email_error")).to_be_visible()
    register(coordinator, "Anna Żak", "pracownica socjalna", "anna@example.org")
    register(coordinator, "Łukasz Bąk", "koordynator", "lukasz@example.org")
    expect(coordinator.locator("#places")).to_have_text("2 / 20")

    sign_in_as("officer")
    visit(page, f"/wsparcie/szkolenia/{session.pk}/")
    page.get_by_label("Anna Żak obecny(-a)").check()
    page.get_by_label("Łukasz Bąk obecny(-a)").check()
    page.get_by_role("button", name="Zapisz obecność").click()
    check_page(page)
    expect(page.locator(".alert-success")).to_contain_text("2 z 2")

    sign_in_as("coordinator")
    visit(coordinator, f"/wsparcie/szkolenia/{session.pk}/")
    with coordinator.expect_download() as download:
        coordinator.get_by_role("link", name="Zaświadczenie (PDF) — Anna Żak").click()
    with open(download.value.path(), "rb") as handle:
        pdf = PdfReader(io.BytesIO(handle.read()))
    text = "\n".join(p.extract_text() for p in pdf.pages)
    assert "Zaświadczenie" in text and "Anna Żak" in text and "Współpraca" in text

    for path in (
        "/wsparcie/eksperci/",
        "/wsparcie/eksperci/nowa-prosba/",
        "/wsparcie/eksperci/lista/",
        "/wsparcie/kampania/",
        "/wsparcie/powiadomienia/",
    ):
        visit(coordinator, path)
    sign_in_as("officer")
    visit(page, "/wsparcie/kampania/nowe/")
