"""The outreach part of the demo: the national seminar, a regional training with the demo gmina's
two people present, the demo expert with an assignment, three good practices (one published) —
once, however often it runs."""

from __future__ import annotations

import pytest

from integra.core.actors import SystemActor
from integra.outreach import demo
from integra.outreach.models import (
    CampaignEvent,
    ExpertRequest,
    GoodPractice,
    Registration,
    TrainingSession,
)

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_once(world):
    from integra.accounts.services import create_user
    from integra.action_plans.tests.factories import make_catalogue

    make_catalogue()

    create_user(
        actor=SystemActor("test"),
        username=demo.EXPERT_USERNAME,
        email="ekspert@example.org",
        password="a-long-unusual-passphrase-7",
        assignments=[("expert", world.gmina.parent.parent)],
    )
    arguments = {
        "actor": SystemActor("test"),
        "programme": world.programme,
        "region": world.gmina.parent.parent,
        "gmina": world.gmina,
    }
    first = demo.seed_outreach(**arguments)
    again = demo.seed_outreach(**arguments)
    assert (first.created, first.existing) == (6, 0)
    assert (again.created, again.existing) == (0, 6)
    assert CampaignEvent.objects.get().kind == "national_seminar"
    session = TrainingSession.objects.get()
    assert session.organiser == world.gmina.parent.parent
    assert list(Registration.objects.values_list("attended", flat=True)) == [True, True]
    assert ExpertRequest.objects.get().expert.username == demo.EXPERT_USERNAME
    statuses = dict(GoodPractice.objects.values_list("title", "status"))
    assert sorted(statuses.values()) == ["proposed", "proposed", "published"]
    assert GoodPractice.objects.get(status="published").gmina == world.gmina
