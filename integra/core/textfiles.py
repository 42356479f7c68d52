"""Reading the text files that official registers publish (UTF-8 with or without BOM, or cp1250)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from django.utils.translation import gettext as _

from integra.core.errors import ImportRefused, Problem

ENCODINGS = ("utf-8-sig", "cp1250")


def read_text(path: str | Path) -> str:
    """Return the file's text, decoded as UTF-8 (BOM allowed) or, failing that, Windows-1250.

    GUS still publishes some registers in Windows-1250; anything else is refused by the caller's
    validation rather than guessed.
    """
    raw = Path(path).read_bytes()
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", errors="replace")


def csv_rows(text: str, *, name: str, delimiter: str = ",") -> list[tuple[int, list[str]]]:
    """(line number, cells) of every row of CSV text; a row the CSV reader cannot take (an
    unclosed quote, a field past the reader's limit) refuses the file as ImportRefused naming
    its line, never an unhandled error."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    try:
        for cells in reader:
            rows.append((reader.line_num, cells))
    except csv.Error as error:
        problem = Problem(
            _("the line cannot be read as CSV (%(why)s)") % {"why": error}, line=reader.line_num
        )
        raise ImportRefused(path=name, problems=[problem]) from error
    return rows
