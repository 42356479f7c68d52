"""The catalogue's pure rules: codes, and every problem of a type's values at once."""

from __future__ import annotations

import pytest

from integra.catalog.rules import code_problems, service_type_problems


@pytest.mark.parametrize(("code", "valid"), [("OS-01", True), ("ST-123", True), ("os-01", False)])
def test_a_type_code_is_letters_a_hyphen_and_a_number(code, valid):
    assert (code_problems(code) == []) is valid


def test_every_problem_of_a_type_is_reported_at_its_field():
    problems = service_type_problems(name_pl=" ", name_en="", line="services", groups=[])

    assert [problem.field for problem in problems] == ["name_pl", "name_en", "groups"]


def test_a_training_type_serves_no_group():
    assert (
        service_type_problems(name_pl="Szkolenie", name_en="Training", line="training", groups=[])
        == []
    )
