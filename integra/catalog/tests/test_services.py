"""Services of the catalogue: every path of create, update, retire, restore and delete — success,
each refusal, the permission check and the audit event."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from integra.audit.models import AuditEvent
from integra.catalog import services
from integra.catalog.models import ServiceType
from integra.catalog.services import ServiceTypeChanges, ServiceTypeSpec
from integra.catalog.tests.factories import ServiceTypeFactory, TargetGroupFactory
from integra.core.actors import SystemActor

pytestmark = pytest.mark.django_db


@pytest.fixture
def elderly():
    return TargetGroupFactory(code="OS")


@pytest.fixture
def families():
    return TargetGroupFactory(code="RD", name_pl="Rodziny", name_en="Families", position=30)


def spec(groups, **changes) -> ServiceTypeSpec:
    values = {
        "code": "OS-11",
        "name_pl": "Klub seniora",
        "name_en": "Seniors' club",
        "groups": groups,
        "line": ServiceType.Line.SERVICES,
        "position": 111,
        "description": "",
    }
    return ServiceTypeSpec(**{**values, **changes})


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action))


# Create -----------------------------------------------------------------------------------------


def test_an_admin_creates_a_type_with_its_groups_and_the_event(personas, elderly, families):
    created = services.create_service_type(actor=personas.admin, spec=spec([elderly, families]))

    assert sorted(g.code for g in created.groups.all()) == ["OS", "RD"]
    assert created.is_retired is False
    [event] = events("catalog.service_type.created")
    assert event.actor == personas.admin
    assert event.target_id == str(created.pk)
    assert event.changes["after"]["groups"] == ["OS", "RD"]


@pytest.mark.parametrize("name", ["analyst", "officer", "coordinator", "provider"])
def test_refuses_a_type_from_anyone_but_a_ministry_admin(personas, elderly, name):
    with pytest.raises(PermissionDenied):
        services.create_service_type(actor=getattr(personas, name), spec=spec([elderly]))

    assert not ServiceType.objects.exists()
    assert not events("catalog.service_type.created")


def test_refuses_a_code_that_exists(personas, elderly):
    ServiceTypeFactory(code="OS-11")

    with pytest.raises(services.ServiceTypeCodeTaken) as refusal:
        services.create_service_type(actor=personas.admin, spec=spec([elderly]))

    assert list(refusal.value.by_field()) == ["code"]
    assert refusal.value.status == 409
    assert ServiceType.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"code": "os-11"}, "code"),
        ({"code": "OS11"}, "code"),
        ({"name_pl": "  "}, "name_pl"),
        ({"name_en": ""}, "name_en"),
        ({"line": "other"}, "line"),
        ({"groups": []}, "groups"),
    ],
)
def test_refuses_a_malformed_type(personas, elderly, changes, field):
    changes = dict(changes)
    with pytest.raises(services.ServiceTypeInvalid) as refusal:
        services.create_service_type(
            actor=personas.admin, spec=spec(changes.pop("groups", [elderly]), **changes)
        )

    assert list(refusal.value.by_field()) == [field]
    assert not ServiceType.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="catalog.").exists()


def test_a_training_type_needs_no_group(personas):
    created = services.create_service_type(
        actor=personas.admin, spec=spec([], code="SZ-02", line=ServiceType.Line.TRAINING)
    )

    assert not created.groups.exists()


def test_an_unknown_group_code_is_named(elderly):
    with pytest.raises(services.UnknownTargetGroup) as refusal:
        services.resolve_groups(["OS", "XX", "YY"])

    assert "XX, YY" in refusal.value.by_field()["groups"][0]
    assert services.resolve_groups(["OS"]) == [elderly]


# Update -----------------------------------------------------------------------------------------


def test_an_admin_edits_a_type_and_the_event_keeps_before_and_after(personas, elderly, families):
    service_type = ServiceTypeFactory(code="OS-05", name_pl="Posiłki", groups=[elderly])

    updated = services.update_service_type(
        actor=personas.admin,
        service_type=service_type,
        lock_version=service_type.lock_version,
        changes=ServiceTypeChanges(name_pl=" Dowóz posiłków ", groups=[elderly, families]),
    )

    assert updated.name_pl == "Dowóz posiłków"
    assert updated.name_en == service_type.name_en
    [event] = events("catalog.service_type.updated")
    assert event.changes == {
        "before": {"name_pl": "Posiłki", "groups": ["OS"]},
        "after": {"name_pl": "Dowóz posiłków", "groups": ["OS", "RD"]},
    }


def test_an_edit_that_changes_nothing_records_nothing(personas):
    service_type = ServiceTypeFactory()

    services.update_service_type(
        actor=personas.admin,
        service_type=service_type,
        lock_version=service_type.lock_version,
        changes=ServiceTypeChanges(name_pl=service_type.name_pl, position=service_type.position),
    )

    assert not events("catalog.service_type.updated")


def test_refuses_an_edit_leaving_a_services_type_without_groups(personas):
    service_type = ServiceTypeFactory()

    with pytest.raises(services.ServiceTypeInvalid):
        services.update_service_type(
            actor=personas.admin,
            service_type=service_type,
            lock_version=1,
            changes=ServiceTypeChanges(groups=[]),
        )

    assert service_type.groups.count() == 1
    # Moved to the training line, it may serve no group.
    services.update_service_type(
        actor=personas.admin,
        service_type=service_type,
        lock_version=service_type.lock_version,
        changes=ServiceTypeChanges(groups=[], line=ServiceType.Line.TRAINING),
    )
    assert not service_type.groups.exists()


def test_refuses_an_edit_from_a_coordinator(personas):
    service_type = ServiceTypeFactory(name_pl="Posiłki")

    with pytest.raises(PermissionDenied):
        services.update_service_type(
            actor=personas.coordinator,
            service_type=service_type,
            lock_version=1,
            changes=ServiceTypeChanges(name_pl="Inne"),
        )

    service_type.refresh_from_db()
    assert service_type.name_pl == "Posiłki"


# Retire and restore -----------------------------------------------------------------------------


def test_an_admin_retires_a_type_from_today(personas):
    service_type = ServiceTypeFactory()

    retired = services.retire_service_type(actor=personas.admin, service_type=service_type)

    assert retired.retired_on == timezone.localdate()
    assert not ServiceType.objects.active().filter(pk=service_type.pk).exists()
    [event] = events("catalog.service_type.retired")
    assert event.changes["before"] == {"retired_on": None}


def test_refuses_to_retire_a_retired_type(personas):
    service_type = ServiceTypeFactory(retired_on=dt.date(2010, 1, 1))

    with pytest.raises(services.ServiceTypeAlreadyRetired):
        services.retire_service_type(actor=personas.admin, service_type=service_type)

    service_type.refresh_from_db()
    assert service_type.retired_on == dt.date(2010, 1, 1)


def test_an_admin_restores_a_retired_type(personas):
    service_type = ServiceTypeFactory(retired_on=dt.date(2010, 1, 1))

    restored = services.restore_service_type(actor=personas.admin, service_type=service_type)

    assert restored.retired_on is None
    [event] = events("catalog.service_type.restored")
    assert event.changes == {"before": {"retired_on": "2010-01-01"}, "after": {"retired_on": None}}


def test_refuses_to_restore_a_type_in_use(personas):
    with pytest.raises(services.ServiceTypeNotRetired):
        services.restore_service_type(actor=personas.admin, service_type=ServiceTypeFactory())


@pytest.mark.parametrize("service", [services.retire_service_type, services.restore_service_type])
def test_refuses_retiring_or_restoring_from_an_analyst(personas, service):
    service_type = ServiceTypeFactory(retired_on=dt.date(2010, 1, 1))

    with pytest.raises(PermissionDenied):
        service(actor=personas.analyst, service_type=service_type)

    assert not AuditEvent.objects.filter(action__startswith="catalog.").exists()


# Delete -----------------------------------------------------------------------------------------


def test_an_admin_deletes_an_unused_type(personas):
    service_type = ServiceTypeFactory(code="OS-77")
    pk = service_type.pk

    services.delete_service_type(actor=personas.admin, service_type=service_type)

    assert not ServiceType.objects.filter(pk=pk).exists()
    [event] = events("catalog.service_type.deleted")
    assert event.target_id == str(pk)
    assert event.changes["before"]["code"] == "OS-77"


def test_refuses_a_deletion_from_a_regional_officer(personas):
    service_type = ServiceTypeFactory()

    with pytest.raises(PermissionDenied):
        services.delete_service_type(actor=personas.officer, service_type=service_type)

    assert ServiceType.objects.filter(pk=service_type.pk).exists()


def test_an_operator_command_acts_without_a_user(db):
    service_type = ServiceTypeFactory()

    services.retire_service_type(actor=SystemActor("manage.py shell"), service_type=service_type)

    [event] = events("catalog.service_type.retired")
    assert event.actor_label == "manage.py shell"


def test_refuses_an_edit_made_on_a_stale_version(personas):
    service_type = ServiceTypeFactory(name_pl="Posiłki")
    services.update_service_type(
        actor=personas.admin,
        service_type=service_type,
        lock_version=1,
        changes=ServiceTypeChanges(name_pl="Dowóz posiłków"),
    )

    with pytest.raises(services.ServiceTypeEditConflict, match="version 1, now 2"):
        services.update_service_type(
            actor=personas.admin,
            service_type=service_type,
            lock_version=1,
            changes=ServiceTypeChanges(name_pl="Inne"),
        )

    service_type.refresh_from_db()
    assert (service_type.name_pl, service_type.lock_version) == ("Dowóz posiłków", 2)
    assert len(events("catalog.service_type.updated")) == 1


def test_retiring_raises_the_version_so_an_open_editor_is_refused(personas):
    service_type = ServiceTypeFactory()
    services.retire_service_type(actor=personas.admin, service_type=service_type)

    with pytest.raises(services.ServiceTypeEditConflict):
        services.update_service_type(
            actor=personas.admin,
            service_type=service_type,
            lock_version=1,
            changes=ServiceTypeChanges(name_pl="Inne"),
        )


def test_the_service_refuses_a_description_past_its_limit(personas):
    service_type = ServiceTypeFactory()

    with pytest.raises(services.ServiceTypeInvalid) as refusal:
        services.update_service_type(
            actor=personas.admin,
            service_type=service_type,
            lock_version=1,
            changes=ServiceTypeChanges(description="x" * 5001),
        )

    assert list(refusal.value.by_field()) == ["description"]
    service_type.refresh_from_db()
    assert service_type.description == ""
