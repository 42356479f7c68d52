"""Training sessions: the gmina's training line capped like the services line, registrations up
to the places and the deadline, attendance by the organiser only, personal data seen by the
organiser and the registering gmina only, and the Polish certificate."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from integra.outreach import services
from integra.outreach.exports import certificate_pdf
from integra.outreach.models import Registration, TrainingSession
from integra.outreach.tests.factories import make_session, person, session_values

pytestmark = pytest.mark.django_db
MARCH_2007 = {
    "starts_on": dt.date(2007, 3, 5),
    "ends_on": dt.date(2007, 3, 5),
    "registration_closes_on": dt.date(2007, 3, 1),
}


def test_a_gmina_training_is_charged_to_its_line_in_eur(world):
    session = services.create_session(
        actor=world.people.coordinator,
        programme=world.programme,
        organiser=world.gmina,
        values=session_values(cost_pln=Decimal("2000.00"), **MARCH_2007),
    )
    assert session.charged_to == TrainingSession.Charge.GMINA_LINE
    assert session.cost_eur == Decimal("500.00")
    assert session.rate_pln_per_eur == Decimal("4")


def test_the_line_refuses_a_cost_above_what_is_left_naming_the_amount(world):
    services.create_session(
        actor=world.people.coordinator,
        programme=world.programme,
        organiser=world.gmina,
        values=session_values(cost_pln=Decimal("3000.00"), **MARCH_2007),
    )
    with pytest.raises(services.SessionInvalid) as refusal:
        services.create_session(
            actor=world.people.coordinator,
            programme=world.programme,
            organiser=world.gmina,
            values=session_values(cost_pln=Decimal("1200.00"), **MARCH_2007),
        )
    [problem] = refusal.value.problems
    assert problem.field == "cost_pln"
    assert "250.00 EUR left of 1,000.00 EUR" in problem.message.replace("\xa0", " ")
    assert TrainingSession.objects.count() == 1


def test_a_regional_training_goes_to_the_component_without_a_line(world):
    session = make_session(world.programme, "10", cost_pln=Decimal("90000.00"))
    assert session.charged_to == TrainingSession.Charge.COMPONENT
    assert session.cost_eur is None


def test_every_problem_of_a_session_at_once(world):
    values = session_values(
        topic=" ",
        ends_on=dt.date(2000, 1, 1),
        registration_closes_on=timezone.localdate() + dt.timedelta(days=30),
        capacity=0,
        place="",
        audience=(),
        trainer_name="",
    )
    with pytest.raises(services.SessionInvalid) as refusal:
        services.create_session(
            actor=world.people.officer,
            programme=world.programme,
            organiser=world.gmina.parent.parent,
            values=values,
        )
    fields = {p.field for p in refusal.value.problems}
    assert fields == {
        "topic",
        "ends_on",
        "registration_closes_on",
        "capacity",
        "place",
        "audience",
        "trainer_name",
    }


@pytest.mark.parametrize(
    ("who", "organiser", "allowed"),
    [
        ("admin", "PL", True),
        ("officer", "10", True),
        ("consultant", "10", True),
        ("officer_lublin", "10", False),
        ("coordinator", "1001022", True),
        ("coordinator", "10", False),
        ("neighbour", "1001022", False),
        ("admin", "1001022", False),
    ],
)
def test_who_organises_where(world, who, organiser, allowed):
    if allowed:
        make_session(world.programme, organiser)  # a valid session exists for the unit
    try:
        from integra.territories.models import Territory

        services.create_session(
            actor=getattr(world.people, who),
            programme=world.programme,
            organiser=Territory.objects.get(teryt=organiser),
            values=session_values(),
        )
    except PermissionDenied:
        assert not allowed
    else:
        assert allowed


def test_a_gmina_registers_until_the_places_are_taken(world):
    session = make_session(world.programme, "10", capacity=2)
    for n in (1, 2):
        services.register_participant(
            actor=world.people.coordinator, session=session, gmina=world.gmina, values=person(n)
        )
    with pytest.raises(services.RegistrationClosed, match="All 2 places are taken"):
        services.register_participant(
            actor=world.people.neighbour,
            session=session,
            gmina=world.neighbour,
            values=person(3),
        )


def test_a_registration_after_the_deadline_is_refused(world):
    today = timezone.localdate()
    session = make_session(
        world.programme,
        "10",
        registration_closes_on=today - dt.timedelta(days=1),
        starts_on=today,
        ends_on=today,
    )
    with pytest.raises(services.RegistrationClosed, match="Registration closed on"):
        services.register_participant(
            actor=world.people.coordinator, session=session, gmina=world.gmina, values=person()
        )


def test_the_same_email_twice_and_bad_fields_are_refused_at_their_fields(world):
    session = make_session(world.programme, "10")
    services.register_participant(
        actor=world.people.coordinator, session=session, gmina=world.gmina, values=person(1)
    )
    with pytest.raises(services.RegistrationInvalid) as refusal:
        services.register_participant(
            actor=world.people.coordinator,
            session=session,
            gmina=world.gmina,
            values=person(1, full_name="", function=""),
        )
    assert {p.field for p in refusal.value.problems} == {"full_name", "function", "email"}


def test_a_gmina_of_another_voivodeship_may_not_register(world):
    session = make_session(world.programme, "10")
    with pytest.raises(PermissionDenied):
        services.register_participant(
            actor=world.people.coordinator_lublin,
            session=session,
            gmina=world.lublin,
            values=person(),
        )


def test_attendance_by_the_organiser_from_the_first_day(world):
    session = make_session(world.programme, "10")
    ours = services.register_participant(
        actor=world.people.coordinator, session=session, gmina=world.gmina, values=person(1)
    )
    theirs = services.register_participant(
        actor=world.people.neighbour, session=session, gmina=world.neighbour, values=person(2)
    )
    with pytest.raises(PermissionDenied):
        services.take_attendance(actor=world.people.coordinator, session=session, present=set())
    with pytest.raises(services.AttendanceTooEarly):
        services.take_attendance(actor=world.people.officer, session=session, present=set())
    came = services.take_attendance(
        actor=world.people.officer,
        session=session,
        present={ours.pk},
        today=session.starts_on,
    )
    assert came == 1
    assert Registration.objects.get(pk=ours.pk).attended is True
    assert Registration.objects.get(pk=theirs.pk).attended is False


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_certificate_is_polish_with_its_letters(world):
    session = make_session(world.programme, "10")
    registration = services.register_participant(
        actor=world.people.coordinator, session=session, gmina=world.gmina, values=person(1)
    )
    text = pdf_text(certificate_pdf(registration))
    assert "Zaświadczenie" in text
    assert "Łucja Źdźbło 1" in text
    assert "Zarządzanie usługami społecznymi" in text


@pytest.fixture
def attended(world):
    session = make_session(world.programme, "10")
    registration = services.register_participant(
        actor=world.people.coordinator, session=session, gmina=world.gmina, values=person(1)
    )
    services.take_attendance(
        actor=world.people.officer,
        session=session,
        present={registration.pk},
        today=session.starts_on,
    )
    return registration


@pytest.mark.parametrize(
    ("who", "status", "sees_name"),
    [
        ("officer", 200, True),  # the organiser
        ("coordinator", 200, True),  # the registering gmina
        ("viewer", 200, True),
        ("neighbour", 200, False),  # sees the training, not our people
        ("consultant", 200, True),  # the region's staff organised it
        ("admin", 200, False),  # above the organiser: not its staff
        ("coordinator_lublin", 404, False),  # another voivodeship
        ("expert", 404, False),  # not their session
        ("provider", 403, False),
    ],
)
def test_the_session_page_and_personal_data(world, attended, signed_in, who, status, sees_name):
    client = signed_in(getattr(world.people, who))
    response = client.get(reverse("outreach:session-detail", args=[attended.session_id]))
    assert response.status_code == status
    assert ("Łucja Źdźbło 1" in response.content.decode()) is sees_name
    certificate = client.get(reverse("outreach:certificate", args=[attended.pk]))
    assert certificate.status_code == (200 if sees_name else status if status != 200 else 404)


def test_the_trainer_expert_sees_their_session_but_not_the_people(world, signed_in):
    session = make_session(world.programme, "10", trainer_user=world.people.expert)
    other = make_session(world.programme, "10")
    client = signed_in(world.people.expert)
    assert client.get(reverse("outreach:session-detail", args=[session.pk])).status_code == 200
    assert client.get(reverse("outreach:session-detail", args=[other.pk])).status_code == 404


def test_registering_through_the_page_shows_every_error_at_its_field(world, signed_in):
    session = make_session(world.programme, "10")
    client = signed_in(world.people.coordinator)
    address = reverse("outreach:session-register", args=[session.pk])
    response = client.post(
        address,
        {"reg-gmina": world.gmina.pk, "reg-full_name": "", "reg-function": "", "reg-email": "x"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('class="invalid-feedback d-block"') == 3
    response = client.post(
        address,
        {
            "reg-gmina": world.gmina.pk,
            "reg-full_name": "Jan Ząb",
            "reg-function": "sołtys",
            "reg-email": "jan@example.org",
        },
    )
    assert response.status_code == 302
    assert session.registrations.get().full_name == "Jan Ząb"


def test_the_list_exports_in_every_format(world, signed_in):
    make_session(world.programme, "10")
    client = signed_in(world.people.coordinator)
    assert "Zarządzanie" in client.get(reverse("outreach:session-list")).content.decode()
    for fmt in ("csv", "xlsx", "dane.csv"):
        response = client.get(reverse("outreach:session-export", args=[fmt]))
        assert response.status_code == 200


def test_the_list_filters_by_audience(world, signed_in):
    make_session(world.programme, "10", topic="Dla partnerów", audience=("social_partners",))
    make_session(world.programme, "10", topic="Dla koordynatorów", audience=("coordinators",))
    client = signed_in(world.people.coordinator)
    page = client.get(reverse("outreach:session-list"), {"audience": "social_partners"})
    text = page.content.decode()
    assert "Dla partnerów" in text and "Dla koordynatorów" not in text


def test_the_gmina_withdraws_its_registration_while_open(world, signed_in):
    session = make_session(world.programme, "10")
    registration = services.register_participant(
        actor=world.people.coordinator, session=session, gmina=world.gmina, values=person(1)
    )
    address = reverse("outreach:registration-cancel", args=[registration.pk])
    assert signed_in(world.people.neighbour).post(address).status_code == 404
    client = signed_in(world.people.coordinator)
    assert (
        "Withdraw"
        in client.get(reverse("outreach:session-detail", args=[session.pk])).content.decode()
    )
    assert client.post(address).status_code == 302
    assert not Registration.objects.filter(pk=registration.pk).exists()
