"""Writes to the territorial tree: imports of the register, population and boundaries.

Each import validates the whole file first (the parsers raise ImportRefused), then writes in one
transaction and records one audit event. Re-importing the same file changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from integra.audit.services import RequestContext, record_event
from integra.core.actors import Actor, require
from integra.core.cache import invalidate
from integra.core.errors import ImportRefused, Problem
from integra.territories.importers.boundaries import CODE_LENGTH, parse_boundaries
from integra.territories.importers.population import parse_population
from integra.territories.importers.terc import TercUnit, parse_terc
from integra.territories.models import (
    COUNTRY_CODE,
    PUBLIC_PAGES,
    Outline,
    PopulationRecord,
    Territory,
)
from integra.territories.policies import can_import_register

LEVEL_ORDER = [Territory.Level.VOIVODESHIP, Territory.Level.POWIAT, Territory.Level.GMINA]


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    retired: int = 0
    skipped: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.retired)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _require_import(actor: Actor) -> None:
    require(actor, can_import_register, _("Only the ministry's administrators load the register."))


def ensure_country() -> Territory:
    country, _created = Territory.objects.get_or_create(
        teryt=COUNTRY_CODE,
        defaults={"level": Territory.Level.COUNTRY, "name": "Polska", "kind_label": "państwo"},
    )
    return country


@transaction.atomic
def import_teryt(
    *, actor: Actor, path: str | Path, context: RequestContext | None = None
) -> ImportSummary:
    """Bring the tree in line with a TERC file: create, update, retire units absent from it.

    Raises ImportRefused (nothing written) when any line is invalid.
    """
    _require_import(actor)
    terc = parse_terc(path)
    summary = ImportSummary(skipped=terc.skipped_sub_units)
    country = ensure_country()
    existing = {t.teryt: t for t in Territory.objects.exclude(pk=country.pk)}
    by_code: dict[str, Territory] = {COUNTRY_CODE: country, **existing}
    for level in LEVEL_ORDER:
        _write_level(level, [u for u in terc.units if u.level == level], by_code, existing, summary)

    listed = {unit.teryt for unit in terc.units}
    to_retire = Territory.objects.exclude(pk=country.pk).filter(retired_on__isnull=True)
    to_retire = to_retire.exclude(teryt__in=listed)
    summary.retired = to_retire.update(retired_on=terc.register_on)
    if summary.changed:
        invalidate(PUBLIC_PAGES)
        record_event(
            actor=actor,
            action="territories.register.imported",
            context=context,
            changes={"file": Path(path).name, "register_on": terc.register_on, **summary.as_dict()},
        )
    return summary


def _write_level(
    level: str,
    units: list[TercUnit],
    by_code: dict[str, Territory],
    existing: dict[str, Territory],
    summary: ImportSummary,
) -> None:
    new: list[Territory] = []
    # Rows that need the same change (typically only a newer register date) share one UPDATE.
    changes: dict[tuple[tuple[str, Any], ...], list[int]] = {}
    for unit in units:
        values = {
            "level": level,
            "name": unit.name,
            "kind_label": unit.kind_label,
            "gmina_type": unit.gmina_type,
            "register_on": unit.register_on,
            "parent_id": by_code[unit.parent_teryt or COUNTRY_CODE].pk,
            "retired_on": None,
        }
        current = existing.get(unit.teryt)
        if current is None:
            new.append(Territory(teryt=unit.teryt, **values))
            continue
        differing = tuple(
            sorted((key, value) for key, value in values.items() if getattr(current, key) != value)
        )
        if differing:
            changes.setdefault(differing, []).append(current.pk)
        else:
            summary.unchanged += 1
    for territory in Territory.objects.bulk_create(new, batch_size=500):
        by_code[territory.teryt] = territory
    # bulk_create returns primary keys on PostgreSQL and SQLite ≥ 3.35; fetch them if it did not.
    if new and new[0].pk is None:
        by_code.update(
            {t.teryt: t for t in Territory.objects.filter(teryt__in=[t.teryt for t in new])}
        )
    for differing, pks in changes.items():
        for start in range(0, len(pks), 500):
            Territory.objects.filter(pk__in=pks[start : start + 500]).update(**dict(differing))
        summary.updated += len(pks)
    summary.created += len(new)


@transaction.atomic
def import_population(
    *, actor: Actor, path: str | Path, context: RequestContext | None = None
) -> ImportSummary:
    """Store population per gmina and year; an invalid row refuses the whole file.

    A row matches its gmina by the full code, or else by the first six digits when one gmina of
    the register has them (the type digit changes when a village becomes a town, e.g. Pieszyce
    0202031 → 0202033 in 2016). Rows matching no gmina are skipped and reported.
    """
    _require_import(actor)
    data = parse_population(path)
    resolve = _gmina_resolver(path)
    summary = ImportSummary(skipped=data.skipped_sub_units)
    existing = {(r.territory_id, r.year): r for r in PopulationRecord.objects.all()}
    new, changed, unknown, seen = [], [], set(), set()
    # Exact matches first, so that a row found by its six digits never displaces one of them.
    resolved = sorted(
        ((resolve(row.teryt), row) for row in data.rows), key=lambda item: not item[0][1]
    )
    for (territory_id, _exact), row in resolved:
        if territory_id is None or (territory_id, row.year) in seen:
            unknown.add(row.teryt)
            summary.skipped += 1
            continue
        seen.add((territory_id, row.year))
        values = {
            "total": row.total,
            "age_0_17": row.age_0_17,
            "working_age": row.working_age,
            "post_working_age": row.post_working_age,
        }
        current = existing.get((territory_id, row.year))
        if current is None:
            new.append(PopulationRecord(territory_id=territory_id, year=row.year, **values))
        elif any(getattr(current, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(current, key, value)
            changed.append(current)
        else:
            summary.unchanged += 1
    PopulationRecord.objects.bulk_create(new, batch_size=1000)
    PopulationRecord.objects.bulk_update(
        changed, ["total", "age_0_17", "working_age", "post_working_age"], batch_size=1000
    )
    summary.created, summary.updated = len(new), len(changed)
    if unknown:
        summary.notes.append(
            _("%(count)s unit code(s) not in the register were skipped, e.g. %(codes)s")
            % {"count": len(unknown), "codes": ", ".join(sorted(unknown)[:5])}
        )
    if summary.changed:
        invalidate(PUBLIC_PAGES)
        record_event(
            actor=actor,
            action="territories.population.imported",
            context=context,
            changes={"file": Path(path).name, **summary.as_dict()},
        )
    return summary


def _gmina_resolver(path: str | Path) -> Callable[[str], tuple[int | None, bool]]:
    """teryt → (gmina pk or None, matched exactly?) over the register's gminas."""
    gminas = dict(Territory.objects.gminas().values_list("teryt", "pk"))
    if not gminas:
        raise ImportRefused(
            str(path), [Problem(_("the register is empty: import the TERC file first"))]
        )
    by_six: dict[str, list[int]] = {}
    for teryt, pk in Territory.objects.gminas().current().values_list("teryt", "pk"):
        by_six.setdefault(teryt[:6], []).append(pk)

    def resolve(teryt: str) -> tuple[int | None, bool]:
        if teryt in gminas:
            return gminas[teryt], True
        candidates = by_six.get(teryt[:6], [])
        return (candidates[0], False) if len(candidates) == 1 else (None, False)

    return resolve


@transaction.atomic
def import_boundaries(
    *, actor: Actor, path: str | Path, level: str, context: RequestContext | None = None
) -> ImportSummary:
    """Attach outlines to units of one level, matching each feature on any of its TERYT codes.

    Raises ImportRefused (nothing written) for an unknown level, an empty register or any invalid
    feature. A unit the file does not cover keeps the outline it has.
    """
    _require_import(actor)
    if level not in CODE_LENGTH:
        raise ImportRefused(str(path), [Problem(_("unknown level %(level)s") % {"level": level})])
    features = parse_boundaries(path, level)
    units = dict(Territory.objects.filter(level=level).values_list("teryt", "pk"))
    if not units:
        raise ImportRefused(
            str(path), [Problem(_("the register is empty: import the TERC file first"))]
        )
    outlines = {o.territory_id: o for o in Outline.objects.filter(territory__level=level)}
    summary = ImportSummary()
    new: list[Outline] = []
    changed: list[Outline] = []
    unmatched: list[str] = []
    for feature in features:
        unit_pk = next((units[code] for code in feature.codes if code in units), None)
        if unit_pk is None:
            unmatched.append(feature.codes[0])
            continue
        outline = outlines.get(unit_pk)
        if outline is None:
            new.append(Outline(territory_id=unit_pk, geometry=feature.geometry))
        elif outline.geometry == feature.geometry:
            summary.unchanged += 1
        else:
            outline.geometry = feature.geometry
            changed.append(outline)
    Outline.objects.bulk_create(new, batch_size=200)
    Outline.objects.bulk_update(changed, ["geometry"], batch_size=200)
    summary.updated, summary.skipped = len(new) + len(changed), len(unmatched)
    if unmatched:
        summary.notes.append(
            _("%(count)s feature(s) match no unit of the register: %(codes)s")
            % {"count": len(unmatched), "codes": ", ".join(unmatched[:10])}
        )
    if summary.changed:
        invalidate(PUBLIC_PAGES)
        record_event(
            actor=actor,
            action="territories.boundaries.imported",
            context=context,
            changes={"file": Path(path).name, "level": level, **summary.as_dict()},
        )
    return summary
