"""Reading exported files back in tests: the first sheet of an XLSX with its typed values, the
rows of a CSV in either variant."""

from __future__ import annotations

import csv
import io
from typing import Any

import openpyxl


def body_of(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def xlsx_sheet(content: bytes) -> Any:
    """The first worksheet (openpyxl), to look at its cells' types and number formats."""
    return openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]


def xlsx_rows(content: bytes) -> list[list[Any]]:
    """The values of the first sheet row by row: str, int, float, datetime; None when empty."""
    return [list(row) for row in xlsx_sheet(content).iter_rows(values_only=True)]


def csv_rows(response: Any, delimiter: str = ";") -> list[list[str]]:
    """The rows of a CSV download (a byte-order mark, if any, dropped)."""
    text = body_of(response).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
