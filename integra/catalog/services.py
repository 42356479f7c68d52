"""Writes to the catalogue: service types created, edited, retired, restored or deleted by a
ministry administrator, and the reference file loaded by `manage.py load_catalogue`.

Every change records its audit event in the same transaction. A type that plans use cannot be
deleted (their foreign keys protect it): it is retired instead and stays for those plans.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.audit.services import RequestContext, record_event
from integra.catalog.importers.catalogue import DEFAULT_PATH, GroupRow, TypeRow, parse_catalogue
from integra.catalog.models import ServiceType, TargetGroup
from integra.catalog.policies import can_manage_catalogue
from integra.catalog.rules import code_problems, service_type_problems
from integra.core.actors import Actor, require
from integra.core.errors import DomainError, RulesBroken
from integra.territories.services import ImportSummary


class ServiceTypeInvalid(RulesBroken):
    """A type's values break the catalogue's rules; every problem is at its field."""

    code = "service_type_invalid"
    status = 400


class ServiceTypeCodeTaken(ServiceTypeInvalid):
    code = "service_type_code_taken"
    status = 409


class UnknownTargetGroup(ServiceTypeInvalid):
    code = "unknown_target_group"


class ServiceTypeAlreadyRetired(DomainError):
    code = "service_type_already_retired"
    status = 409


class ServiceTypeNotRetired(DomainError):
    code = "service_type_not_retired"
    status = 409


class ServiceTypeEditConflict(DomainError):
    """Someone saved the type since the editor loaded it."""

    code = "service_type_edit_conflict"
    status = 409

    def __init__(self, message: str, *, current: int) -> None:
        super().__init__(message)
        self.current = current


class ServiceTypeInUse(DomainError):
    code = "service_type_in_use"
    status = 409


@dataclass(frozen=True)
class ServiceTypeSpec:
    """A new service type."""

    code: str
    name_pl: str
    name_en: str
    groups: Sequence[TargetGroup] = ()
    line: str = ServiceType.Line.SERVICES
    position: int = 0
    description: str = ""


@dataclass(frozen=True)
class ServiceTypeChanges:
    """What to change in a service type; None leaves a field as it is. The code never changes."""

    name_pl: str | None = None
    name_en: str | None = None
    groups: Sequence[TargetGroup] | None = None
    line: str | None = None
    position: int | None = None
    description: str | None = None


def require_manager(actor: Actor) -> None:
    """PermissionDenied unless the actor is the system or a ministry administrator (the API asks
    it first, so that a refusal comes before any lookup)."""
    require(
        actor, can_manage_catalogue, _("Only a ministry administrator may manage the catalogue.")
    )


def _state(service_type: ServiceType) -> dict[str, Any]:
    return {
        "code": service_type.code,
        "name_pl": service_type.name_pl,
        "name_en": service_type.name_en,
        "groups": sorted(group.code for group in service_type.groups.all()),
        "line": service_type.line,
        "position": service_type.position,
        "description": service_type.description,
        "retired_on": service_type.retired_on,
    }


def _check_values(
    *,
    code: str | None = None,
    name_pl: str,
    name_en: str,
    line: str,
    groups: Sequence[TargetGroup] | Sequence[str],
    description: str = "",
) -> None:
    problems = code_problems(code) if code is not None else []
    problems += service_type_problems(
        name_pl=name_pl, name_en=name_en, line=line, groups=groups, description=description
    )
    if problems:
        raise ServiceTypeInvalid(_("The service type is refused; nothing was saved."), problems)


def resolve_groups(codes: Iterable[str]) -> list[TargetGroup]:
    """The target groups of the codes, in catalogue order; UnknownTargetGroup names the codes
    that are no group."""
    wanted = set(codes)
    groups = list(TargetGroup.objects.filter(code__in=wanted))
    missing = wanted - {group.code for group in groups}
    if missing:
        raise UnknownTargetGroup.at(
            "groups", _("Unknown target group(s): %s.") % ", ".join(sorted(missing))
        )
    return groups


@transaction.atomic
def create_service_type(
    *, actor: Actor, spec: ServiceTypeSpec, context: RequestContext | None = None
) -> ServiceType:
    """Add a type to the catalogue. Raises PermissionDenied unless the actor is a ministry
    administrator, ServiceTypeInvalid for a malformed code or missing values, ServiceTypeCodeTaken
    when the code exists."""
    require_manager(actor)
    _check_values(
        code=spec.code,
        name_pl=spec.name_pl,
        name_en=spec.name_en,
        line=spec.line,
        groups=spec.groups,
        description=spec.description,
    )
    if ServiceType.objects.filter(code=spec.code).exists():
        raise ServiceTypeCodeTaken.at(
            "code", _("A service type with the code %s already exists.") % spec.code
        )
    service_type = ServiceType.objects.create(
        code=spec.code,
        name_pl=spec.name_pl.strip(),
        name_en=spec.name_en.strip(),
        line=spec.line,
        position=spec.position,
        description=spec.description.strip(),
    )
    service_type.groups.set(spec.groups)
    record_event(
        actor=actor,
        action="catalog.service_type.created",
        target=service_type,
        context=context,
        changes={"before": None, "after": _state(service_type)},
    )
    return service_type


def _locked(service_type: ServiceType) -> ServiceType:
    locked: ServiceType = ServiceType.objects.select_for_update().get(pk=service_type.pk)
    return locked


@transaction.atomic
def update_service_type(
    *,
    actor: Actor,
    service_type: ServiceType,
    changes: ServiceTypeChanges,
    lock_version: int | None,
    context: RequestContext | None = None,
) -> ServiceType:
    """Change the names, description, groups, line or position of a type (retired or not),
    raising its lock_version. Records an event only when something changed.

    `lock_version` is the one the editor saw (None only for the reference file, which overrides
    by design). Raises PermissionDenied, ServiceTypeInvalid, ServiceTypeEditConflict when someone
    saved in between (nothing changes)."""
    require_manager(actor)
    service_type = _locked(service_type)
    if lock_version is not None and service_type.lock_version != lock_version:
        raise ServiceTypeEditConflict(
            _(
                "Someone else saved this service type while you were editing it (version "
                "%(seen)s, now %(now)s). Nothing was saved: compare your input with the saved "
                "values and save again to replace them."
            )
            % {"seen": lock_version, "now": service_type.lock_version},
            current=service_type.lock_version,
        )
    before = _state(service_type)
    values: dict[str, Any] = {}
    for name in ("name_pl", "name_en", "line", "position", "description"):
        value = getattr(changes, name)
        if value is not None:
            values[name] = value.strip() if isinstance(value, str) else value
    groups = list(changes.groups) if changes.groups is not None else None
    _check_values(
        name_pl=values.get("name_pl", service_type.name_pl),
        name_en=values.get("name_en", service_type.name_en),
        line=values.get("line", service_type.line),
        groups=groups if groups is not None else before["groups"],
        description=values.get("description", service_type.description),
    )
    dirty = [name for name, value in values.items() if getattr(service_type, name) != value]
    for name in dirty:
        setattr(service_type, name, values[name])
    if groups is not None:
        service_type.groups.set(groups)
    after = _state(service_type)
    changed = [name for name in after if after[name] != before[name]]
    if changed:
        service_type.lock_version += 1
        service_type.save(update_fields=[*dirty, "lock_version"])
        record_event(
            actor=actor,
            action="catalog.service_type.updated",
            target=service_type,
            context=context,
            changes={
                "before": {name: before[name] for name in changed},
                "after": {name: after[name] for name in changed},
            },
        )
    return service_type


@transaction.atomic
def retire_service_type(
    *,
    actor: Actor,
    service_type: ServiceType,
    on: dt.date | None = None,
    context: RequestContext | None = None,
) -> ServiceType:
    """Retire a type from the given day (today by default): new plans no longer offer it, plans
    that use it keep it. Raises PermissionDenied, ServiceTypeAlreadyRetired."""
    require_manager(actor)
    service_type = _locked(service_type)
    if service_type.is_retired:
        raise ServiceTypeAlreadyRetired(
            _("The service type %(code)s was already retired on %(date)s.")
            % {"code": service_type.code, "date": service_type.retired_on}
        )
    service_type.retired_on = on or timezone.localdate()
    service_type.lock_version += 1
    service_type.save(update_fields=["retired_on", "lock_version"])
    record_event(
        actor=actor,
        action="catalog.service_type.retired",
        target=service_type,
        context=context,
        changes={"before": {"retired_on": None}, "after": {"retired_on": service_type.retired_on}},
    )
    return service_type


@transaction.atomic
def restore_service_type(
    *, actor: Actor, service_type: ServiceType, context: RequestContext | None = None
) -> ServiceType:
    """Bring a retired type back into the catalogue. Raises PermissionDenied,
    ServiceTypeNotRetired."""
    require_manager(actor)
    service_type = _locked(service_type)
    if not service_type.is_retired:
        raise ServiceTypeNotRetired(_("The service type %s is not retired.") % service_type.code)
    retired_on = service_type.retired_on
    service_type.retired_on = None
    service_type.lock_version += 1
    service_type.save(update_fields=["retired_on", "lock_version"])
    record_event(
        actor=actor,
        action="catalog.service_type.restored",
        target=service_type,
        context=context,
        changes={"before": {"retired_on": retired_on}, "after": {"retired_on": None}},
    )
    return service_type


@transaction.atomic
def delete_service_type(
    *, actor: Actor, service_type: ServiceType, context: RequestContext | None = None
) -> None:
    """Delete a type nothing uses. Raises PermissionDenied, ServiceTypeInUse when a record (an
    Action Plan's service) refers to it — such a type is retired instead."""
    require_manager(actor)
    service_type = _locked(service_type)
    # Recorded first, while the row still has its key; a refusal below rolls the event back.
    record_event(
        actor=actor,
        action="catalog.service_type.deleted",
        target=service_type,
        context=context,
        changes={"before": _state(service_type), "after": None},
    )
    try:
        # The apps above the catalogue protect their references; the catalogue does not know them.
        with transaction.atomic():
            service_type.delete()
    except (ProtectedError, IntegrityError) as exc:
        raise ServiceTypeInUse(
            _("The service type %s is in use: retire it instead.") % service_type.code
        ) from exc


# The reference file -------------------------------------------------------------------------------


def _write_group(
    row: GroupRow, existing: TargetGroup | None, actor: Actor, summary: ImportSummary
) -> TargetGroup:
    values = {"name_pl": row.name_pl, "name_en": row.name_en, "position": row.position}
    if existing is None:
        group = TargetGroup.objects.create(code=row.code, **values)
        summary.created += 1
        record_event(
            actor=actor,
            action="catalog.target_group.created",
            target=group,
            changes={"before": None, "after": {"code": row.code, **values}},
        )
        return group
    before = {name: getattr(existing, name) for name in values}
    changed = {name for name, value in values.items() if before[name] != value}
    if not changed:
        summary.unchanged += 1
        return existing
    TargetGroup.objects.filter(pk=existing.pk).update(**values)
    existing.refresh_from_db()
    summary.updated += 1
    record_event(
        actor=actor,
        action="catalog.target_group.updated",
        target=existing,
        changes={
            "before": {name: before[name] for name in sorted(changed)},
            "after": {name: values[name] for name in sorted(changed)},
        },
    )
    return existing


def _write_type(
    row: TypeRow,
    existing: ServiceType | None,
    groups: dict[str, TargetGroup],
    actor: Actor,
    summary: ImportSummary,
) -> None:
    if existing is None:
        spec = ServiceTypeSpec(
            code=row.code,
            name_pl=row.name_pl,
            name_en=row.name_en,
            groups=[groups[code] for code in row.groups],
            line=row.line,
            position=row.position,
            description=row.description,
        )
        create_service_type(actor=actor, spec=spec)
        summary.created += 1
        return
    changes = ServiceTypeChanges(
        name_pl=row.name_pl,
        name_en=row.name_en,
        groups=[groups[code] for code in row.groups],
        line=row.line,
        position=row.position,
        description=row.description,
    )
    before = _state(existing)
    # The reference file states no version: it replaces whatever an editor saved.
    updated = update_service_type(
        actor=actor, service_type=existing, changes=changes, lock_version=None
    )
    after = _state(updated)
    if after == before:
        summary.unchanged += 1
    else:
        summary.updated += 1


@transaction.atomic
def load_catalogue(
    *, actor: Actor, path: str | Path | None = None, context: RequestContext | None = None
) -> ImportSummary:
    """Bring the catalogue in line with the reference file (the packaged one by default):
    create or update groups and types by code. Never deletes or retires what the file omits;
    a second load of the same file writes nothing. Raises ImportRefused (nothing written),
    PermissionDenied for a user who is not a ministry administrator."""
    require_manager(actor)
    catalogue = parse_catalogue(path or DEFAULT_PATH)
    summary = ImportSummary()
    groups = {group.code: group for group in TargetGroup.objects.all()}
    for group_row in catalogue.groups:
        groups[group_row.code] = _write_group(group_row, groups.get(group_row.code), actor, summary)
    types = {
        service_type.code: service_type
        for service_type in ServiceType.objects.prefetch_related("groups").filter(
            code__in=[row.code for row in catalogue.types]
        )
    }
    for row in catalogue.types:
        _write_type(row, types.get(row.code), groups, actor, summary)
    return summary
