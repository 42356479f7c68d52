"""Amounts typed or imported: parsed within what a money column holds, never an exponent."""

from __future__ import annotations

from decimal import Decimal

import pytest

from integra.core.money import MAX_AMOUNT, AmountInvalid, parse_amount


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1234", Decimal("1234")),
        ("1 234,56", Decimal("1234.56")),
        ("1\u00a0234\u00a0567.5", Decimal("1234567.5")),
        ("-5,00", Decimal("-5.00")),
        (" 85700 ", Decimal("85700")),
    ],
)
def test_polish_and_plain_amounts_are_read(text, amount):
    assert parse_amount(text) == amount


@pytest.mark.parametrize(
    "text", ["1e400", "1E+30", "NaN", "Infinity", "", "12,3,4", "1.2.3", "abc", "1" * 50]
)
def test_what_is_not_an_amount_is_refused(text):
    with pytest.raises(AmountInvalid):
        parse_amount(text)


def test_an_amount_beyond_the_column_or_its_cents_is_refused():
    with pytest.raises(AmountInvalid, match="may not exceed"):
        parse_amount(str(MAX_AMOUNT + 1))
    with pytest.raises(AmountInvalid, match="decimal places"):
        parse_amount("1,001")
    assert parse_amount("1,0015", places=4) == Decimal("1.0015")
