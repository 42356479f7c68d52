"""The finance pages in real Chromium: the ministry's components and procurement-plan status.
Every page passes the checks of `visit` (CSP, script errors, axe) and none scrolls sideways at
390 px (the wide tables scroll inside their own region)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from integra.allocations.tests.factories import pis_programme
from integra.core.actors import SystemActor
from integra.finance import demo
from tests.browser.conftest import PHONE, assert_no_sideways_scroll
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
