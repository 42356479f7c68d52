"""The catalogue API: every user with a role reads, the ministry admin writes; others get 403,
anonymous callers 401, and the domain refusals come back with their codes."""

from __future__ import annotations

import pytest

from integra.accounts.services import create_user
from integra.audit.models import AuditEvent
from integra.catalog.models import ServiceType
from integra.core.actors import SystemActor

pytestmark = pytest.mark.django_db

TYPES = "/api/v1/service-types"
GROUPS = "/api/v1/target-groups"


@pytest.fixture
def admin(personas, api_as, catalogue):
    return api_as(personas.admin)


@pytest.fixture
def coordinator(personas, api_as, catalogue):
    return api_as(personas.coordinator)


NEW_TYPE = {
    "code": "OS-11",
    "name_pl": "Klub seniora",
    "name_en": "Seniors' club",
    "groups": ["OS"],
    "line": "services",
    "position": 111,
}


def test_a_coordinator_reads_the_groups_and_the_types(coordinator):
    groups = coordinator.get(GROUPS).json()
    page = coordinator.get(TYPES, {"line": "training"}).json()
    one = coordinator.get(f"{TYPES}/OS-01").json()

    assert [group["code"] for group in groups] == ["OS", "DM", "RD", "SP"]
    assert [item["code"] for item in page["items"]] == ["ST-01", "SZ-01"]
    assert page["count"] == 2
    assert one["groups"] == ["OS"] and one["is_active"] is True and one["retired_on"] is None


def test_the_list_filters_by_group_and_status(admin):
    admin.post(f"{TYPES}/SP-01/retire")

    assert admin.get(TYPES, {"group": "SP", "active": "true"}).json()["count"] == 0
    retired = admin.get(TYPES, {"active": "false"}).json()["items"]
    assert [item["code"] for item in retired] == ["SP-01"]


def test_an_unknown_code_is_a_404(coordinator):
    response = coordinator.get(f"{TYPES}/XX-99")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_anonymous_callers_get_401(client, catalogue):
    assert client.get(TYPES).status_code == 401
    assert client.get(GROUPS).status_code == 401


def test_a_user_without_a_role_gets_403(small_tree, api_as, catalogue):
    nobody = api_as(
        create_user(
            actor=SystemActor("test"), username="nobody", email="", password="x-long-pass-99"
        )
    )

    assert nobody.get(TYPES).status_code == 403
    assert nobody.get(GROUPS).status_code == 403


def test_an_admin_creates_edits_retires_restores_and_deletes_a_type(admin):
    created = admin.post(TYPES, NEW_TYPE, content_type="application/json")
    assert created.status_code == 201
    assert created.json()["groups"] == ["OS"]

    patched = admin.patch(
        f"{TYPES}/OS-11",
        {"name_en": "Seniors' club house", "lock_version": 1},
        content_type="application/json",
    )
    assert patched.json()["name_en"] == "Seniors' club house"
    assert patched.json()["name_pl"] == "Klub seniora"

    assert admin.post(f"{TYPES}/OS-11/retire").json()["is_active"] is False
    assert admin.post(f"{TYPES}/OS-11/retire").json()["code"] == "service_type_already_retired"
    assert admin.post(f"{TYPES}/OS-11/restore").json()["is_active"] is True

    assert admin.delete(f"{TYPES}/OS-11").status_code == 204
    assert not ServiceType.objects.filter(code="OS-11").exists()
    actions = AuditEvent.objects.filter(target_type="catalog.servicetype").values_list(
        "action", flat=True
    )
    assert {
        "catalog.service_type.created",
        "catalog.service_type.updated",
        "catalog.service_type.retired",
        "catalog.service_type.restored",
        "catalog.service_type.deleted",
    } <= set(actions)


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({**NEW_TYPE, "code": "OS-01"}, 409, "service_type_code_taken"),
        ({**NEW_TYPE, "groups": ["XX"]}, 400, "unknown_target_group"),
        ({**NEW_TYPE, "groups": []}, 400, "service_type_invalid"),
        ({**NEW_TYPE, "code": "lower"}, 400, "service_type_invalid"),
        ({**NEW_TYPE, "line": "other"}, 422, "validation_error"),
        ({**NEW_TYPE, "name_pl": ""}, 422, "validation_error"),
    ],
)
def test_a_refused_type_answers_with_its_code(admin, body, status, code):
    response = admin.post(TYPES, body, content_type="application/json")

    assert (response.status_code, response.json()["code"]) == (status, code)
    assert not ServiceType.objects.filter(name_pl="Klub seniora").exists()


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", TYPES),
        ("patch", f"{TYPES}/OS-01"),
        ("post", f"{TYPES}/OS-01/retire"),
        ("post", f"{TYPES}/OS-01/restore"),
        ("delete", f"{TYPES}/OS-01"),
    ],
)
def test_a_coordinator_may_not_write(coordinator, method, path):
    body = {**NEW_TYPE, "lock_version": 1}
    response = getattr(coordinator, method)(path, body, content_type="application/json")

    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action__startswith="catalog.service_type.r").exists()
    assert ServiceType.objects.get(code="OS-01").name_pl == "Usługi opiekuńcze"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name_pl", "x" * 201),
        ("name_en", "x" * 201),
        ("description", "x" * 5001),
        ("code", "OS-" + "1" * 20),
        ("description", "Opis\u202eukryty"),
    ],
)
def test_an_oversized_or_hidden_field_answers_422_at_the_field(admin, field, value):
    response = admin.post(TYPES, {**NEW_TYPE, field: value}, content_type="application/json")

    assert response.status_code == 422
    assert [error["loc"][-1] for error in response.json()["errors"]] == [field]
    assert not ServiceType.objects.filter(code__startswith="OS-11").exists()


def test_a_stale_patch_answers_409_and_changes_nothing(admin):
    seen = admin.get(f"{TYPES}/OS-01").json()["lock_version"]
    first = {"name_en": "Care at home (edited)", "lock_version": seen}
    assert admin.patch(f"{TYPES}/OS-01", first, content_type="application/json").status_code == 200

    stale = {"name_en": "Home care", "lock_version": seen}
    response = admin.patch(f"{TYPES}/OS-01", stale, content_type="application/json")

    assert response.status_code == 409
    assert response.json()["code"] == "service_type_edit_conflict"
    assert ServiceType.objects.get(code="OS-01").name_en == "Care at home (edited)"


def test_a_patch_must_state_its_lock_version(admin):
    body = {"name_en": "Home care"}

    response = admin.patch(f"{TYPES}/OS-01", body, content_type="application/json")

    assert response.status_code == 422
    assert ServiceType.objects.get(code="OS-01").name_en != "Home care"
