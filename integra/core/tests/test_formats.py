"""The formatting filters write figures the way each language expects."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from integra.core.templatetags.formats import money, number, percent

NBSP = "\xa0"


@pytest.mark.parametrize(
    ("value", "decimals", "polish", "english"),
    [
        (40_000_000, None, f"40{NBSP}000{NBSP}000", "40,000,000"),
        (Decimal("1234.56"), None, f"1{NBSP}234,56", "1,234.56"),
        (Decimal("1234.565"), 2, f"1{NBSP}234,57", "1,234.57"),
        (1234.5, 0, f"1{NBSP}235", "1,235"),
        (999, None, "999", "999"),
        (-12345, None, f"-12{NBSP}345", "-12,345"),
        (0, None, "0", "0"),
    ],
)
def test_number_groups_thousands_and_marks_decimals_per_language(value, decimals, polish, english):
    with translation.override("pl"):
        assert number(value, decimals) == polish
    with translation.override("en"):
        assert number(value, decimals) == english


def test_number_leaves_empty_values_empty_and_text_untouched():
    assert number(None) == ""
    assert number("") == ""
    assert number("n/a") == "n/a"


@pytest.mark.parametrize(
    ("value", "polish", "english"),
    [
        (Decimal("1234.56"), f"1{NBSP}234,56{NBSP}EUR", f"1,234.56{NBSP}EUR"),
        (Decimal("485395.04"), f"485{NBSP}395,04{NBSP}EUR", f"485,395.04{NBSP}EUR"),
        (Decimal("0.005"), f"0,01{NBSP}EUR", f"0.01{NBSP}EUR"),
        (Decimal("-10"), f"-10,00{NBSP}EUR", f"-10.00{NBSP}EUR"),
        (1000, f"1{NBSP}000,00{NBSP}EUR", f"1,000.00{NBSP}EUR"),
    ],
)
def test_money_always_shows_two_decimals_and_the_currency(value, polish, english):
    with translation.override("pl"):
        assert money(value, "EUR") == polish
    with translation.override("en"):
        assert money(value, "EUR") == english


def test_money_without_a_currency_is_just_the_amount():
    with translation.override("pl"):
        assert money(Decimal("2.5")) == "2,50"


@pytest.mark.parametrize("bad", [1234.56, True, "12.00", Decimal("NaN")])
def test_money_refuses_anything_but_a_decimal(bad):
    with pytest.raises(TypeError):
        money(bad, "PLN")


def test_money_of_nothing_is_empty():
    assert money(None, "PLN") == ""


@pytest.mark.parametrize(
    ("value", "decimals", "polish", "english"),
    [
        (0.125, 1, "12,5%", "12.5%"),
        (Decimal("0.5"), 0, "50%", "50%"),
        (1, 1, "100,0%", "100.0%"),
        (Decimal("12.3456"), 2, f"1{NBSP}234,56%", "1,234.56%"),
    ],
)
def test_percent_turns_a_ratio_into_a_percentage(value, decimals, polish, english):
    with translation.override("pl"):
        assert percent(value, decimals) == polish
    with translation.override("en"):
        assert percent(value, decimals) == english


def test_percent_of_nothing_is_empty():
    assert percent(None) == ""


def test_filters_work_in_templates_and_dates_follow_the_language():
    import datetime

    template = Template(
        "{% load formats %}{{ people|number }} | {{ amount|money:'PLN' }} | {{ share|percent }}"
        " | {{ day }}"
    )
    context = Context(
        {
            "people": 38_000_000,
            "amount": Decimal("148849.53"),
            "share": 0.5,
            "day": datetime.date(2010, 1, 1),
        }
    )
    with translation.override("pl"):
        assert template.render(context) == (
            f"38{NBSP}000{NBSP}000 | 148{NBSP}849,53{NBSP}PLN | 50,0% | 1 stycznia 2010"
        )
    with translation.override("en"):
        assert template.render(context) == "38,000,000 | 148,849.53\xa0PLN | 50.0% | Jan. 1, 2010"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("pl", "10.04.2007, 10.04.2007 09:05"), ("en", "2007-04-10, 2007-04-10 09:05")],
)
def test_short_dates_are_polish_in_polish_and_iso_in_english(language, expected):
    import datetime as dt

    from django.template import Context, Template
    from django.utils import translation

    template = Template('{{ d|date:"SHORT_DATE_FORMAT" }}, {{ t|date:"SHORT_DATETIME_FORMAT" }}')
    with translation.override(language):
        rendered = template.render(
            Context({"d": dt.date(2007, 4, 10), "t": dt.datetime(2007, 4, 10, 9, 5)})
        )
    assert rendered == expected


def test_a_css_string_keeps_hyphens_and_letters_and_escapes_what_could_break_out():
    from integra.core.templatetags.formats import css_string

    assert css_string("Kędzierzyn-Koźle") == "Kędzierzyn-Koźle"
    assert css_string('a"b\\c</style>') == "a\\22 b\\5c c\\3c /style\\3e "
    assert css_string("line\nbreak") == "line\\a break"
