"""The Django admin is read-only and shows no secret (issue 10, finding 6; ADR 0009)."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import verify_second_factor
from integra.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(personas):
    user = personas.admin
    user.is_staff = user.is_superuser = True
    user.save(update_fields=["is_staff", "is_superuser"])
    client = Client()
    client.force_login(user)
    verify_second_factor(client, user)
    return client


@pytest.fixture
def device(personas):
    return TOTPDevice.objects.create(user=personas.coordinator, name="phone", confirmed=True)


def test_every_registered_model_is_read_only():
    for model, model_admin in admin.site._registry.items():
        assert not model_admin.has_add_permission(None), model
        assert not model_admin.has_change_permission(None), model
        assert not model_admin.has_delete_permission(None), model


def test_the_totp_key_is_not_shown(staff_client, device):
    page = staff_client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/")
    assert page.status_code == 200
    assert device.key not in page.content.decode()
    assert staff_client.get(f"/admin/otp_totp/totpdevice/{device.pk}/config/").status_code in {
        403,
        404,
    }


def test_a_device_cannot_be_deleted_nor_changed(staff_client, device):
    events = AuditEvent.objects.count()
    delete = staff_client.post(f"/admin/otp_totp/totpdevice/{device.pk}/delete/", {"post": "yes"})
    change = staff_client.post(
        f"/admin/otp_totp/totpdevice/{device.pk}/change/", {"name": "x", "confirmed": ""}
    )
    assert (delete.status_code, change.status_code) == (403, 403)
    device.refresh_from_db()
    assert (device.name, device.confirmed) == ("phone", True)
    assert AuditEvent.objects.count() == events


def test_lockout_records_cannot_be_edited_or_deleted_in_bulk(staff_client):
    attempt = AccessAttempt.objects.create(
        username="victim", ip_address="192.0.2.1", failures_since_start=4, user_agent="x"
    )
    bulk = staff_client.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"},
    )
    add = staff_client.get("/admin/axes/accessattempt/add/")
    assert add.status_code == 403
    assert bulk.status_code in {200, 302}  # the list answers; no action runs
    assert AccessAttempt.objects.filter(pk=attempt.pk, failures_since_start=4).exists()
