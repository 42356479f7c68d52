"""The switches of the allocation map: the level and figure asked for, or the defaults."""

from __future__ import annotations

import pytest

from integra.dashboards.forms import AMOUNT, PER_INHABITANT, MapForm


@pytest.mark.parametrize(
    ("data", "choice"),
    [
        ({}, ("gmina", AMOUNT)),
        ({"level": "voivodeship"}, ("voivodeship", AMOUNT)),
        ({"level": "gmina", "measure": PER_INHABITANT}, ("gmina", PER_INHABITANT)),
        ({"level": "powiat", "measure": "nonsense"}, ("gmina", AMOUNT)),
    ],
)
def test_a_missing_or_mistyped_switch_takes_the_default(data, choice):
    assert MapForm(data).choice() == choice
