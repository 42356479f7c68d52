"""Reading the text files that official registers publish (UTF-8 with or without BOM, or cp1250)."""

from __future__ import annotations

from pathlib import Path

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
