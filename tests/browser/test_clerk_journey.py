"""The gmina clerk's path, counted (issue 11): a new coordinator of a gmina with no strategy,
invited by the ministry, goes from the invitation's link to a submitted 2008 Action Plan with
five services — one for each of the four target groups and a training — filling in no optional
field. Every click, typed field, choice and answered confirmation is one action; the path must
take at most MAX_ACTIONS, on a desktop and on a 390 px phone, and no page on the way may scroll
sideways or fail the accessibility checks.

The data is the programme's: the packaged service catalogue, the NBP archive tables of 2007 and
2008 from the data folder, a 2006–2010 programme with the gmina's published allocation."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from integra.core.actors import SystemActor
from tests.browser.conftest import PHONE, assert_no_sideways_scroll, check_page

pytestmark = [pytest.mark.browser, pytest.mark.realdata, pytest.mark.django_db(transaction=True)]

MAX_ACTIONS = 80
PASSWORD = "Wiosna-w-Widawie-2008!"
ALLOCATION_EUR = Decimal("85700")  # Widawa's allocation in the issue

# The five services: (title, service type, target group or None, beneficiaries, cost in PLN as
# a clerk types it, Polish style).
SERVICES = [
    ("Sąsiedzka pomoc dla seniorów", "OS-02 — Neighbourly help", 16, "6199,20"),
    ("Świetlica szkolna", "DM-02 — Community day-rooms", 170, "42957,43"),
    ("Opieka dzienna nad dziećmi", "RD-03 — Part-time day care", 20, "18 000"),
    ("Festyn integracyjny", "SP-01 — Festivals and integration events", 300, "5000"),
    ("Szkolenie realizatorów usług", "SZ-01 — Training and expert support", 12, "3000,50"),
]


class Clerk:
    """The person at the keyboard: every action goes through here and is counted; every page
    reached is checked (CSP, script errors, axe) and must fit the window's width."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.actions = 0
        self.log: list[str] = []
        page.on("dialog", self._answer)

    def _answer(self, dialog: Any) -> None:
        self._count(f"confirm: {dialog.message[:40]}")
        dialog.accept()

    def _count(self, what: str) -> None:
        self.actions += 1
        self.log.append(what)

    def arrived(self) -> None:
        check_page(self.page)
        assert_no_sideways_scroll(self.page)

    def open(self, url: str) -> None:
        self._count(f"open {url}")
        self.page.goto(url)
        self.arrived()

    def follow(self, link: Locator) -> None:
        self._count(f"follow {link}")
        link.click()
        self.arrived()

    def press(self, button: Locator) -> None:
        self._count(f"press {button}")
        button.click()
        self.arrived()

    def type(self, field: Locator, text: str) -> None:
        self._count(f"type {text!r}")
        field.fill(text)

    def choose(self, field: Locator, label: str) -> None:
        self._count(f"choose {label!r}")
        field.select_option(label=label)

    def tick(self, box: Locator) -> None:
        self._count(f"tick {box}")
        box.check()

    def add_row(self, button: Locator) -> None:
        """htmx adds the row in place: no page load, the place kept."""
        self._count("add a row")
        button.click()


@pytest.fixture
def widawa(small_tree, data_dir, personas):
    """A gmina taking part in PIS-2006 with its published allocation and no strategy; the
    catalogue and the NBP tables loaded by their importers; the clerk invited by the ministry."""
    from integra.accounts.models import Role
    from integra.accounts.services.users import Invitation, invite_user
    from integra.allocations.models import AllocationResult, AllocationRun
    from integra.catalog.demo import seed_catalogue
    from integra.programmes.models import Participation, Programme
    from integra.programmes.services import import_exchange_rates

    actor = SystemActor("test")
    gmina = small_tree["1001022"]
    seed_catalogue(actor=actor)
    folder = data_dir / "nbp" / "archive-xls"
    import_exchange_rates(
        actor=actor,
        paths=[folder / f"archiwum_tab_a_{year}.xls" for year in (2007, 2008)],
        currencies={"EUR"},
    )
    programme = Programme.objects.create(
        code="PIS-2006",
        name="Program Integracji Społecznej",
        starts_on=dt.date(2006, 1, 1),
        ends_on=dt.date(2010, 12, 31),
        budget_eur=Decimal("40000000"),
    )
    run = AllocationRun.objects.create(
        programme=programme,
        method=AllocationRun.Method.EQUAL,
        data_year=2010,
        budget_eur=ALLOCATION_EUR,
        created_by_label="test",
        status=AllocationRun.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    Participation.objects.create(programme=programme, gmina=gmina)
    AllocationResult.objects.create(run=run, gmina=gmina, amount_eur=ALLOCATION_EUR)
    invite_user(
        actor=personas.admin,
        invitation=Invitation(
            username="widawa",
            email="gops@widawa.example.pl",
            role=Role.GMINA_COORDINATOR,
            territory=gmina,
            first_name="Joanna",
            last_name="Kowalczyk",
        ),
        site_url="http://integra.invalid",
    )
    (message,) = mail.outbox
    link = re.search(r"http://integra\.invalid(\S+)", message.body)
    assert link, message.body
    return {"gmina": gmina, "programme": programme, "path": link.group(1)}


@pytest.mark.parametrize("viewport", [{"width": 1366, "height": 768}, PHONE], ids=["desk", "390"])
def test_from_the_invitation_to_a_submitted_plan_in_at_most_80_actions(
    widawa, page, live_server, viewport
):
    from integra.action_plans.models import PlanVersion

    page.set_viewport_size(viewport)
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    clerk = Clerk(page)

    # The e-mail's link: a password, and the clerk is signed in, at home.
    clerk.open(live_server.url + widawa["path"])
    clerk.type(page.get_by_label("New password", exact=True), PASSWORD)
    clerk.type(page.get_by_label("New password confirmation"), PASSWORD)
    clerk.press(page.get_by_role("button", name="Set the password"))
    expect(page).to_have_url(live_server.url + "/")

    # Home says the strategy comes first and opens it pre-filled (gmina, period, title).
    main = page.get_by_role("main")
    clerk.follow(main.get_by_role("link", name="Create the strategy").first)
    clerk.press(page.get_by_role("button", name="Create the strategy"))
    expect(page).to_have_url(re.compile(r"/plany/strategie/\d+/$"))

    # What an adoption needs: a diagnosis entry and a strategic goal; then the consultation
    # and the council's resolution.
    clerk.follow(page.get_by_role("link", name="Add a diagnosis entry"))
    clerk.choose(page.get_by_label("Target group"), "OS — Elderly people")
    clerk.type(page.get_by_label("Problem"), "Samotność osób starszych na wsi.")
    clerk.press(page.get_by_role("button", name="Save"))
    clerk.follow(page.get_by_role("link", name="Add a goal"))
    clerk.type(page.get_by_role("textbox", name="Goal", exact=True), "Aktywni mieszkańcy gminy")
    clerk.press(page.get_by_role("button", name="Save"))
    clerk.follow(page.get_by_role("link", name="Start the consultation"))
    clerk.press(page.get_by_role("button", name="Start the consultation"))
    clerk.follow(page.get_by_role("link", name="Record the adoption"))
    clerk.type(page.get_by_label("Council resolution number"), "XII/85/2007")
    clerk.type(page.get_by_label("Council resolution date"), "2007-11-29")
    clerk.press(page.get_by_role("button", name="Record the adoption"))
    expect(page.get_by_test_id("strategy-status").first).to_have_text("adopted")

    # Home again: the plan for 2008, pre-filled (year, a date with an NBP rate, the strategy).
    clerk.follow(page.get_by_role("link", name="Integra").first)
    clerk.follow(page.get_by_role("link", name="Draft the plan for 2008"))
    clerk.press(page.get_by_role("button", name="Draft the plan"))
    expect(page).to_have_url(re.compile(r"/edycja/$"))

    # Five services, each row added in place.
    for number, (title, kind, beneficiaries, cost) in enumerate(SERVICES, start=1):
        if number > 1:
            clerk.add_row(page.get_by_role("button", name="Add a row"))
        row = page.get_by_role("group", name=f"Planned service {number}", exact=True)
        expect(row).to_be_visible()
        clerk.type(row.get_by_role("textbox", name="Service", exact=True), title)
        clerk.choose(row.get_by_label("Service type"), kind)
        goal = row.get_by_label("Strategy goal")
        if not goal.input_value():
            clerk.choose(goal, "1. Aktywni mieszkańcy gminy")
        clerk.tick(row.get_by_label("The whole year"))
        clerk.type(row.get_by_label("Planned beneficiaries"), str(beneficiaries))
        clerk.type(row.get_by_label("Planned cost (PLN)"), cost)
        clerk.choose(row.get_by_label("Provider type"), "non-governmental organisation")
        clerk.tick(row.get_by_label("Does not duplicate services paid from public funds"))
    clerk.press(page.get_by_role("button", name="Save the plan"))
    clerk.press(page.get_by_role("button", name="Submit to the region"))

    version = PlanVersion.objects.get(plan__gmina=widawa["gmina"], plan__year=2008)
    assert version.status == PlanVersion.Status.SUBMITTED
    services = list(version.services.order_by("position"))
    assert [s.planned_cost_pln for s in services] == [
        Decimal("6199.20"),
        Decimal("42957.43"),
        Decimal("18000.00"),
        Decimal("5000.00"),
        Decimal("3000.50"),
    ]
    assert {g.code for s in services for g in s.groups.all()} == {"OS", "DM", "RD", "SP"}
    assert clerk.actions <= MAX_ACTIONS, "\n".join(clerk.log)
    print(f"\nthe clerk's path at {viewport['width']} px: {clerk.actions} actions")
