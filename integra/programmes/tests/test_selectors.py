"""Converting with the imported rates: the published PIS conversions, the default rule, and
refusals instead of silent fallbacks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from integra.core.actors import SystemActor
from integra.core.money import Money
from integra.programmes.selectors import RateMissing, convert
from integra.programmes.services import import_exchange_rates

pytestmark = pytest.mark.django_db
EUR = {"EUR"}


@pytest.mark.realdata
@pytest.mark.parametrize(
    ("eur", "table_on", "pln", "rate"),
    [
        ("135200", "2008-02-15", "485395.04", "3.5902"),
        ("38509.18", "2010-04-22", "148849.53", "3.8653"),
    ],
)
def test_reproduces_the_published_conversions(nbp_2008_2010, eur, table_on, pln, rate):
    result = convert(Money(Decimal(eur), "EUR"), to="PLN", table_on=dt.date.fromisoformat(table_on))
    assert result.converted == Money(Decimal(pln), "PLN")
    assert result.rate == Decimal(rate)
    assert (str(result.table_on), result.source) == (table_on, "NBP-A")
    assert result.table_no.endswith(f"/A/NBP/{table_on[:4]}")


@pytest.mark.realdata
def test_the_default_rule_takes_the_last_table_before_the_operation(nbp_2008_2010):
    # 2008-02-18 is a Monday: the rate is Friday's table of 2008-02-15.
    result = convert(Money(Decimal("135200"), "EUR"), to="PLN", operation_on=dt.date(2008, 2, 18))
    assert (result.table_on, result.rate) == (dt.date(2008, 2, 15), Decimal("3.5902"))
    back = convert(Money(Decimal("485395.04"), "PLN"), to="EUR", table_on=dt.date(2008, 2, 15))
    assert back.converted == Money(Decimal("135200.00"), "EUR")


def test_a_missing_rate_is_an_error_not_a_fallback(write_ecb):
    import_exchange_rates(
        actor=SystemActor("test"),
        paths=[write_ecb(["2008-02-15,3.6,ECB"])],
        currencies=EUR,
    )
    with pytest.raises(RateMissing, match="NBP-A"):
        convert(Money(Decimal("1"), "EUR"), to="PLN", table_on=dt.date(2008, 2, 15))
    with pytest.raises(RateMissing, match="2008-02-14"):
        convert(Money(Decimal("1"), "EUR"), to="PLN", table_on=dt.date(2008, 2, 14), source="ECB")
    with pytest.raises(RateMissing, match="7 days"):
        convert(
            Money(Decimal("1"), "EUR"), to="PLN", operation_on=dt.date(2008, 3, 1), source="ECB"
        )
    ok = convert(
        Money(Decimal("10"), "EUR"), to="PLN", operation_on=dt.date(2008, 2, 16), source="ECB"
    )
    assert ok.converted == Money(Decimal("36.00"), "PLN")
