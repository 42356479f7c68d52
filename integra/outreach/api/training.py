"""API of trainings: sessions (`/training-sessions`) and registrations (`/registrations`)."""

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from integra.audit.services import RequestContext
from integra.core.api.pagination import PageNumberPagination
from integra.core.api.schemas import caller
from integra.core.errors import RulesBroken
from integra.outreach import rules, selectors, services
from integra.outreach.api.schemas import (
    AttendanceIn,
    AttendanceOut,
    ObjectId,
    RegistrationFilters,
    RegistrationIn,
    RegistrationItem,
    SessionFilters,
    SessionIn,
    SessionItem,
)
from integra.outreach.models import Registration, TrainingSession
from integra.programmes.models import Programme
from integra.territories.models import Territory

sessions_router = Router(tags=["training"])
registrations_router = Router(tags=["training"])


def programme_of(code: str) -> Programme:
    programme = Programme.objects.filter(code=code).first()
    if programme is None:
        raise RulesBroken.at("programme", _("No programme has this code."))
    return programme


def unit_of(teryt: str, field: str) -> Territory:
    unit = Territory.objects.filter(teryt=teryt, retired_on__isnull=True).first()
    if unit is None:
        raise RulesBroken.at(field, _("No current unit has this TERYT code."))
    return unit


@sessions_router.get("", response=list[SessionItem], summary="List training sessions")
@paginate(PageNumberPagination)
def sessions_list(
    request: HttpRequest, filters: Query[SessionFilters]
) -> QuerySet[TrainingSession]:
    return selectors.list_sessions(
        user=caller(request),
        search=filters.search,
        audience=str(filters.audience) if filters.audience else None,
        voivodeship=filters.voivodeship,
        since=filters.since,
    )


@sessions_router.get("/{session_id}", response=SessionItem, summary="One training session")
def sessions_detail(request: HttpRequest, session_id: int = ObjectId) -> TrainingSession:
    return selectors.get_session(user=caller(request), session_id=session_id)


@sessions_router.post("", response={201: SessionItem}, summary="Plan a training session")
def sessions_create(request: HttpRequest, data: SessionIn) -> Status:
    trainer = None
    if data.trainer_user is not None:
        trainer = selectors.experts().filter(pk=data.trainer_user).first()
        if trainer is None:
            raise RulesBroken.at("trainer_user", _("Choose an expert of the roster."))
    session = services.create_session(
        actor=caller(request),
        programme=programme_of(data.programme),
        organiser=unit_of(data.organiser, "organiser"),
        values=data.values(),
        trainer_user=trainer,
        context=RequestContext.of(request),
    )
    return Status(201, selectors.get_session(user=caller(request), session_id=session.pk))


@sessions_router.post(
    "/{session_id}/attendance", response=AttendanceOut, summary="Take the attendance"
)
def sessions_attendance(
    request: HttpRequest, data: AttendanceIn, session_id: int = ObjectId
) -> dict:
    session = selectors.get_session(user=caller(request), session_id=session_id)
    came = services.take_attendance(
        actor=caller(request),
        session=session,
        present=set(data.present),
        context=RequestContext.of(request),
    )
    return {"present": came}


@registrations_router.get("", response=list[RegistrationItem], summary="List registrations")
@paginate(PageNumberPagination)
def registrations_list(
    request: HttpRequest, filters: Query[RegistrationFilters]
) -> QuerySet[Registration]:
    """Only the registrations whose personal data the caller reads (organiser, their gmina)."""
    return selectors.list_registrations(user=caller(request), session_id=filters.session)


@registrations_router.post("", response={201: RegistrationItem}, summary="Register a person")
def registrations_create(request: HttpRequest, data: RegistrationIn) -> Status:
    session = selectors.get_session(user=caller(request), session_id=data.session)
    registration = services.register_participant(
        actor=caller(request),
        session=session,
        gmina=unit_of(data.gmina, "gmina"),
        values=rules.RegistrationValues(
            full_name=data.full_name, function=data.function, email=data.email
        ),
        context=RequestContext.of(request),
    )
    return Status(201, registration)
