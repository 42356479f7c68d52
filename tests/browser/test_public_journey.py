"""An anonymous visitor in real Chromium: the public programme page → its allocation map (drawn
under the strict CSP) → a gmina's page → a good practice → an open invitation; the good-practice
search and the open data page. Every page passes axe (WCAG 2.1 AA) and fits a phone's width."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from integra.dashboards.tests.test_public import NATURAL_PERSON, site  # noqa: F401 (a fixture)
from tests.browser.conftest import PHONE, assert_no_sideways_scroll, check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DRAW_TIMEOUT_MS = 20_000


def test_the_public_walks_from_the_programme_to_an_open_invitation(site, page: Page, visit):  # noqa: F811
    visit(page, "/public/")
    page.get_by_role("link", name=f"{site.world.programme.name} ({site.code})").click()
    check_page(page)
    expect(page.locator("h1")).to_have_text(site.world.programme.name)

    page.locator("#map-link").click()
    check_page(page)
    expect(page.locator("#allocation-map")).to_have_attribute(
        "data-drawn", "gmina/amount", timeout=DRAW_TIMEOUT_MS
    )
    gmina = site.world.gmina
    page.locator("#map-table").get_by_role("link", name=gmina.name, exact=True).click()
    check_page(page)
    expect(page.locator("h1")).to_contain_text(gmina.name)
    body = page.locator("main").inner_text()
    assert "osoba fizyczna" in body and NATURAL_PERSON not in body

    page.get_by_role("link", name=site.practice.title).click()
    check_page(page)
    expect(page.locator("h1")).to_have_text(site.practice.title)
    page.get_by_role("link", name=f"Gmina {gmina.name}").click()
    check_page(page)

    page.get_by_role("link", name=site.invitation.title).click()
    check_page(page)
    assert f"/nabory/ogloszenia/{site.invitation.pk}/" in page.url


def test_the_public_finds_a_practice_and_the_open_data(site, page: Page, visit):  # noqa: F811
    visit(page, "/public/practices/")
    page.get_by_label("Tekst").fill("wakacje")
    page.get_by_label("Województwo").select_option("10")
    page.get_by_role("button", name="Filtruj").click()
    check_page(page)
    expect(page.locator("#practices h2")).to_have_text([site.practice.title])
    visit(page, "/public/events/")
    visit(page, "/public/invitations/")
    visit(page, "/public/data/")
    expect(page.get_by_role("link", name="XML")).to_have_count(1)


def test_the_public_pages_fit_a_phone(site, page: Page, visit):  # noqa: F811
    page.set_viewport_size(PHONE)
    for path in [
        "/public/",
        f"/public/programmes/{site.code}/",
        f"/public/gminas/{site.world.gmina.teryt}/",
        "/public/practices/",
        f"/public/practices/{site.practice.pk}/",
        "/public/events/",
        "/public/invitations/",
        "/public/data/",
    ]:
        visit(page, path)
        assert_no_sideways_scroll(page)
