"""Phones (issue 11, Build 8) and years (Build 6): at 390 px no page of the gmina's path or of the
lists scrolls sideways — a wide table scrolls inside its own box, long words wrap — and no page
prints a year with a thousands separator ("2 007")."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page

from conftest import verify_second_factor
from integra.action_plans import services as plan_services
from integra.action_plans.tests.factories import (
    AS_OF,
    content,
    make_catalogue,
    make_programme,
    make_rates,
    make_strategy,
)
from tests.browser.conftest import PHONE, assert_no_sideways_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A year of the programme's period printed with a separator: "2 007" (a no-break space).
GROUPED_YEAR = re.compile(r"\b[12][\u00a0\u202f ](9\d\d|0\d\d|1\d\d)\b(?![,.]\d)")


def sign_in(page: Page, live_server, user, language: str = "pl") -> None:
    client = Client()
    client.force_login(user)
    verify_second_factor(client, user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            },
            {"name": "django_language", "value": language, "url": live_server.url},
        ]
    )


@pytest.fixture
def world(personas, small_tree):
    from types import SimpleNamespace

    make_rates()
    catalogue = make_catalogue()
    strategy = make_strategy(small_tree["1001022"])
    programme = make_programme(small_tree)
    world = SimpleNamespace(
        programme=programme,
        catalogue=catalogue,
        strategy=strategy.strategy,
        goal=strategy.operational,
        gmina=small_tree["1001022"],
    )
    version = plan_services.create_action_plan(
        actor=personas.coordinator,
        programme=programme,
        gmina=world.gmina,
        year=2007,
        as_of=AS_OF,
    )
    plan_services.save_plan_version(
        actor=personas.coordinator,
        version=version,
        content=content(world),
        lock_version=version.lock_version,
    )
    world.plan = version.plan
    return world


def pages_of(world) -> dict[str, list[str]]:
    """The representative pages, by the persona who reads them."""
    return {
        "coordinator": [
            reverse("dashboards:home"),
            reverse("territories:territory-list"),
            reverse("territories:territory-detail", args=["1001022"]),
            reverse("strategies:strategy-list"),
            reverse("strategies:strategy-detail", args=[world.strategy.pk]),
            reverse("strategies:strategy-create"),
            reverse("action_plans:action-plan-list"),
            reverse("action_plans:action-plan-detail", args=[world.plan.pk]),
            reverse("allocations:gmina-card", args=["1001022"]),
            reverse("accounts:profile"),
        ],
        "admin": [
            reverse("dashboards:programme-list"),
            reverse("dashboards:programme-overview", args=[world.programme.code]),
            reverse("catalog:service-type-list"),
            reverse("audit:event-list"),
            reverse("accounts:user-list"),
            reverse("allocations:run-list"),
        ],
    }


def test_no_page_scrolls_sideways_on_a_phone(world, personas, browser, live_server):
    context = browser.new_context(viewport=PHONE, locale="pl-PL", reduced_motion="reduce")
    page = context.new_page()
    failures = []
    try:
        for persona, paths in pages_of(world).items():
            sign_in(page, live_server, getattr(personas, persona))
            for path in paths:
                response = page.goto(live_server.url + path)
                assert response is not None and response.status == 200, path
                try:
                    assert_no_sideways_scroll(page)
                except pytest.fail.Exception as failure:
                    failures.append(str(failure))
                text = page.locator("body").inner_text()
                if match := GROUPED_YEAR.search(text):
                    failures.append(f"{path} prints a year as {match.group(0)!r}")
    finally:
        context.close()
    assert not failures, "\n".join(failures)
