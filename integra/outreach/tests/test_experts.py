"""Expert support: a gmina asks, its region assigns an expert of the roster, the expert reports
the work and uploads outputs (bounded in type and size); the expert sees only their own."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from integra.core.workflow import TransitionRefused
from integra.outreach import rules, services
from integra.outreach.models import ExpertRequest
from integra.outreach.tests.factories import make_session

pytestmark = pytest.mark.django_db


def ask(world, gmina=None, actor=None):
    return services.create_request(
        actor=actor or world.people.coordinator,
        programme=world.programme,
        gmina=gmina or world.gmina,
        values=rules.RequestValues(topic="Diagnoza problemów", need="Pomoc w diagnozie."),
    )


def test_the_whole_path_of_a_request(world):
    request = ask(world)
    assert request.status == ExpertRequest.Status.REQUESTED
    services.assign_expert(actor=world.people.officer, request=request, expert=world.people.expert)
    request.refresh_from_db()
    assert request.status == ExpertRequest.Status.ASSIGNED
    services.report_work(
        actor=world.people.expert,
        request=request,
        values=rules.WorkValues(hours=Decimal("12.5"), cost_pln=Decimal("1500.00")),
    )
    upload = SimpleUploadedFile("raport.pdf", b"%PDF-1.4 raport", content_type="application/pdf")
    output = services.add_output(
        actor=world.people.expert, request=request, title="Raport", upload=upload
    )
    request.refresh_from_db()
    assert request.status == ExpertRequest.Status.DONE
    assert request.hours == Decimal("12.5")
    assert output.size == len(b"%PDF-1.4 raport")


def test_only_the_gminas_coordinator_asks_and_the_region_assigns(world):
    with pytest.raises(PermissionDenied):
        ask(world, actor=world.people.neighbour)
    request = ask(world)
    for who in ("coordinator", "officer_lublin", "admin"):
        with pytest.raises((PermissionDenied, ExpertRequest.DoesNotExist)):
            services.assign_expert(
                actor=getattr(world.people, who), request=request, expert=world.people.expert
            )


def test_a_user_without_the_expert_role_cannot_be_assigned(world):
    request = ask(world)
    with pytest.raises(services.RequestInvalid) as refusal:
        services.assign_expert(
            actor=world.people.officer, request=request, expert=world.people.coordinator
        )
    assert refusal.value.problems[0].field == "expert"


def test_the_work_is_reported_only_after_an_assignment(world):
    request = ask(world)
    with pytest.raises(TransitionRefused):
        services.report_work(
            actor=world.people.officer,
            request=request,
            values=rules.WorkValues(hours=Decimal("1"), cost_pln=Decimal("0")),
        )


@pytest.mark.parametrize(
    ("name", "size", "refused"),
    [
        ("raport.pdf", 100, False),
        ("zdjecie.PNG", 100, False),
        ("program.exe", 100, True),
        ("bez-rozszerzenia", 100, True),
        ("duzy.pdf", rules.UPLOAD_MAX_BYTES + 1, True),
        ("pusty.pdf", 0, True),
    ],
)
def test_uploads_are_bounded_in_type_and_size(name, size, refused):
    assert bool(rules.upload_problems(name, size)) is refused


@pytest.fixture
def assigned(world):
    request = ask(world)
    services.assign_expert(actor=world.people.officer, request=request, expert=world.people.expert)
    return request


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("expert", 200),  # assigned
        ("coordinator", 200),
        ("neighbour", 404),  # another gmina
        ("officer", 200),
        ("officer_lublin", 404),
        ("admin", 200),
        ("provider", 403),
    ],
)
def test_who_sees_a_request(world, assigned, signed_in, who, status):
    client = signed_in(getattr(world.people, who))
    response = client.get(reverse("outreach:request-detail", args=[assigned.pk]))
    assert response.status_code == status


def test_the_expert_sees_only_their_assignments_and_sessions(world, assigned, signed_in):
    other = ask(world)
    own_session = make_session(world.programme, "10", trainer_user=world.people.expert)
    make_session(world.programme, "10", topic="Inne szkolenie")
    client = signed_in(world.people.expert)
    assert client.get(reverse("outreach:request-detail", args=[other.pk])).status_code == 404
    listing = client.get(reverse("outreach:request-list")).content.decode()
    assert reverse("outreach:request-detail", args=[assigned.pk]) in listing
    assert reverse("outreach:request-detail", args=[other.pk]) not in listing
    sessions = client.get(reverse("outreach:session-list")).content.decode()
    assert own_session.topic in sessions and "Inne szkolenie" not in sessions


def test_an_upload_through_the_page_and_its_download(world, assigned, signed_in, settings):
    client = signed_in(world.people.expert)
    address = reverse("outreach:output-add", args=[assigned.pk])
    bad = client.post(
        address,
        {"out-title": "", "out-file": SimpleUploadedFile("wirus.exe", b"MZ")},
    )
    assert bad.status_code == 200
    assert bad.content.decode().count('class="invalid-feedback d-block"') == 2
    good = client.post(
        address,
        {"out-title": "Raport", "out-file": SimpleUploadedFile("raport.pdf", b"%PDF-1.4")},
    )
    assert good.status_code == 302
    output = assigned.outputs.get()
    download = client.get(reverse("outreach:output-download", args=[output.pk]))
    assert download.status_code == 200
    stranger = signed_in(world.people.neighbour)
    assert stranger.get(reverse("outreach:output-download", args=[output.pk])).status_code == 404


def test_the_roster_is_kept_by_the_region(world, signed_in):
    client = signed_in(world.people.officer)
    response = client.post(
        reverse("outreach:roster"),
        {
            "expert": world.people.expert.pk,
            "skills": "Diagnoza społeczna",
            "regions": [world.gmina.parent.parent.pk],
            "available": "on",
        },
    )
    assert response.status_code == 302
    page = signed_in(world.people.coordinator).get(reverse("outreach:roster")).content.decode()
    assert "Diagnoza społeczna" in page
    refused = signed_in(world.people.coordinator).post(reverse("outreach:roster"), {})
    assert refused.status_code == 403
