"""Schemas of the outreach API: the limits are the rules' constants, as on the pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field, Path, Schema

from integra.core.api.schemas import MAX_ID, PRINTABLE, TEXT
from integra.outreach import rules
from integra.outreach.models import CampaignEvent, ExpertRequest, Notification, TrainingSession

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
