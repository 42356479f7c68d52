"""Schemas of the outreach API: the limits are the rules' constants, as on the pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field, Path, Schema

from integra.core.api.schemas import MAX_ID, PRINTABLE, TEXT
from integra.outreach import rules
from integra.outreach.models import (
    CampaignEvent,
    ExpertRequest,
    GoodPractice,
    Notification,
    TrainingSession,
)

ObjectId = Path(..., ge=1, le=MAX_ID, description="The record's number.")
UNIT = r"^(PL|[0-9]{2}|[0-9]{7})$"
GMINA = r"^[0-9]{7}$"
MONEY = {"ge": 0, "le": rules.MAX_COST, "max_digits": 12, "decimal_places": 2}


def _line(limit: int, description: str, default: str = "") -> str:
    return Field(default, max_length=limit, pattern=PRINTABLE, description=description)


class SessionItem(Schema):
    id: int
    programme: str
    organiser: str = Field(description="TERYT code: PL (the ministry), a voivodeship or a gmina.")
    topic: str
    trainer: str
    starts_on: dt.date
    ends_on: dt.date
    online: bool
    place: str
    audience: list[TrainingSession.Audience]
    capacity: int
    registration_closes_on: dt.date
    charged_to: TrainingSession.Charge
    cost_pln: Decimal
    cost_eur: Decimal | None

    @staticmethod
    def resolve_programme(session: TrainingSession) -> str:
        return session.programme.code

    @staticmethod
    def resolve_organiser(session: TrainingSession) -> str:
        return session.organiser.teryt

    @staticmethod
    def resolve_trainer(session: TrainingSession) -> str:
        return session.trainer


class SessionFilters(Schema):
    search: str | None = Field(None, max_length=rules.SEARCH_LENGTH, pattern=PRINTABLE)
    audience: TrainingSession.Audience | None = None
    voivodeship: str | None = Field(None, pattern=r"^[0-9]{2}$")
    since: dt.date | None = None


class SessionIn(Schema):
    programme: str = Field(..., max_length=32, pattern=PRINTABLE, description="Programme code.")
    organiser: str = Field(..., pattern=UNIT, description="TERYT code of the organising unit.")
    topic: str = Field(..., min_length=1, max_length=rules.TOPIC_LENGTH, pattern=PRINTABLE)
    trainer_user: int | None = Field(None, ge=1, le=MAX_ID, description="An expert's user id.")
    trainer_name: str = _line(rules.TRAINER_NAME_LENGTH, "A trainer not on the roster.")
    starts_on: dt.date
    ends_on: dt.date
    online: bool = False
    place: str = _line(rules.PLACE_LENGTH, "Where (not needed online).")
    audience: list[TrainingSession.Audience] = Field(..., min_length=1, max_length=4)
    capacity: int = Field(..., ge=1, le=rules.MAX_CAPACITY)
    registration_closes_on: dt.date
    cost_pln: Decimal = Field(Decimal("0.00"), **MONEY)

    def values(self) -> rules.SessionValues:
        return rules.SessionValues(
            topic=self.topic,
            starts_on=self.starts_on,
            ends_on=self.ends_on,
            registration_closes_on=self.registration_closes_on,
            capacity=self.capacity,
            online=self.online,
            place=self.place,
            audience=tuple(str(a) for a in self.audience),
            trainer_name=self.trainer_name,
            has_trainer_user=self.trainer_user is not None,
            cost_pln=self.cost_pln,
        )


class RegistrationItem(Schema):
    id: int
    session: int
    gmina: str
    full_name: str
    function: str
    email: str
    attended: bool | None

    @staticmethod
    def resolve_session(registration) -> int:
        return registration.session_id

    @staticmethod
    def resolve_gmina(registration) -> str:
        return registration.gmina.teryt


class RegistrationIn(Schema):
    session: int = Field(..., ge=1, le=MAX_ID)
    gmina: str = Field(..., pattern=GMINA, description="TERYT code of the registering gmina.")
    full_name: str = Field(..., min_length=1, max_length=rules.PERSON_LENGTH, pattern=PRINTABLE)
    function: str = Field(..., min_length=1, max_length=rules.FUNCTION_LENGTH, pattern=PRINTABLE)
    email: str = Field(..., min_length=3, max_length=rules.EMAIL_LENGTH, pattern=PRINTABLE)


class RegistrationFilters(Schema):
    session: int | None = Field(None, ge=1, le=MAX_ID)


class AttendanceIn(Schema):
    present: list[int] = Field(..., max_length=rules.MAX_CAPACITY, description="Who came (ids).")


class AttendanceOut(Schema):
    present: int


class RequestItem(Schema):
    id: int
    programme: str
    gmina: str
    topic: str
    need: str
    status: ExpertRequest.Status
    expert: int | None
    hours: Decimal | None
    cost_pln: Decimal | None

    @staticmethod
    def resolve_programme(request: ExpertRequest) -> str:
        return request.programme.code

    @staticmethod
    def resolve_gmina(request: ExpertRequest) -> str:
        return request.gmina.teryt

    @staticmethod
    def resolve_expert(request: ExpertRequest) -> int | None:
        return request.expert_id


class RequestFilters(Schema):
    status: ExpertRequest.Status | None = None
    search: str | None = Field(None, max_length=rules.SEARCH_LENGTH, pattern=PRINTABLE)


class RequestIn(Schema):
    programme: str = Field(..., max_length=32, pattern=PRINTABLE)
    gmina: str = Field(..., pattern=GMINA)
    topic: str = Field(..., min_length=1, max_length=rules.TOPIC_LENGTH, pattern=PRINTABLE)
    need: str = Field(..., min_length=1, max_length=rules.NEED_LENGTH, pattern=TEXT)


class AssignIn(Schema):
    expert: int = Field(..., ge=1, le=MAX_ID, description="The expert's user id.")


class WorkIn(Schema):
    hours: Decimal = Field(..., gt=0, le=rules.MAX_HOURS, max_digits=6, decimal_places=1)
    cost_pln: Decimal = Field(..., **MONEY)


class EventItem(Schema):
    id: int
    programme: str
    kind: CampaignEvent.Kind
    title: str
    held_on: dt.date
    place: str
    organiser: str
    participants: int
    reach: int
    reach_note: str
    cost_pln: Decimal

    @staticmethod
    def resolve_programme(event: CampaignEvent) -> str:
        return event.programme.code

    @staticmethod
    def resolve_organiser(event: CampaignEvent) -> str:
        return event.organiser.teryt


class EventFilters(Schema):
    kind: CampaignEvent.Kind | None = None
    voivodeship: str | None = Field(None, pattern=r"^[0-9]{2}$")
    year: int | None = Field(None, ge=2000, le=2100)
    search: str | None = Field(None, max_length=rules.SEARCH_LENGTH, pattern=PRINTABLE)


class EventIn(Schema):
    programme: str = Field(..., max_length=32, pattern=PRINTABLE)
    organiser: str = Field(..., pattern=UNIT)
    kind: CampaignEvent.Kind
    title: str = Field(..., min_length=1, max_length=rules.TITLE_LENGTH, pattern=PRINTABLE)
    held_on: dt.date
    place: str = _line(rules.PLACE_LENGTH, "Not needed for a media action.")
    participants: int = Field(0, ge=0, le=rules.MAX_PARTICIPANTS)
    reach: int = Field(0, ge=0, le=rules.MAX_REACH)
    reach_note: str = Field("", max_length=rules.REACH_NOTE_LENGTH, pattern=TEXT)
    cost_pln: Decimal = Field(Decimal("0.00"), **MONEY)

    def values(self) -> rules.EventValues:
        return rules.EventValues(
            kind=str(self.kind),
            title=self.title,
            held_on=self.held_on,
            place=self.place,
            participants=self.participants,
            reach=self.reach,
            reach_note=self.reach_note,
            cost_pln=self.cost_pln,
        )


class NotificationItem(Schema):
    id: int
    kind: Notification.Kind
    message: str
    link: str
    due_on: dt.date | None
    created_at: dt.datetime
    read_at: dt.datetime | None


class NotificationFilters(Schema):
    unread: bool = False


# Good practices -----------------------------------------------------------------------------------


class PracticeItem(Schema):
    id: int
    programme: str
    gmina: str = Field(description="TERYT code of the gmina.")
    title: str
    service_type: str = Field(description="The service type's code.")
    groups: list[str] = Field(description="The target groups' codes.")
    what_was_done: str
    results: str
    people_reached: int
    contact_office: str
    contact_email: str
    contact_phone: str
    contracts: list[int]
    reports: list[int]
    status: GoodPractice.Status
    published_at: dt.datetime | None
    lock_version: int

    @staticmethod
    def resolve_programme(practice: GoodPractice) -> str:
        return practice.programme.code

    @staticmethod
    def resolve_gmina(practice: GoodPractice) -> str:
        return practice.gmina.teryt

    @staticmethod
    def resolve_service_type(practice: GoodPractice) -> str:
        return practice.service_type.code

    @staticmethod
    def resolve_groups(practice: GoodPractice) -> list[str]:
        return [group.code for group in practice.groups.all()]

    @staticmethod
    def resolve_contracts(practice: GoodPractice) -> list[int]:
        return [contract.pk for contract in practice.contracts.all()]

    @staticmethod
    def resolve_reports(practice: GoodPractice) -> list[int]:
        return [report.pk for report in practice.reports.all()]


class PracticeFilters(Schema):
    status: GoodPractice.Status | None = None
    voivodeship: str | None = Field(None, pattern=r"^[0-9]{2}$")
    group: str | None = Field(None, max_length=16, pattern=PRINTABLE)
    service_type: str | None = Field(None, max_length=16, pattern=PRINTABLE)
    search: str | None = Field(None, max_length=rules.SEARCH_LENGTH, pattern=PRINTABLE)


class PracticeContent(Schema):
    title: str = Field(..., min_length=1, max_length=rules.PRACTICE_TITLE_LENGTH, pattern=PRINTABLE)
    service_type: str = Field(..., max_length=16, pattern=PRINTABLE)
    groups: list[str] = Field(..., min_length=1, max_length=10)
    what_was_done: str = Field(..., max_length=rules.PRACTICE_TEXT_LENGTH, pattern=TEXT)
    results: str = Field(..., max_length=rules.PRACTICE_TEXT_LENGTH, pattern=TEXT)
    people_reached: int = Field(..., ge=1, le=rules.MAX_PEOPLE_REACHED)
    contact_office: str = Field(..., max_length=rules.OFFICE_LENGTH, pattern=PRINTABLE)
    contact_email: str = _line(rules.EMAIL_LENGTH, "The office's e-mail (never a person's).")
    contact_phone: str = _line(rules.PHONE_LENGTH, "The office's phone.")
    contracts: list[int] = Field([], max_length=100, description="The gmina's contracts.")
    reports: list[int] = Field([], max_length=100, description="Reports of those contracts.")

    def values(self) -> rules.PracticeValues:
        return rules.PracticeValues(
            title=self.title,
            what_was_done=self.what_was_done,
            results=self.results,
            people_reached=self.people_reached,
            contact_office=self.contact_office,
            contact_email=self.contact_email,
            contact_phone=self.contact_phone,
            group_codes=tuple(self.groups),
        )


class PracticeIn(PracticeContent):
    programme: str = Field(..., max_length=32, pattern=PRINTABLE)
    gmina: str = Field(..., pattern=GMINA)


class PracticeEdit(PracticeContent):
    lock_version: int = Field(..., ge=1, le=MAX_ID)


class DecisionIn(Schema):
    note: str = Field("", max_length=rules.PRACTICE_NOTE_LENGTH, pattern=TEXT)
