"""Each role's home page is its work: the selectors compose, per role, only that role's part —
a gmina's path (strategy, plans per year, allocation left), a reviewer's queue, the empty states
of finance, providers and experts, the ministry's programmes — and the page says it in Polish."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils.html import escape

from integra.action_plans import services as plan_services
from integra.action_plans.tests.factories import (
    AS_OF,
    care_service,
    content,
    make_catalogue,
    make_programme,
    make_rates,
)
from integra.dashboards import views
from integra.dashboards.selectors import gmina_paths, home_for
from integra.strategies.models import Strategy
from integra.strategies.tests.factories import OperationalGoalFactory, StrategyFactory

pytestmark = pytest.mark.django_db

GMINA = "1001022"
CARD = f"/alokacje/gmina/{GMINA}/"
LETTER_ON = dt.date(2007, 4, 2)


@pytest.fixture
def world(personas, small_tree):
    """PIS 2007–2009 with 1001022 taking part: 10,000 EUR services + 1,000 EUR training."""
    make_rates()
    return SimpleNamespace(
        programme=make_programme(small_tree),
        gmina=small_tree[GMINA],
        catalogue=make_catalogue(),
        people=personas,
        strategy=None,
        goal=None,
    )


def adopt_strategy(world):
    world.strategy = StrategyFactory(
        gmina=world.gmina,
        status=Strategy.Status.ADOPTED,
        resolution_number="XII/34/2006",
        resolution_on=dt.date(2006, 3, 1),
        period_from=dt.date(2006, 1, 1),
        period_until=dt.date(2014, 1, 1),  # the day after the period: 2006–2013
    )
    world.goal = OperationalGoalFactory(parent__strategy=world.strategy)
    return world.strategy


def draft(world, year, cost_pln="8000.00"):
    coordinator = world.people.coordinator
    version = plan_services.create_action_plan(
        actor=coordinator, programme=world.programme, gmina=world.gmina, year=year, as_of=AS_OF
    )
    service = care_service(world, planned_cost_pln=Decimal(cost_pln), quarters=(f"{year}-Q2",))
    return plan_services.save_plan_version(
        actor=coordinator,
        version=version,
        content=content(world, service),
        lock_version=version.lock_version,
    )


def approve(world, version):
    version = plan_services.submit_plan_version(actor=world.people.coordinator, version=version)
    return plan_services.approve_plan_version(
        actor=world.people.officer, version=version, letter_number="ROPS/1", letter_on=LETTER_ON
    )


def only_path(user):
    paths = gmina_paths(user=user)
    assert [(p.gmina.teryt, p.programme.code) for p in paths] == [(GMINA, "PIS")]
    return paths[0]


# The selectors, role by role ----------------------------------------------------------------------


def test_without_a_strategy_the_path_says_the_strategy_comes_first(world):
    path = only_path(world.people.coordinator)
    assert (path.strategy.state, path.strategy.can_manage) == ("none", True)
    assert [stage.year for stage in path.plans] == [2007, 2008, 2009]
    assert all(stage.needs_strategy and stage.can_draft for stage in path.plans)
    assert path.plans[0].step.message.startswith("The strategy comes first")
    assert (path.allocation.total, path.allocation.left) == (
        Decimal("11000.00"),
        Decimal("11000.00"),
    )


def test_a_strategy_in_preparation_is_shown_with_its_next_step(world):
    StrategyFactory(gmina=world.gmina)
    path = only_path(world.people.coordinator)
    assert path.strategy.state == Strategy.Status.IN_PREPARATION
    assert "put the strategy to consultation" in path.strategy.next_action
    assert all(stage.needs_strategy for stage in path.plans)


def test_with_an_adopted_strategy_each_year_has_its_plan_state_and_the_allocation_what_is_left(
    world,
):
    adopt_strategy(world)
    approve(world, draft(world, 2007, "8000.00"))  # 2,000 EUR at 4.0000
    draft(world, 2008, "4000.00")  # 1,000 EUR
    path = only_path(world.people.coordinator)
    assert path.strategy.is_adopted
    assert (path.strategy.first_year, path.strategy.last_year) == (2006, 2013)
    states = [(s.year, s.version.status if s.version else None) for s in path.plans]
    assert states == [(2007, "approved"), (2008, "draft"), (2009, None)]
    assert not any(stage.needs_strategy for stage in path.plans)
    use = path.allocation
    assert (use.approved, use.open, use.left) == (
        Decimal("2000.00"),
        Decimal("1000.00"),
        Decimal("8000.00"),
    )


def test_an_open_update_counts_instead_of_the_approved_version_it_replaces(world):
    adopt_strategy(world)
    approved = approve(world, draft(world, 2007, "8000.00"))
    update = plan_services.start_plan_update(
        actor=world.people.coordinator, plan=approved.plan, as_of=AS_OF
    )
    plan_services.save_plan_version(
        actor=world.people.coordinator,
        version=update,
        content=content(world, care_service(world, planned_cost_pln=Decimal("12000.00"))),
        lock_version=update.lock_version,
    )
    use = only_path(world.people.coordinator).allocation
    assert (use.approved, use.open, use.left) == (
        Decimal("2000.00"),
        Decimal("3000.00"),
        Decimal("8000.00"),
    )


def test_a_viewer_sees_the_path_but_is_offered_nothing_to_write(world):
    path = only_path(world.people.viewer)
    assert not path.strategy.can_manage
    assert not any(stage.can_draft for stage in path.plans)


def test_each_gmina_sees_its_own_path_only(world):
    assert [p.gmina.teryt for p in gmina_paths(user=world.people.neighbour)] == ["1001033"]
    assert gmina_paths(user=world.people.consultant) == []
    assert gmina_paths(user=world.people.analyst) == []


def test_a_gmina_without_a_published_allocation_says_so(personas, small_tree):
    from integra.dashboards.tests.factories import make_programme as programme_without_run

    programme_without_run(small_tree)
    path = gmina_paths(user=personas.coordinator)[0]
    assert path.allocation is None


def test_reviewers_get_their_queue_and_nothing_of_the_gminas(world):
    adopt_strategy(world)
    plan_services.submit_plan_version(actor=world.people.coordinator, version=draft(world, 2007))
    home = home_for(user=world.people.consultant)
    assert (home.queue.waiting, home.gminas, home.waiting, home.ministry) == (1, [], [], None)
    assert home_for(user=world.people.coordinator).queue is None


@pytest.mark.parametrize(
    ("name", "keys"),
    [("finance", ["transfers"]), ("provider", ["offers"]), ("expert", ["trainings"])],
)
def test_finance_providers_and_experts_are_told_what_will_wait_for_them(world, name, keys):
    home = home_for(user=getattr(world.people, name))
    assert [item.key for item in home.waiting] == keys
    assert (home.gminas, home.queue, home.ministry) == ([], None, None)
    assert not home.is_empty


def test_the_ministry_sees_its_programmes_runs_and_reviews(world):
    adopt_strategy(world)
    approve(world, draft(world, 2007))
    work = home_for(user=world.people.analyst).ministry
    assert [p.code for p in work.programmes] == ["PIS"]
    assert (work.runs_published, work.runs_draft) == (1, 0)
    assert (work.plans_submitted, work.plans_approved) == (0, 1)
    assert not work.manages_users
    assert home_for(user=world.people.admin).ministry.manages_users
    assert home_for(user=world.people.coordinator).ministry is None


def test_a_user_without_a_role_has_an_empty_home(db):
    from integra.accounts.models import User

    assert home_for(user=User.objects.create_user("nobody", "nobody@example.org")).is_empty


# The pages ----------------------------------------------------------------------------------------


def polish(client):
    client.cookies["django_language"] = "pl"
    return client


def test_a_visitor_gets_the_description_and_the_public_links(client, small_tree):
    page = client.get("/").content.decode()
    assert 'id="home-public"' in page and "Twoje zadania" not in page
    assert f'href="{reverse("territories:territory-list")}"' in page
    assert f'href="{reverse("territories:voivodeship-map")}"' in page
    assert "konsultacjom społecznym" in page


def test_the_coordinator_s_home_leads_with_the_strategy_in_polish(world, signed_in):
    page = polish(signed_in(world.people.coordinator)).get("/").content.decode()
    main = page.split("<main")[1]
    assert main.index("Twoje zadania") < main.index("Strategia") < main.index("Plany Działania")
    assert "Najpierw strategia: gdy zostanie przyjęta, przygotuj Plan Działania na 2007 r." in page
    assert f'href="{reverse("strategies:strategy-create")}?gmina={GMINA}"' in page
    assert "Po zatwierdzeniu planu gmina zaprasza do składania ofert" in page
    assert f'href="{reverse("contracts:round-list")}"' in page
    assert "Sprawozdania realizatorów" in page
    assert "11\u00a0000,00\u00a0EUR" in page
    assert f'href="{CARD}"' in page
    assert "Rejestr terytorialny" not in page and "register-stats" not in page


def test_with_an_adopted_strategy_the_coordinator_drafts_the_plan_of_each_year(world, signed_in):
    adopt_strategy(world)
    page = polish(signed_in(world.people.coordinator)).get("/").content.decode()
    assert "Przygotuj plan na 2008 r." in page
    assert f'href="{escape(views.new_plan_href(world.programme, world.gmina, 2008))}"' in page
    assert "przyjęta 2006–2013" in page


def test_the_viewer_s_home_offers_no_writing(world, signed_in):
    page = signed_in(world.people.viewer).get("/").content.decode()
    assert "Create the strategy" not in page and "Draft the plan" not in page
    assert "The strategy comes first" in page


def test_the_finance_officer_s_home_says_what_will_wait_there_in_polish(world, signed_in):
    page = polish(signed_in(world.people.finance)).get("/").content.decode()
    assert "Co na Ciebie czeka" in page and "Przekazania do zatwierdzenia" in page


def test_the_draft_link_opens_the_new_plan_page_pre_filled(world, signed_in):
    href = views.new_plan_href(world.programme, world.gmina, 2008)
    assert (
        href == reverse("action_plans:action-plan-new") + f"?programme=PIS&gmina={GMINA}&year=2008"
    )
    form = signed_in(world.people.coordinator).get(href).context["form"]
    assert (form["year"].value(), form["gmina"].value()) == (2008, world.gmina.pk)


# The menu -----------------------------------------------------------------------------------------


def test_gmina_people_have_my_gmina_in_the_menu_to_its_allocation_card(world, signed_in):
    response = polish(signed_in(world.people.viewer)).get("/")
    items = {item["key"]: item["url"] for item in response.context["nav_items"]}
    assert items["my-gmina"] == CARD
    assert "Moja gmina" in response.content.decode()
    assert signed_in(world.people.viewer).get(CARD).status_code == 200
    analyst = signed_in(world.people.analyst).get("/")
    assert "my-gmina" not in {item["key"] for item in analyst.context["nav_items"]}


def test_the_menu_groups_entries_into_drop_downs_and_the_api_docs_go_to_the_footer(
    world, signed_in
):
    response = signed_in(world.people.admin).get("/")
    bar = response.context["nav_bar"]
    groups = {
        str(item["label"]): [c["key"] for c in item["children"]]
        for item in bar
        if "children" in item
    }
    assert groups == {
        "Register": ["territories", "map"],
        "Programmes": [
            *("allocations", "programmes", "indicators", "indicator-targets", "components"),
            *("funding", "transfers", "balances", "payments", "bank-statements"),
            *("settlements", "financial-reports", "training", "experts", "campaign"),
            *("progress-reports", "practices"),
        ],
        "Services": ["providers", "contracts"],
    }
    assert [item["key"] for item in response.context["nav_footer"]] == ["public", "api"]
    page = response.content.decode()
    assert page.index('href="/api/v1/docs"') > page.index("<footer")
