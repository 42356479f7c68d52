"""The home page shows each user what waits for them: a coordinator their gmina's next steps, a
consultant or officer the count of plans waiting in their region (and how many are overdue)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from integra.action_plans import services
from integra.action_plans.models import PlanVersion
from integra.action_plans.tests.factories import AS_OF, content

pytestmark = pytest.mark.django_db


def submitted_plan(world):
    version = services.create_action_plan(
        actor=world.people.coordinator,
        programme=world.programme,
        gmina=world.gmina,
        year=2007,
        as_of=AS_OF,
    )
    version = services.save_plan_version(
        actor=world.people.coordinator,
        version=version,
        content=content(world),
        lock_version=version.lock_version,
    )
    return services.submit_plan_version(actor=world.people.coordinator, version=version)


def test_the_coordinator_sees_what_to_do_next_for_each_year(world, signed_in):
    submitted_plan(world)
    page = signed_in(world.people.coordinator).get("/").content.decode()
    assert "Your work" in page
    assert "Wait for the region&#x27;s review." in page
    # 2008 and 2009: the strategy (still in preparation) comes first.
    assert page.count("The strategy comes first") == 2
    assert "Plans waiting for review" not in page


def test_the_consultant_sees_the_waiting_and_overdue_plans_of_the_region(world, signed_in):
    version = submitted_plan(world)
    PlanVersion.objects.filter(pk=version.pk).update(
        submitted_at=timezone.now() - dt.timedelta(days=30)
    )
    page = signed_in(world.people.consultant).get("/").content.decode()
    assert "1 submitted Action Plan waits in your region." in page
    assert "1 overdue" in page
    assert "gmina-path" not in page


def test_an_officer_of_another_region_has_nothing_waiting(world, signed_in):
    submitted_plan(world)
    page = signed_in(world.people.officer_lublin).get("/").content.decode()
    assert "0 submitted Action Plans wait in your region." in page
