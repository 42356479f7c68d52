"""Files out of the register: the territory list as a table (CSV or XLSX through core.exports)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from integra.core.exports import Table
from integra.territories.models import Territory


def territory_table(units: Iterable[Territory]) -> Table:
    """One row per unit (with its parent's code and name), in the order given."""
    return Table(
        name="terytorium",
        title=_("Territories"),
        header=_export_header(),
        rows=[_export_row(unit) for unit in units],
        widths=(14, 32, 20, 20, 20, 20),
    )


def _export_header() -> list[str]:
    return [
        _("TERYT code"),
        _("Name"),
        _("Level"),
        _("Gmina type"),
        _("Parent TERYT code"),
        _("Parent"),
    ]


def _export_row(unit: Territory) -> list[str]:
    parent = unit.parent
    return [
        unit.teryt,
        unit.name,
        unit.get_level_display(),
        unit.get_gmina_type_display(),
        parent.teryt if parent else "",
        parent.name if parent else "",
    ]
