"""Text inputs: no control, invisible or direction-changing characters (issue 10, finding 10)."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError

from integra.core.text import LINE, MULTILINE, validate_line, validate_text

HIDDEN = ["\u202e", "\u200b", "\u200d", "\u2066", "\ufeff", "\x00", "\x1b"]


@pytest.mark.parametrize("char", HIDDEN)
def test_a_hidden_character_is_refused_in_a_line_and_a_text(char):
    for validate in (validate_line, validate_text):
        with pytest.raises(ValidationError) as refused:
            validate(f"Gmina{char}Widawa")
        assert refused.value.code == "hidden_characters"


def test_a_text_may_break_lines_and_use_tabs_a_line_may_not():
    validate_text("Pierwszy akapit.\r\n\tDrugi: zażółć gęślą jaźń.")
    with pytest.raises(ValidationError):
        validate_line("dwie\nlinie")


@pytest.mark.parametrize("value", ["Zespół Szkół w Widawie", "O'Brien — „Łódź”", "€ 1 234,56"])
def test_ordinary_polish_text_passes(value):
    validate_line(value)
    validate_text(value)


def test_the_openapi_patterns_say_the_same():
    assert re.match(LINE, "Łódź") and not re.match(LINE, "a\u202eb")
    assert re.match(MULTILINE, "a\nb") and not re.match(MULTILINE, "a\u200bb")
