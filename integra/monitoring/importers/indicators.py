"""The indicator definitions of the packaged `data/indicators.csv` (DOMAIN.md §3), loaded or
refreshed in place: the data migration loads them once; `load_definitions` brings them back
where a test database was flushed, and the demo calls it so that it never runs without them."""

from __future__ import annotations

import csv
from pathlib import Path

from integra.monitoring.models import Indicator

CSV = Path(__file__).resolve().parent.parent / "data" / "indicators.csv"


def load_definitions() -> int:
    """Create or update every packaged indicator; the number of indicators in the file."""
    with CSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        Indicator.objects.update_or_create(
            code=row["code"],
            defaults={
                "name_pl": row["name_pl"],
                "name_en": row["name_en"],
                "level": row["level"],
                "unit": row["unit"],
                "source": row["source"],
                "aggregation": row["aggregation"],
                "disaggregations": row["disaggregations"].split(),
                "position": int(row["position"]),
            },
        )
    return len(rows)
