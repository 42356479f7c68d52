"""The campaign's events register: the organiser records an event of its level with its
figures and cost (component C) and adds materials; every programme role reads it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from integra.outreach import rules, services
from integra.territories.models import Territory

pytestmark = pytest.mark.django_db


def values(**overrides):
    base = {
        "kind": rules.REGIONAL_CONFERENCE,
        "title": "Konferencja otwierająca w Łodzi",
        "held_on": dt.date(2006, 9, 14),
        "place": "Łódź",
        "participants": 180,
        "reach": 25000,
        "cost_pln": Decimal("42000.00"),
    }
    base.update(overrides)
    return rules.EventValues(**base)


def test_the_region_records_its_conference(world):
    event = services.record_campaign_event(
        actor=world.people.officer,
        programme=world.programme,
        organiser=Territory.objects.get(teryt="10"),
        values=values(),
    )
    assert event.participants == 180 and event.cost_pln == Decimal("42000.00")


def test_the_kind_must_match_the_organiser_and_every_problem_is_shown(world):
    with pytest.raises(services.EventInvalid) as refusal:
        services.record_campaign_event(
            actor=world.people.coordinator,
            programme=world.programme,
            organiser=world.gmina,
            values=values(title="", place="", participants=-1, reach=rules.MAX_REACH + 1),
        )
    assert {p.field for p in refusal.value.problems} == {
        "organiser",
        "title",
        "place",
        "participants",
        "reach",
    }


def test_a_media_action_needs_no_place(world):
    event = services.record_campaign_event(
        actor=world.people.coordinator,
        programme=world.programme,
        organiser=world.gmina,
        values=values(kind=rules.MEDIA_ACTION, place=""),
    )
    assert event.place == ""


def test_another_units_events_cannot_be_recorded(world):
    with pytest.raises(PermissionDenied):
        services.record_campaign_event(
            actor=world.people.officer_lublin,
            programme=world.programme,
            organiser=Territory.objects.get(teryt="10"),
            values=values(),
        )


@pytest.fixture
def conference(world):
    return services.record_campaign_event(
        actor=world.people.officer,
        programme=world.programme,
        organiser=Territory.objects.get(teryt="10"),
        values=values(),
    )


@pytest.mark.parametrize(
    ("who", "status", "may_upload"),
    [
        ("officer", 200, True),
        ("coordinator", 200, False),
        ("officer_lublin", 200, False),
        ("admin", 200, False),
        ("provider", 403, False),
    ],
)
def test_the_register_is_read_by_every_programme_role(
    world, conference, signed_in, who, status, may_upload
):
    client = signed_in(getattr(world.people, who))
    response = client.get(reverse("outreach:event-detail", args=[conference.pk]))
    assert response.status_code == status
    assert ('id="material-form"' in response.content.decode()) is may_upload
    upload = client.post(
        reverse("outreach:material-add", args=[conference.pk]),
        {"mat-title": "Plakat", "mat-file": SimpleUploadedFile("plakat.png", b"\x89PNG")},
    )
    assert upload.status_code == (302 if may_upload else 403)


def test_the_list_filters_and_exports(world, conference, signed_in):
    client = signed_in(world.people.coordinator)
    page = client.get(reverse("outreach:event-list"), {"kind": rules.GMINA_MEETING})
    assert conference.title not in page.content.decode()
    page = client.get(reverse("outreach:event-list"), {"kind": rules.REGIONAL_CONFERENCE})
    assert conference.title in page.content.decode()
    csv = client.get(reverse("outreach:event-export", args=["csv"]))
    assert "Konferencja otwierająca" in csv.content.decode("utf-8-sig")
