"""Allocation runs in real Chromium: a ministry admin computes two runs, compares them and
publishes one; the coordinator of a gmina sees its allocation card and is refused the runs. Every
page passes the checks of `visit` (CSP, script errors, axe)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.test import Client
from playwright.sync_api import Page, expect

from conftest import verify_second_factor
from integra.core.actors import SystemActor
from tests.browser.conftest import check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-unusual-passphrase-7"
TAKING_PART = ["0601022", "1001022", "1001033"]


def hand_session_to(page: Page, live_server, user) -> None:
    """Sign the browser in as the user, second factor verified."""
    client = Client()
    client.force_login(user)
    verify_second_factor(client, user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


@pytest.fixture
def people(small_tree):
    from integra.accounts.models import Role
    from integra.accounts.services import create_user
    from integra.programmes.services import ProgrammeSpec, create_programme, qualify_gminas

    programme = create_programme(
        actor=SystemActor("test"),
        spec=ProgrammeSpec(
            code="PIS",
            name="Program Integracji Społecznej",
            starts_on=dt.date(2008, 1, 1),
            ends_on=dt.date(2010, 12, 31),
            budget_eur=Decimal("100000"),
        ),
        voivodeships=[small_tree["06"], small_tree["10"]],
    )
    qualify_gminas(
        actor=SystemActor("test"),
        programme=programme,
        gminas=[(small_tree[teryt], rank) for rank, teryt in enumerate(TAKING_PART, start=1)],
    )
    admin = create_user(
        actor=SystemActor("test"),
        username="admin",
        email="admin@example.gov.pl",
        password=PASSWORD,
        assignments=[(Role.MINISTRY_ADMIN, small_tree["PL"])],
    )
    coordinator = create_user(
        actor=SystemActor("test"),
        username="koordynator",
        email="koordynator@example.org",
        password=PASSWORD,
        assignments=[(Role.GMINA_COORDINATOR, small_tree["1001022"])],
    )
    return {"admin": admin, "coordinator": coordinator, "programme": programme}


def create_run(page: Page, method: str, budget: str) -> str:
    """Fill the new-run form of the list and return the address of the run page it leads to."""
    page.locator("#id_method").select_option(method)
    page.locator("#id_budget").fill(budget)
    page.locator("#run-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/alokacje/\d+/$"))
    check_page(page)
    return page.url


def test_an_admin_computes_compares_and_publishes_runs(people, page, visit, live_server):
    hand_session_to(page, live_server, people["admin"])
    visit(page, "/alokacje/")
    expect(page.locator("#run-table")).to_be_visible()

    # An impossible floor is refused at the form.
    page.locator("#id_budget").fill("1000")
    page.locator("#id_floor").fill("5000")
    page.locator("#run-form button[type=submit]").click()
    check_page(page)
    expect(page.locator("#form-errors")).to_be_visible()
    page.locator("#id_floor").fill("")

    first = create_run(page, "population", "100000")
    expect(page.locator("#result-table tbody tr")).to_have_count(len(TAKING_PART))
    visit(page, "/alokacje/")
    second = create_run(page, "equal", "90000")
    expect(page.locator("#result-table")).to_contain_text("30\u00a0000,00\u00a0EUR")

    page.locator("#compare-links a").first.click()
    expect(page).to_have_url(re.compile(r"/alokacje/\d+/porownaj/\d+/$"))
    check_page(page)
    expect(page.locator("#gmina-table tbody tr")).to_have_count(len(TAKING_PART))
    expect(page.locator("#voivodeship-table tbody tr")).to_have_count(2)

    visit(page, second.removeprefix(live_server.url))
    page.locator("main a[href$='/publikacja/']").click()
    check_page(page)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(second)
    check_page(page)
    expect(page.locator("[data-testid=locked]")).to_be_visible()
    expect(page.locator("main a[href$='/publikacja/']")).to_have_count(0)
    assert first != second


def test_a_coordinator_sees_the_allocation_card_and_is_refused_the_runs(
    people, page, visit, live_server
):
    from integra.allocations import services

    run = services.create_run(
        actor=SystemActor("test"),
        programme=people["programme"],
        params=services.RunParameters(method="equal", budget=Decimal("60000")),
    )
    services.publish_run(actor=SystemActor("test"), run=run)
    hand_session_to(page, live_server, people["coordinator"])
    visit(page, "/alokacje/gmina/1001022/")
    expect(page.locator("#allocation-card")).to_contain_text("20\u00a0000,00\u00a0EUR")
    visit(page, "/alokacje/gmina/1001033/", status=404)
    visit(page, "/alokacje/", status=403)
    visit(page, f"/alokacje/{run.pk}/", status=404)


def test_an_admin_amends_an_allocation_on_the_gmina_card(people, page, visit, live_server):
    from integra.allocations import services

    run = services.create_run(
        actor=SystemActor("test"),
        programme=people["programme"],
        params=services.RunParameters(method="equal", budget=Decimal("60000")),
    )
    services.publish_run(actor=SystemActor("test"), run=run)
    hand_session_to(page, live_server, people["admin"])
    visit(page, "/alokacje/gmina/1001022/")
    expect(page.locator("#tranches-PIS tbody tr")).to_have_count(3)

    page.locator("#id_PIS-amend-amount_eur").fill("25000")
    page.locator("#id_PIS-amend-reason").fill("Population corrected by GUS")
    page.locator("#amend-form-PIS button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/alokacje/gmina/1001022/#PIS$"))
    check_page(page)
    expect(page.locator("#amendments-PIS")).to_contain_text("Population corrected by GUS")
    expect(page.locator("#allocation-card")).to_contain_text("25\u00a0000,00\u00a0EUR")
    expect(page.locator(".history-table")).to_contain_text("allocations.allocation.amended")
