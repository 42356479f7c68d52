"""The consultant's portfolio board: the gminas of their scope with five lights, each a word
and a link; sortable; its export holds exactly the rows shown; the API the same figures; a flat
number of queries whatever the number of gminas."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from integra.contracts import models as contract_models
from integra.contracts.tests.factories import make_contract, make_world
from integra.core import settlement
from integra.core.actors import SystemActor
from integra.dashboards import rules
from integra.dashboards.selectors import board as selectors
from integra.programmes.models import Participation, Programme
from integra.territories import demo as territory_demo
from integra.territories.models import Territory

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2008, 3, 1)


@pytest.fixture
def world(personas, small_tree):
    return make_world(personas, small_tree)


def overdue_report(world, due_on=dt.date(2007, 10, 15)):
    contract = make_contract(world)
    return contract_models.ProviderReport.objects.create(
        contract=contract, kind="partial", number=1, due_on=due_on
    )


def board_of(user, **kwargs):
    programme = Programme.objects.get(code="PIS")
    return selectors.portfolio_board(
        user=user, programme=programme, programmes=[programme], as_of=AS_OF, **kwargs
    )


def test_rules_of_spending_and_time():
    assert rules.time_share(dt.date(2007, 1, 1), dt.date(2007, 12, 31), dt.date(2007, 12, 31)) == 1
    assert rules.time_share(dt.date(2007, 1, 1), dt.date(2007, 12, 31), dt.date(2006, 5, 1)) == 0
    assert rules.spending_state(Decimal("0.10"), Decimal("0.05")) == rules.NONE
    assert rules.spending_state(Decimal("0.50"), Decimal("0.60")) == rules.OK
    assert rules.spending_state(Decimal("0.40"), Decimal("0.60")) == rules.WARN
    assert rules.spending_state(Decimal("0.20"), Decimal("0.60")) == rules.BAD
    assert rules.spending_state(None, Decimal("0.60")) == rules.NONE


def test_a_consultant_sees_the_gminas_of_their_region_only(world):
    board = board_of(world.people.consultant)

    assert [row.gmina.teryt for row in board.rows] == ["1001022", "1001033"]
    assert board.year == 2008


def test_an_overdue_report_is_a_red_light_linking_the_report(world):
    report = overdue_report(world)

    row = board_of(world.people.consultant).rows[0]

    light = row.lights[selectors.REPORTS]
    assert light.state == rules.BAD
    assert light.count == 1
    assert light.href == reverse("contracts:report-detail", args=[report.pk])
    neighbour = board_of(world.people.consultant).rows[1]
    assert neighbour.lights[selectors.REPORTS].state == rules.NONE


def test_a_quarterly_report_late_or_waiting_too_long_for_review_is_red(world, settings):
    from integra.monitoring import services as monitoring

    settings.INTEGRA_PROGRESS_REPORT_DAYS, settings.INTEGRA_REVIEW_DAYS = 30, 14
    coordinator = world.people.coordinator
    late = monitoring.create_report(
        actor=coordinator, programme=world.programme, gmina=world.gmina, period="2007-Q3"
    )
    # Still a draft 30 days after its quarter (due 30.10.2007): red for the gmina.
    light = board_of(world.people.consultant).rows[0].lights[selectors.REPORTS]
    assert (light.state, light.count) == (rules.BAD, 1)
    assert light.href == reverse("monitoring:report-detail", args=[late.pk])
    assert "quarterly progress report" in light.text
    # Submitted: waiting for the consultant, red once INTEGRA_REVIEW_DAYS have gone.
    monitoring.submit_report(actor=coordinator, report=late, lock_version=late.lock_version)
    submitted_at = dt.datetime(2008, 2, 1, 12, tzinfo=dt.UTC)
    type(late).objects.filter(pk=late.pk).update(submitted_at=submitted_at)
    assert board_of(world.people.consultant).rows[0].lights[selectors.REPORTS].state == rules.BAD
    type(late).objects.filter(pk=late.pk).update(
        submitted_at=dt.datetime(2008, 2, 20, tzinfo=dt.UTC)
    )
    assert board_of(world.people.consultant).rows[0].lights[selectors.REPORTS].state == rules.NONE


def test_a_plan_not_drafted_after_its_due_day_is_red(world, settings):
    settings.INTEGRA_PLAN_DUE = "01-31"

    row = board_of(world.people.consultant).rows[1]  # the neighbour has no plan for 2008

    assert row.lights[selectors.PLAN].state == rules.BAD
    assert "action-plan" not in row.lights[selectors.PLAN].href
    assert row.lights[selectors.PLAN].href.startswith(reverse("action_plans:action-plan-new"))


def test_a_round_without_results_long_after_its_deadline_is_red(world):
    contract = make_contract(world)
    round_ = contract.failed_round
    round_.status = contract_models.ProcurementRound.Status.OFFERS_CLOSED
    round_.cancel_reason = ""
    round_.save()

    light = board_of(world.people.consultant).rows[0].lights[selectors.ROUND]

    assert light.state == rules.BAD
    assert light.href == reverse("contracts:round-detail", args=[round_.pk])


def test_settlement_missing_and_the_registry_of_other_sources(world):
    contract = make_contract(world, status=contract_models.Contract.Status.FINAL_REPORT_ACCEPTED)
    contract_models.ProviderReport.objects.create(
        contract=contract,
        kind="final",
        number=1,
        due_on=dt.date(2007, 12, 31),
        status="accepted",
        accepted_at=selectors.timezone.make_aware(dt.datetime(2007, 12, 20)),
    )
    gmina_id = world.neighbour_gmina.pk
    settlement.register(
        "test",
        lambda programme, ids, as_of: {gmina_id: [settlement.Missing("Rozliczenie 2007", "/x/")]},
    )
    try:
        rows = board_of(world.people.consultant).rows
    finally:
        settlement.SOURCES.pop("test")

    assert rows[0].lights[selectors.SETTLEMENT].state == rules.BAD
    assert rows[0].lights[selectors.SETTLEMENT].href == reverse(
        "contracts:contract-detail", args=[contract.pk]
    )
    assert rows[1].lights[selectors.SETTLEMENT].state == rules.BAD
    assert rows[1].lights[selectors.SETTLEMENT].href == "/x/"


def test_spending_compares_the_paid_share_with_the_time_gone(world):
    contract = make_contract(world, value=Decimal("6000.00"))
    contract_models.Instalment.objects.create(
        contract=contract, number=1, due_on=dt.date(2007, 7, 1), amount_pln=Decimal("1800.00")
    )

    row = board_of(world.people.consultant).rows[0]

    # 1,800 PLN of a 6,000 PLN contract paid by the schedule, far behind 2/5 of the time.
    assert row.paid_percent is not None and row.paid_percent > 0
    assert row.committed_percent > row.paid_percent
    assert row.lights[selectors.SPENDING].state == rules.BAD
    assert "schedule" in row.lights[selectors.SPENDING].text


def test_sorting_puts_the_red_lights_first_and_reverses(world):
    overdue_report(world)
    neighbour_first = board_of(world.people.consultant, sort=selectors.GMINA, descending=True)
    assert [r.gmina.teryt for r in neighbour_first.rows] == ["1001033", "1001022"]

    board = board_of(world.people.consultant, sort=selectors.REPORTS)
    assert board.rows[0].lights[selectors.REPORTS].state == rules.BAD
    board = board_of(world.people.consultant, sort=selectors.REPORTS, descending=True)
    assert board.rows[-1].lights[selectors.REPORTS].state == rules.BAD


def test_the_page_shows_words_a_legend_and_sort_links(world, signed_in):
    overdue_report(world)
    client = signed_in(world.people.consultant)

    response = client.get(reverse("dashboards:board"), {"as_of": "2008-03-01", "sort": "reports"})

    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="board-legend"' in page
    for word in ("act now", "watch", "in order", "nothing yet"):
        assert word in page
    assert 'aria-sort="ascending"' in page
    assert "sort=reports&amp;order=desc" in page
    assert reverse("dashboards:board-export", args=["xlsx"]) in page


@pytest.mark.parametrize("value", ["20071-01-01", "nonsense", "9999-12-31"])
def test_a_mistyped_day_or_sort_shows_the_default(world, signed_in, value):
    client = signed_in(world.people.consultant)

    response = client.get(reverse("dashboards:board"), {"as_of": value, "sort": "<x>"})

    assert response.status_code == 200


@pytest.mark.parametrize("persona", ["coordinator", "provider", "admin", "finance"])
def test_others_have_no_board(world, signed_in, persona):
    client = signed_in(getattr(world.people, persona))

    assert client.get(reverse("dashboards:board")).status_code == 403
    assert client.get("/api/v1/dashboards/board").status_code == 403


def test_the_export_holds_exactly_the_rows_shown(world, signed_in):
    overdue_report(world)
    client = signed_in(world.people.consultant)
    query = {"as_of": "2008-03-01", "sort": "gmina", "order": "desc"}

    response = client.get(reverse("dashboards:board-export", args=["dane.csv"]), query)

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert [row[0] for row in rows[1:]] == ["1001033", "1001022"]
    assert rows[2][6] == "act now"  # the reports light of 1001022, as a word


def test_the_api_gives_the_same_lights(world, signed_in):
    report = overdue_report(world)
    client = signed_in(world.people.consultant)

    body = client.get("/api/v1/dashboards/board", {"as_of": "2008-03-01"}).json()

    assert body["programme"] == "PIS"
    assert [row["teryt"] for row in body["gminas"]] == ["1001022", "1001033"]
    light = body["gminas"][0]["lights"]["reports"]
    assert light["state"] == "bad"
    assert light["href"] == reverse("contracts:report-detail", args=[report.pk])
    page = board_of(world.people.consultant)
    assert Decimal(str(body["gminas"][0]["allocation_eur"])) == page.rows[0].allocation_eur
    assert client.get("/api/v1/dashboards/board", {"programme": "NOPE"}).status_code == 404


def test_the_home_page_links_the_board(world, signed_in):
    page = signed_in(world.people.consultant).get(reverse("dashboards:home")).content.decode()

    assert reverse("dashboards:board") in page


# Queries do not grow with the gminas -------------------------------------------------------------


def _queries(user, programme) -> int:
    with CaptureQueriesContext(connection) as captured:
        board = selectors.portfolio_board(
            user=user, programme=programme, programmes=[programme], as_of=AS_OF
        )
        [light.text for row in board.rows for light in row.cells]
    return len(captured)


def test_the_number_of_queries_is_the_same_at_5_and_50_gminas(world):
    shape = territory_demo.SyntheticShape(
        voivodeships=("12",), powiats_per_voivodeship=5, gminas_per_powiat=10
    )
    territory_demo.load_synthetic(actor=SystemActor("test"), shape=shape)
    programme = Programme.objects.get(code="PIS")
    gminas = list(Territory.objects.filter(teryt__startswith="12", level="gmina").order_by("teryt"))
    assert len(gminas) == 50
    from integra.accounts.services import create_user

    wide = create_user(
        actor=SystemActor("test"),
        username="wide",
        email="wide@example.org",
        password="a-long-unusual-passphrase-7",
        assignments=[("regional_consultant", Territory.objects.get(teryt="12"))],
    )
    for gmina in gminas[:5]:
        Participation.objects.create(programme=programme, gmina=gmina)
    _queries(wide, programme)  # the user's scopes are read once, then remembered
    at_5 = _queries(wide, programme)
    for gmina in gminas[5:]:
        Participation.objects.create(programme=programme, gmina=gmina)
    at_50 = _queries(wide, programme)

    assert len(board_of(wide).rows) == 50
    assert at_50 == at_5
