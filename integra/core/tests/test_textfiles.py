"""Reading official text files: rows with their line numbers, malformed CSV refused by line."""

from __future__ import annotations

import pytest

from integra.core.errors import ImportRefused
from integra.core.textfiles import csv_rows


def test_rows_come_with_their_line_numbers_and_without_the_bom():
    assert csv_rows("\ufeffteryt;kwota\n1003042;85700\n", name="f", delimiter=";") == [
        (1, ["teryt", "kwota"]),
        (2, ["1003042", "85700"]),
    ]


def test_a_field_past_the_reader_limit_refuses_the_file_at_its_line():
    text = "teryt,amount\n1003042,1\n1003043," + "9" * 200_000 + "\n"
    with pytest.raises(ImportRefused) as refused:
        csv_rows(text, name="amounts.csv")
    assert refused.value.problems[0].line == 3
    assert refused.value.path == "amounts.csv"
