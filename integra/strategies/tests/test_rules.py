"""The pure rules of a strategy's input: every problem at once, each at its field, no database."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from integra.strategies import rules

TODAY = dt.date(2007, 6, 1)


def fields(problems) -> dict[str, str]:
    return {p.field: p.message for p in problems}


def test_a_sound_strategy_breaks_no_rule():
    spec = rules.StrategySpec("Strategia", dt.date(2006, 1, 1), dt.date(2014, 1, 1))
    assert rules.strategy_problems(spec, today=TODAY) == []


def test_a_strategy_names_each_broken_rule_at_its_field():
    spec = rules.StrategySpec(
        " ",
        dt.date(1989, 1, 1),
        dt.date(1988, 1, 1),
        team_ordinance_number="",
        team_ordinance_on=dt.date(2008, 1, 1),
    )
    assert fields(rules.strategy_problems(spec, today=TODAY)) == {
        "title": "the title is required",
        "period_until": "the period must end after it starts",
        "period_from": "the period may not start before 1990",
        "team_ordinance_number": (
            "give both the number and the date of the team ordinance, or neither"
        ),
        "team_ordinance_on": "the team ordinance may not be dated in the future",
    }


def test_a_resolution_needs_a_number_and_a_date_neither_future_nor_before_1990():
    assert set(fields(rules.resolution_problems(" ", None, today=TODAY))) == {
        "resolution_number",
        "resolution_on",
    }
    assert rules.resolution_problems("1", dt.date(2007, 6, 2), today=TODAY)[0].message == (
        "the council resolution may not be dated in the future"
    )
    assert rules.resolution_problems("1", dt.date(1989, 12, 31), today=TODAY)[0].message == (
        "the council resolution may not be dated before 1990"
    )


def test_an_update_needs_a_new_number_and_no_older_date():
    problems = rules.update_problems(
        "XV/1", dt.date(2006, 1, 1), previous_number="XV/1", previous_on=dt.date(2006, 6, 1)
    )
    assert set(fields(problems)) == {"resolution_number", "resolution_on"}


def test_an_operational_goal_needs_a_strategic_parent_of_the_same_strategy():
    context = rules.GoalContext(strategy_id=1)
    orphan = rules.GoalSpec("operational", "1.1", "Opieka")
    foreign = rules.GoalSpec(
        "operational", "1.1", "Opieka", parent=SimpleNamespace(strategy_id=2, kind="strategic")
    )
    kinds = ["strategic", "operational"]
    assert fields(rules.goal_problems(orphan, context, kinds=kinds)) == {
        "parent": "an operational goal needs its strategic goal"
    }
    assert fields(rules.goal_problems(foreign, context, kinds=kinds)) == {
        "parent": "the parent must be a strategic goal of the same strategy"
    }


def test_a_taken_number_and_an_unknown_kind_are_both_reported():
    spec = rules.GoalSpec("vision", "1", "Wizja")
    context = rules.GoalContext(strategy_id=1, code_taken=True)
    assert set(fields(rules.goal_problems(spec, context, kinds=["strategic"]))) == {"kind", "code"}


def test_an_event_may_precede_the_period_by_five_years_from_the_first_of_the_month():
    spec = rules.EventSpec("workshop", dt.date(2001, 1, 1), "GOK", 10)
    period = {"period_from": dt.date(2006, 1, 15), "period_until": dt.date(2014, 1, 1)}
    assert rules.event_problems(spec, kinds=["workshop"], today=TODAY, **period) == []
    early = rules.EventSpec("workshop", dt.date(2000, 12, 31), "GOK", 10)
    assert set(fields(rules.event_problems(early, kinds=["workshop"], today=TODAY, **period))) == {
        "held_on"
    }


def test_an_act_number_reads_as_people_write_it():
    from integra.strategies.rules import act_number

    assert act_number("5/2008") == "No. 5/2008"
    assert act_number("XII/45/08") == "No. XII/45/08"
    assert act_number("Zarządzenie nr 5/2008") == "Zarządzenie nr 5/2008"
    assert act_number("nr 5/2008") == "nr 5/2008"
    assert act_number("") == ""
