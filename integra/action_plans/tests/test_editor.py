"""The clerk's path through a new plan and its editor (issue 11): defaults that work, every error
in one round at its field and in the summary, quarters of the plan's year, groups that follow the
type, a row added by htmx, costs typed the Polish way, the allocation beside the plan and the
confirmation of a submission."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from integra.action_plans.forms.editor import AmountField
from integra.action_plans.models import ActionPlan, PlannedService
from integra.action_plans.tests.factories import AS_OF, care_service
from integra.action_plans.tests.test_views import draft, editor_data, saved, url

pytestmark = pytest.mark.django_db
NEW = reverse("action_plans:action-plan-new")


def adopt(strategy):
    strategy.status = "adopted"
    strategy.resolution_number = "XII/3/2006"
    strategy.resolution_on = dt.date(2006, 12, 1)
    strategy.save()


# A new plan ---------------------------------------------------------------------------------------


def test_the_new_plan_link_proposes_the_year_a_day_with_a_rate_and_the_adopted_strategy(
    world, signed_in
):
    adopt(world.strategy)
    client = signed_in(world.people.coordinator)
    response = client.get(NEW, {"programme": "PIS", "gmina": world.gmina.teryt, "year": "2008"})
    assert response.status_code == 200
    form = response.context["form"]
    # 2008, never today's year; the day after the newest rate before 2008 (31.08.2007), never
    # today (which has no rate); the adopted strategy; the clerk as contact.
    assert form.initial["year"] == 2008
    assert form.initial["as_of"] == dt.date(2007, 9, 1)
    assert form.initial["strategy"] == world.strategy.pk
    assert form["contact_email"].value() == "coordinator@example.org"
    assert form.initial["programme"] == world.programme.pk


def test_without_a_year_the_form_proposes_the_first_year_without_a_plan(world, signed_in):
    draft(world)  # 2007 exists
    response = signed_in(world.people.coordinator).get(NEW)
    form = response.context["form"]
    assert form.initial["year"] == 2008
    # The year's first rate is absent: the day after the newest rate before it.
    assert form.initial["as_of"] == dt.date(2007, 9, 1)


def test_the_proposed_day_is_the_day_after_the_years_first_rate(world, signed_in):
    response = signed_in(world.people.coordinator).get(NEW, {"year": "2007"})
    assert response.context["form"].initial["as_of"] == dt.date(2007, 3, 2)


def test_the_proposed_defaults_draft_the_plan_in_one_go(world, signed_in):
    client = signed_in(world.people.coordinator)
    form = client.get(NEW, {"year": "2007"}).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {name: value for name, value in data.items() if value is not None}
    response = client.post(NEW, data)
    assert response.status_code == 302
    version = ActionPlan.objects.get().versions.get()
    assert (version.as_of, version.contact_email) == (
        dt.date(2007, 3, 2),
        "coordinator@example.org",
    )


def test_a_new_plan_shows_the_year_and_the_rate_errors_at_once_at_their_fields(world, signed_in):
    response = signed_in(world.people.coordinator).post(
        NEW,
        {
            "gmina": world.gmina.pk,
            "programme": world.programme.pk,
            "year": 2026,
            "as_of": "2026-12-03",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "year": [
            "The year 2026 is outside the programme (2007 – 2009); choose a year of the programme."
        ],
        "as_of": ["No NBP rate for 03.12.2026 — ask the administrator to load the tables of 2026."],
    }
    page = response.content.decode()
    assert 'id="form-errors"' in page and 'href="#id_new_year"' in page
    assert not ActionPlan.objects.exists()


def test_the_rate_error_reads_in_polish(world, signed_in):
    client = signed_in(world.people.coordinator)
    client.cookies["django_language"] = "pl"
    response = client.post(
        NEW,
        {
            "gmina": world.gmina.pk,
            "programme": world.programme.pk,
            "year": 2008,
            "as_of": "2008-03-13",
        },
    )
    assert response.context["form"].errors["as_of"] == [
        "Brak kursu NBP na 13.03.2008 — poproś administratora o wczytanie tabel z 2008 r."
    ]


def test_a_gmina_without_a_strategy_is_told_the_strategy_comes_first(world, signed_in):
    world.strategy.delete()
    client = signed_in(world.people.coordinator)
    page = client.get(NEW).content.decode()
    assert 'id="strategy-first"' in page and reverse("strategies:strategy-create") in page
    version = draft(world)
    detail = client.get(url("plan-version-detail", version)).content.decode()
    assert 'id="strategy-first"' in detail
    editor = client.get(url("plan-version-edit", version)).content.decode()
    assert 'id="strategy-first"' in editor


def test_the_list_form_posts_to_the_new_plan_page(world, signed_in):
    page = signed_in(world.people.coordinator).get(reverse("action_plans:action-plan-list"))
    assert f'action="{NEW}"' in page.content.decode()


# The editor ---------------------------------------------------------------------------------------


def test_the_editor_offers_the_four_quarters_of_the_plan_year_and_refuses_others(world, signed_in):
    version = draft(world)
    client = signed_in(world.people.coordinator)
    row = client.get(url("plan-version-edit", version)).context["formset"].forms[0]
    assert [code for code, _label in row.fields["quarters"].choices] == [
        "2007-Q1",
        "2007-Q2",
        "2007-Q3",
        "2007-Q4",
    ]
    data = editor_data(world, version, **{"services-0-quarters": ["2007-Q4", "2009-Q1"]})
    response = client.post(url("plan-version-edit", version), data)
    assert "quarters" in response.context["formset"].forms[0].errors
    assert not PlannedService.objects.exists()


def test_the_whole_year_ticks_the_four_quarters(world, signed_in):
    version = draft(world)
    data = editor_data(world, version, **{"services-0-quarters": [], "services-0-whole_year": "on"})
    response = signed_in(world.people.coordinator).post(url("plan-version-edit", version), data)
    assert response.status_code == 302
    assert PlannedService.objects.get().quarters == ["2007-Q1", "2007-Q2", "2007-Q3", "2007-Q4"]


def test_a_service_of_a_one_group_type_gets_that_group_when_none_is_ticked(world, signed_in):
    version = draft(world)
    data = editor_data(world, version, **{"services-0-groups": []})
    response = signed_in(world.people.coordinator).post(url("plan-version-edit", version), data)
    assert response.status_code == 302
    assert [g.code for g in PlannedService.objects.get().groups.all()] == ["OS"]


def test_the_page_knows_the_groups_of_each_type(world, signed_in):
    version = draft(world)
    page = signed_in(world.people.coordinator).get(url("plan-version-edit", version))
    types = page.context["allocation"]["types"]
    assert f'"{world.catalogue.club.pk}": {{"line": "services", "groups": [' in types


def test_with_an_adopted_strategy_a_missing_one_is_one_error_at_the_strategy(world, signed_in):
    adopt(world.strategy)
    version = draft(world)
    data = editor_data(world, version, strategy="")
    data.update(
        {
            "services-TOTAL_FORMS": "2",
            **{
                key.replace("services-0-", "services-1-"): value
                for key, value in data.items()
                if key.startswith("services-0-")
            },
        }
    )
    response = signed_in(world.people.coordinator).post(url("plan-version-edit", version), data)
    assert response.status_code == 200
    sections = response.context["sections"]
    assert sections.errors == {
        "strategy": ["Choose the gmina's strategy: the plan's services serve its goals."]
    }
    assert sections.fields["strategy"].required
    assert all(not form.errors for form in response.context["formset"].forms)


def test_the_rules_speak_in_the_same_round_as_a_refused_field(world, signed_in):
    # Row 1 has a form error (no title); row 2 breaks a rule (no goal): both at once.
    version = draft(world)
    data = editor_data(world, version, **{"services-0-title": ""})
    data.update(
        {
            "services-TOTAL_FORMS": "2",
            **{
                key.replace("services-0-", "services-1-"): value
                for key, value in data.items()
                if key.startswith("services-0-")
            },
            "services-1-title": "Druga",
            "services-1-goal": "",
        }
    )
    response = signed_in(world.people.coordinator).post(url("plan-version-edit", version), data)
    rows = response.context["formset"].forms
    assert list(rows[0].errors) == ["title"]
    assert rows[1].errors == {"goal": ["Tie the service to a goal of the gmina's strategy."]}
    page = response.content.decode()
    assert "Service 1 — Service" in page and "Service 2 — Strategy goal" in page


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("30000,50", "30000.50"), ("30 000,50", "30000.50"), ("30\u00a0000,50", "30000.50")],
)
def test_a_cost_typed_the_polish_way_is_that_amount(world, signed_in, typed, stored):
    # Issue 11: "40000,50" gave 4000050 (a browser's number box dropped the comma). The field is
    # a text box now, read by the server the Polish way.
    version = draft(world)
    data = editor_data(world, version, **{"services-0-planned_cost_pln": typed})
    client = signed_in(world.people.coordinator)
    assert client.post(url("plan-version-edit", version), data).status_code == 302
    assert PlannedService.objects.get().planned_cost_pln == Decimal(stored)
    page = client.get(url("plan-version-edit", version)).content.decode()
    assert 'inputmode="decimal"' in page and 'value="30000,50"' in page


@pytest.mark.parametrize("typed", ["40.000,50", "40.000", "4O000", "1e5", "40,000.50"])
def test_a_cost_with_points_or_garbage_is_refused_at_its_field(world, signed_in, typed):
    version = draft(world)
    data = editor_data(world, version, **{"services-0-planned_cost_pln": typed})
    response = signed_in(world.people.coordinator).post(url("plan-version-edit", version), data)
    assert response.context["formset"].forms[0].errors["planned_cost_pln"] == [
        "Write the amount like 40 000,50 (a comma before the grosze, no points)."
    ]
    assert not PlannedService.objects.exists()


def test_the_amount_field_reads_40000_50_as_forty_thousand():
    field = AmountField(max_value=Decimal("1000000"))
    assert field.clean("40000,50") == Decimal("40000.50")
    assert field.clean("40 000,50") == Decimal("40000.50")
    assert field.clean("40000.50") == Decimal("40000.50")


def test_the_amount_field_bounds():
    field = AmountField(max_value=Decimal("100"))
    assert field.clean("99,99") == Decimal("99.99")
    with pytest.raises(Exception, match="may not exceed"):
        field.clean("100,01")
    with pytest.raises(Exception, match="negative"):
        field.clean("-1")


def test_htmx_adds_the_next_row_alone(world, signed_in):
    version = draft(world)
    response = signed_in(world.people.coordinator).get(
        url("plan-version-edit-row", version),
        {"services-TOTAL_FORMS": "3"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" not in page
    assert 'id="service-row-4"' in page and 'name="services-3-title"' in page
    assert "Planned service 4" in page


def test_htmx_adds_no_row_past_the_limit_or_to_a_locked_version(world, signed_in):
    version = draft(world)
    client = signed_in(world.people.coordinator)
    full = client.get(url("plan-version-edit-row", version), {"services-TOTAL_FORMS": "200"})
    assert full.status_code == 204
    broken = client.get(url("plan-version-edit-row", version), {"services-TOTAL_FORMS": "x"})
    assert broken.status_code == 204
    assert (
        signed_in(world.people.officer).get(url("plan-version-edit-row", version)).status_code
        == 403
    )


def test_the_add_row_button_asks_htmx_and_still_posts_without_scripts(world, signed_in):
    version = draft(world)
    page = signed_in(world.people.coordinator).get(url("plan-version-edit", version))
    html = page.content.decode()
    assert f'hx-get="{url("plan-version-edit-row", version)}"' in html
    assert 'name="add_row"' in html and 'hx-include="#id_services-TOTAL_FORMS"' in html


# The allocation beside the plan, the plan page ----------------------------------------------------


def test_the_editor_shows_the_allocation_with_what_is_left(world, signed_in):
    version = saved(world)  # 8,000 PLN = 2,000 EUR of a 10,000 EUR services line
    response = signed_in(world.people.coordinator).get(url("plan-version-edit", version))
    services_line = response.context["allocation"]["lines"][0]
    assert (services_line["allocation"], services_line["here"], services_line["left"]) == (
        Decimal("10000.00"),
        Decimal("2000.00"),
        Decimal("8000.00"),
    )
    page = response.content.decode()
    assert 'data-rate="4.0000"' in page and 'id="allocation"' in page
    assert reverse("allocations:gmina-card", args=[world.gmina.teryt]) in page


def test_the_plan_page_links_the_gmina_card_and_confirms_the_submission(world, signed_in):
    version = saved(world)
    page = signed_in(world.people.coordinator).get(url("plan-version-detail", version))
    html = page.content.decode()
    assert reverse("allocations:gmina-card", args=[world.gmina.teryt]) in html
    assert 'data-confirm="Submit the plan to the region?' in html
    assert "plan_editor.js" in html


def test_the_api_refuses_a_quarter_outside_the_plan_year(world, api_as):
    version = draft(world)
    body = {
        "lock_version": version.lock_version,
        "as_of": AS_OF.isoformat(),
        "strategy": world.strategy.pk,
        "contact_name": "Anna",
        "services": [
            {
                "service_type": "OS-01",
                "groups": [],
                "goal": world.goal.pk,
                "title": "Opieka",
                "quarters": ["2009-Q1"],
                "planned_beneficiaries": 3,
                "planned_cost_pln": "100.00",
                "provider_kind": "ngo",
                "non_duplication_declared": True,
            }
        ],
    }
    path = f"/api/v1/action-plans/{version.plan_id}/versions/{version.number}"
    response = api_as(world.people.coordinator).put(path, body, content_type="application/json")
    assert response.status_code == 422, response.content
    errors = response.json()["errors"]
    assert [e["loc"][-3:] for e in errors] == [["services", "0", "quarters"]]
    assert "schedules its services in 2007 only" in errors[0]["msg"]


def test_each_goal_names_its_strategy_so_the_page_offers_those_of_the_chosen_one(world, signed_in):
    version = draft(world)
    page = signed_in(world.people.coordinator).get(url("plan-version-edit", version))
    assert f'data-strategy="{world.strategy.pk}"' in page.content.decode()


def test_the_editor_reads_its_option_lists_once_however_many_rows(world, signed_in):
    """The load test (docs/benchmarks.md) found each row querying its three option lists again;
    a plan of many services costs the queries of a plan of one."""
    client = signed_in(world.people.coordinator)

    def queries(version) -> int:
        with CaptureQueriesContext(connection) as captured:
            page = client.get(url("plan-version-edit", version))
        assert page.status_code == 200
        return len(captured.captured_queries)

    one = saved(world)
    one_row = queries(one)
    rows = [
        care_service(world, title=f"Usługa {n}", planned_cost_pln=Decimal("100.00"))
        for n in range(6)
    ]
    many = saved(world, one, *rows)
    assert PlannedService.objects.filter(version=many).count() == 6
    assert queries(many) == one_row
