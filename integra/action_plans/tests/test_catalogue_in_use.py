"""A catalogue type that a planned service uses cannot be deleted — through the service, the page
and the API — and stays; it can only be retired. Here, not in catalog's tests, because only a
real Action Plan (an app above the catalogue) puts a type in use."""

from __future__ import annotations

import pytest
from django.urls import reverse

from integra.action_plans import services
from integra.action_plans.tests.factories import AS_OF, content
from integra.audit.models import AuditEvent
from integra.catalog import services as catalog_services
from integra.catalog.models import ServiceType

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_use(world):
    """The care type, used by a saved draft of the gmina's 2007 plan."""
    version = services.create_action_plan(
        actor=world.people.coordinator,
        programme=world.programme,
        gmina=world.gmina,
        year=2007,
        as_of=AS_OF,
    )
    services.save_plan_version(
        actor=world.people.coordinator, version=version, content=content(world), lock_version=1
    )
    assert version.services.filter(service_type=world.catalogue.care).exists()
    return world.catalogue.care


def deletions() -> int:
    return AuditEvent.objects.filter(action="catalog.service_type.deleted").count()


def test_the_service_refuses_and_keeps_the_type(world, in_use):
    with pytest.raises(catalog_services.ServiceTypeInUse) as refusal:
        catalog_services.delete_service_type(actor=world.people.admin, service_type=in_use)

    assert "retire it instead" in refusal.value.message
    assert refusal.value.status == 409
    assert ServiceType.objects.filter(code=in_use.code).exists()
    assert deletions() == 0


def test_the_page_says_why_and_keeps_the_type(world, in_use, signed_in):
    page = reverse("catalog:service-type-delete", kwargs={"code": in_use.code})

    response = signed_in(world.people.admin).post(page, follow=True)

    assert b"retire it instead" in response.content
    assert ServiceType.objects.filter(code=in_use.code).exists()


def test_the_api_answers_409_and_keeps_the_type(world, in_use, api_as):
    response = api_as(world.people.admin).delete(f"/api/v1/service-types/{in_use.code}")

    assert (response.status_code, response.json()["code"]) == (409, "service_type_in_use")
    assert ServiceType.objects.filter(code=in_use.code).exists()
    assert deletions() == 0


def test_a_type_in_use_can_still_be_retired(world, in_use):
    retired = catalog_services.retire_service_type(actor=world.people.admin, service_type=in_use)
    assert retired.retired_on is not None
