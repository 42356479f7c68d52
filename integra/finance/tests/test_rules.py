"""Pure rules: component and procurement-item checks (every problem, each at its field), the
days of delay of a step and the split of a transfer across the allocation lines."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from integra.finance import rules

TODAY = dt.date(2008, 6, 30)


def item(**changes):
    data = {
        "reference": "C-1",
        "description": "Agencja kampanii",
        "method": "qcbs",
        "review": "prior",
        "estimated_cost_eur": Decimal("1000.00"),
        "status": "planned",
        "planned": {},
        "actual": {},
    }
    data.update(changes)
    return rules.ItemInput(**data)


def fields(problems):
    return sorted(p.field for p in problems)


def test_a_valid_item_has_no_problem():
    assert rules.item_problems(item(), TODAY) == []


def test_every_problem_of_an_item_is_reported_at_its_field():
    data = item(
        reference="",
        description=" ",
        method="auction",
        review="none",
        estimated_cost_eur=Decimal("0"),
        status="done",
        planned={"invitation": dt.date(2008, 5, 1), "opening": dt.date(2008, 4, 1)},
        actual={"invitation": dt.date(2008, 7, 1)},
    )
    assert fields(rules.item_problems(data, TODAY)) == [
        "actual_invitation",
        "description",
        "estimated_cost_eur",
        "method",
        "planned_opening",
        "reference",
        "review",
        "status",
    ]


def test_a_completed_item_needs_its_completion_date():
    problems = rules.item_problems(item(status="completed"), TODAY)
    assert fields(problems) == ["actual_completion"]


def test_a_component_budget_may_be_zero_but_not_negative_or_fractional():
    ok = rules.ComponentInput(code="A", name="KRUS", budget_eur=Decimal("0"))
    assert rules.component_problems(ok) == []
    bad = rules.ComponentInput(code="", name="x" * 201, budget_eur=Decimal("-1"), order=1000)
    assert fields(rules.component_problems(bad)) == ["budget_eur", "code", "name", "order"]
    cents = rules.ComponentInput(code="A", name="KRUS", budget_eur=Decimal("1.001"))
    assert fields(rules.component_problems(cents)) == ["budget_eur"]


def test_delay_days():
    planned = dt.date(2008, 6, 1)
    assert rules.delay_days(planned, dt.date(2008, 6, 11), TODAY) == 10
    assert rules.delay_days(planned, dt.date(2008, 5, 30), TODAY) == -2
    assert rules.delay_days(planned, None, TODAY) == 29
    assert rules.delay_days(dt.date(2008, 8, 1), None, TODAY) == 0
    assert rules.delay_days(None, dt.date(2008, 6, 1), TODAY) is None


def test_line_shares_follow_the_lines_and_add_up():
    lines = {"services": Decimal("58200.00"), "training": Decimal("5820.00")}
    first = rules.line_shares(Decimal("21340.00"), Decimal(0), lines)
    assert first == {"services": Decimal("19400.00"), "training": Decimal("1940.00")}


cents = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1000000"), places=2)


@given(cents, cents, st.lists(cents, min_size=1, max_size=5))
def test_transfers_split_bring_every_line_to_its_total(services, training, parts):
    """However a total is cut into transfers, each split adds up to its transfer and the
    splits sum to the lines exactly."""
    lines = {"services": services, "training": training}
    total = services + training
    weights = sum(parts)
    amounts = [(total * p / weights).quantize(Decimal("0.01")) for p in parts[:-1]]
    amounts.append(total - sum(amounts))
    before = Decimal(0)
    sums = {"services": Decimal(0), "training": Decimal(0)}
    for amount in amounts:
        shares = rules.line_shares(amount, before, lines)
        assert sum(shares.values()) == amount
        for name, share in shares.items():
            sums[name] += share
        before += amount
    assert sums == lines
