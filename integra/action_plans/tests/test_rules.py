"""The pure rules of an Action Plan: content against the programme, the catalogue, the strategy
and the budget, from facts handed in (no database), and when a plan may be updated."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from integra.action_plans.rules import (
    Budget,
    PlanContent,
    PlanFacts,
    ServiceInput,
    plan_problems,
    update_refusal,
)

STRATEGY = SimpleNamespace(pk=7, gmina_id=1)
GOAL = SimpleNamespace(strategy_id=7)
CARE = SimpleNamespace(pk=1, code="OS-01", line="services", is_retired=False)
ELDERLY = SimpleNamespace(code="OS")
LINES = ("services", "training")


def service(**overrides) -> ServiceInput:
    values = {
        "service_type": CARE,
        "groups": (ELDERLY,),
        "title": "Opieka",
        "planned_beneficiaries": 12,
        "planned_cost_pln": Decimal("8000"),
        "provider_kind": "ngo",
        "quarters": ("2007-Q2",),
        "goal": GOAL,
        "non_duplication_declared": True,
    }
    return ServiceInput(**(values | overrides))


def facts(budget: Budget | None = None) -> PlanFacts:
    return PlanFacts(
        gmina_id=1,
        starts_on=dt.date(2007, 1, 1),
        ends_on=dt.date(2009, 12, 31),
        served={1: {"OS"}},
        budget=budget,
    )


def eur(services: str, training: str = "0") -> dict[str, Decimal]:
    return {"services": Decimal(services), "training": Decimal(training)}


def test_a_sound_plan_breaks_no_rule():
    content = PlanContent(
        as_of=dt.date(2007, 3, 2), strategy=STRATEGY, contact_name="Anna", services=(service(),)
    )
    assert plan_problems(content, facts(), for_submission=True) == []


def test_every_problem_of_a_service_is_named_at_its_field():
    bad = service(
        planned_beneficiaries=0,
        planned_cost_pln=Decimal("-1"),
        groups=(SimpleNamespace(code="DM"),),
        quarters=("2010-Q1",),
        goal=SimpleNamespace(strategy_id=8),
        non_duplication_declared=False,
    )
    content = PlanContent(as_of=dt.date(2007, 3, 2), strategy=STRATEGY, services=(bad,))
    found = {p.field for p in plan_problems(content, facts(), for_submission=False)}
    assert found == {
        "services.0.beneficiaries",
        "services.0.cost",
        "services.0.groups",
        "services.0.quarters",
        "services.0.goal",
        "services.0.non_duplication",
    }


def test_a_submission_needs_a_strategy_a_service_and_a_contact():
    content = PlanContent(as_of=dt.date(2007, 3, 2))
    found = {p.field for p in plan_problems(content, facts(), for_submission=True)}
    assert found == {"strategy", "services", "contact_name"}


def test_the_budget_counts_other_years_and_may_reach_but_not_exceed_the_allocation():
    content = PlanContent(as_of=dt.date(2007, 3, 2), strategy=STRATEGY, services=(service(),))
    reaching = Budget(limits=eur("100", "10"), here=eur("60", "10"), elsewhere=eur("40"))
    exceeding = Budget(limits=eur("100", "10"), here=eur("60", "10"), elsewhere=eur("41"))
    assert plan_problems(content, facts(reaching), for_submission=False) == []
    problems = plan_problems(content, facts(exceeding), for_submission=False)
    assert [p.field for p in problems] == ["budget.services"]


def test_a_gmina_without_a_published_allocation_is_told_so():
    content = PlanContent(as_of=dt.date(2007, 3, 2), strategy=STRATEGY)
    budget = Budget(limits=None, here=eur("0"), elsewhere={})
    assert [p.field for p in plan_problems(content, facts(budget), for_submission=False)] == [
        "budget"
    ]


@pytest.mark.parametrize(
    ("statuses", "refusal"),
    [
        (["approved"], ""),
        (["approved", "superseded"], ""),
        (["draft"], "Only an approved plan can be updated; edit the open version."),
        (["approved", "returned"], "An update of this plan is already open."),
        (["approved", "submitted"], "An update of this plan is already open."),
    ],
)
def test_an_update_starts_from_an_approved_plan_with_nothing_open(statuses, refusal):
    assert update_refusal(statuses) == refusal
