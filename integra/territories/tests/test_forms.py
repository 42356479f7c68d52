"""The filters of the territory list: what reaches the selector from an address."""

from __future__ import annotations

from integra.territories.forms import TerritoryFilterForm


def test_without_a_criterion_the_list_starts_at_the_voivodeships():
    assert TerritoryFilterForm({}).selector_filters() == {"level": "voivodeship"}


def test_the_search_box_q_becomes_the_selectors_query():
    form = TerritoryFilterForm({"q": "Łódź", "level": "gmina", "gmina_type": "3"})
    assert form.selector_filters() == {"query": "Łódź", "level": "gmina", "gmina_type": "3"}


def test_a_mistyped_field_is_left_out_rather_than_refused():
    form = TerritoryFilterForm({"q": "Łódź", "level": "village", "parent": "10x"})
    assert form.selector_filters() == {"query": "Łódź"}


def test_the_country_is_no_level_to_choose():
    assert "country" not in dict(TerritoryFilterForm().fields["level"].choices)
