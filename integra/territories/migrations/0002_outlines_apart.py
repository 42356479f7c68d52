"""Outlines move from `Territory.boundary` to their own table, one row per unit that has one.

The copy runs both ways, so the migration is reversible: backwards, the column comes back, the
outlines are copied into it, and the table is dropped.
"""

import django.db.models.deletion
from django.db import migrations, models

BATCH = 500


def copy_boundaries_to_outlines(apps, schema_editor):
    Territory = apps.get_model("territories", "Territory")
    Outline = apps.get_model("territories", "Outline")
    units = Territory.objects.filter(boundary__isnull=False).values_list("pk", "boundary")
    Outline.objects.bulk_create(
        (Outline(territory_id=pk, geometry=boundary) for pk, boundary in units.iterator()),
        batch_size=BATCH,
    )


def copy_outlines_to_boundaries(apps, schema_editor):
    Territory = apps.get_model("territories", "Territory")
    Outline = apps.get_model("territories", "Outline")
    units = []
    for pk, geometry in Outline.objects.values_list("territory_id", "geometry").iterator():
        units.append(Territory(pk=pk, boundary=geometry))
    Territory.objects.bulk_update(units, ["boundary"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [
        ("territories", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="Outline",
            fields=[
                (
                    "territory",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="outline",
                        serialize=False,
                        to="territories.territory",
                        verbose_name="unit",
                    ),
                ),
                ("geometry", models.JSONField(verbose_name="boundary (GeoJSON geometry)")),
            ],
            options={
                "verbose_name": "outline",
                "verbose_name_plural": "outlines",
            },
        ),
        migrations.RunPython(copy_boundaries_to_outlines, copy_outlines_to_boundaries),
        migrations.RemoveField(
            model_name="territory",
            name="boundary",
        ),
    ]
