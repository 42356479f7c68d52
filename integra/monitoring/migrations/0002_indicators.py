"""The indicators of DOMAIN.md §3, from the packaged data/indicators.csv (re-running the
migration updates the definitions in place; targets and values stay)."""

import csv
from pathlib import Path

from django.db import migrations

CSV = Path(__file__).resolve().parent.parent / "data" / "indicators.csv"


def load(apps, schema_editor):
    Indicator = apps.get_model("monitoring", "Indicator")
    with CSV.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
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


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
