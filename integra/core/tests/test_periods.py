"""Quarters written like 2007-Q3: parsing, their end, and overlap with a span of days."""

from __future__ import annotations

import datetime as dt

import pytest

from integra.core.periods import quarter_end, quarter_overlaps, quarter_start

PROGRAMME = (dt.date(2007, 1, 1), dt.date(2009, 12, 31))


@pytest.mark.parametrize(
    ("quarter", "start"),
    [
        ("2007-Q1", dt.date(2007, 1, 1)),
        ("2007-Q2", dt.date(2007, 4, 1)),
        ("2007-Q3", dt.date(2007, 7, 1)),
        ("2007-Q4", dt.date(2007, 10, 1)),
    ],
)
def test_a_quarter_starts_on_the_first_day_of_its_first_month(quarter, start):
    assert quarter_start(quarter) == start


@pytest.mark.parametrize(
    "quarter", ["2007-Q5", "2007-Q0", "2007Q1", "07-Q1", " 2007-Q1", "1899-Q4", "2200-Q1", ""]
)
def test_anything_not_like_2007_q1_or_out_of_range_is_no_quarter(quarter):
    assert quarter_start(quarter) is None
    assert quarter_end(quarter) is None
    assert not quarter_overlaps(quarter, *PROGRAMME)


def test_the_end_of_the_last_quarter_is_the_next_new_year():
    assert quarter_end("2007-Q4") == dt.date(2008, 1, 1)
    assert quarter_end("2007-Q1") == dt.date(2007, 4, 1)


@pytest.mark.parametrize(
    ("quarter", "inside"),
    [("2006-Q4", False), ("2007-Q1", True), ("2009-Q4", True), ("2010-Q1", False)],
)
def test_a_quarter_counts_when_it_shares_a_day_with_the_period(quarter, inside):
    assert quarter_overlaps(quarter, *PROGRAMME) is inside


def test_a_period_starting_on_the_last_day_of_a_quarter_overlaps_it():
    assert quarter_overlaps("2007-Q1", dt.date(2007, 3, 31), dt.date(2007, 12, 31))
    assert not quarter_overlaps("2007-Q1", dt.date(2007, 4, 1), dt.date(2007, 12, 31))
