"""Reads of the outreach app for pages, the API and exports: every read starts from
`visible_to(user)`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Q, QuerySet

from integra.core.roles import Role
from integra.monitoring.selectors.indicators import (
    TRAINING_PARTICIPANTS,
    TRAINING_SESSIONS,
    Rows,
    Scope,
)
from integra.outreach.models import (
    CampaignEvent,
    CampaignMaterial,
    ExpertOutput,
    ExpertProfile,
    ExpertRequest,
    GoodPractice,
    Notification,
    PracticePhoto,
    Registration,
    ReminderPreference,
    TrainingSession,
)
from integra.outreach.policies import (
    can_view_registration,
    is_organiser_staff,
    organiser_prefixes,
    proposer_gminas,
    registrar_gminas,
)
from integra.territories.models import COUNTRY_CODE, Territory


def list_sessions(
    *,
    user: Any,
    search: str | None = None,
    audience: str | None = None,
    voivodeship: str | None = None,
    since: dt.date | None = None,
) -> QuerySet[TrainingSession]:
    """The sessions the user sees, newest first, with their counts of registrations."""
    sessions = (
        TrainingSession.objects.visible_to(user)
        .select_related("organiser", "programme", "trainer_user")
        .annotate(
            registered=Count("registrations"),
            attended_count=Count("registrations", filter=Q(registrations__attended=True)),
        )
    )
    if search and search.strip():
        sessions = sessions.filter(topic__icontains=search.strip())
    if audience:
        # As text: SQLite has no JSON containment; the codes are quoted whole words.
        sessions = sessions.filter(audience__icontains=f'"{audience}"')
    if voivodeship:
        sessions = sessions.filter(
            Q(organiser__teryt__startswith=voivodeship) | Q(organiser__teryt=COUNTRY_CODE)
        )
    if since:
        sessions = sessions.filter(starts_on__gte=since)
    return sessions.order_by("-starts_on", "pk")


def get_session(*, user: Any, session_id: int) -> TrainingSession:
    """TrainingSession.DoesNotExist when absent or outside the user's sight alike."""
    session: TrainingSession = (
        TrainingSession.objects.visible_to(user)
        .select_related("organiser", "programme", "trainer_user")
        .get(pk=session_id)
    )
    return session


def registrations_of(*, user: Any, session: TrainingSession) -> QuerySet[Registration]:
    """The participants whose personal data the user reads: all of them for the organiser's
    staff, the gmina's own for a gmina; none for anyone else (the trainer sees the count)."""
    registrations = session.registrations.select_related("gmina").order_by("full_name", "pk")
    if is_organiser_staff(user, session):
        return registrations
    gminas = [p for p in user.scope_prefixes() if len(p) == 7] if user.is_authenticated else []
    return registrations.filter(gmina__teryt__in=gminas)


def list_registrations(*, user: Any, session_id: int | None = None) -> QuerySet[Registration]:
    registrations = Registration.objects.visible_to(user).select_related(
        "session__organiser", "gmina"
    )
    if session_id is not None:
        registrations = registrations.filter(session_id=session_id)
    return registrations.order_by("session_id", "full_name", "pk")


def get_registration(*, user: Any, registration_id: int) -> Registration:
    registration: Registration = (
        Registration.objects.visible_to(user)
        .select_related("session__organiser", "session__programme", "gmina")
        .get(pk=registration_id)
    )
    if not can_view_registration(user, registration):
        raise Registration.DoesNotExist
    return registration


def organiser_units(user: Any) -> QuerySet[Territory]:
    """The units the user organises trainings for (the country for the ministry)."""
    codes = [COUNTRY_CODE if p == "" else p for p in organiser_prefixes(user)]
    return Territory.objects.filter(teryt__in=codes).order_by("teryt")


def registrar_units(user: Any) -> QuerySet[Territory]:
    return Territory.objects.filter(teryt__in=registrar_gminas(user)).order_by("teryt")


def experts() -> QuerySet[Any]:
    """Users holding the expert role (the roster's people), by name."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(assignments__role=Role.EXPERT, is_active=True)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


# Expert support -------------------------------------------------------------------------------


def list_requests(
    *,
    user: Any,
    status: str | None = None,
    search: str | None = None,
    voivodeship: str | None = None,
) -> QuerySet[ExpertRequest]:
    requests = ExpertRequest.objects.visible_to(user).select_related("gmina", "expert", "programme")
    if status:
        requests = requests.filter(status=status)
    if search and search.strip():
        requests = requests.filter(topic__icontains=search.strip())
    if voivodeship:
        requests = requests.filter(gmina__teryt__startswith=voivodeship)
    return requests.order_by("-created_at", "pk")


def get_request(*, user: Any, request_id: int) -> ExpertRequest:
    """ExpertRequest.DoesNotExist when absent or outside the user's sight (an expert's others)."""
    request: ExpertRequest = (
        ExpertRequest.objects.visible_to(user)
        .select_related("gmina", "expert", "programme")
        .get(pk=request_id)
    )
    return request


def get_output(*, user: Any, output_id: int) -> ExpertOutput:
    output: ExpertOutput = ExpertOutput.objects.select_related("request__gmina").get(
        pk=output_id, request__in=ExpertRequest.objects.visible_to(user)
    )
    return output


def roster(*, user: Any, voivodeship: str | None = None) -> QuerySet[ExpertProfile]:
    """The experts' roster, for every programme role (names and skills, no contacts)."""
    from integra.outreach.policies import can_open_experts

    if not can_open_experts(user):
        return ExpertProfile.objects.none()
    profiles = ExpertProfile.objects.select_related("user").prefetch_related("regions")
    if voivodeship:
        profiles = profiles.filter(regions__teryt=voivodeship)
    return profiles.order_by("user__last_name", "user__username")


def experts_for(request: ExpertRequest) -> QuerySet[Any]:
    """The experts a region may assign: the roster's available ones first, all experts else."""
    return experts()


# The campaign -------------------------------------------------------------------------------------


def list_events(
    *,
    user: Any,
    kind: str | None = None,
    voivodeship: str | None = None,
    year: int | None = None,
    search: str | None = None,
) -> QuerySet[CampaignEvent]:
    events = CampaignEvent.objects.visible_to(user).select_related("organiser", "programme")
    if kind:
        events = events.filter(kind=kind)
    if voivodeship:
        events = events.filter(organiser__teryt__startswith=voivodeship)
    if year:
        events = events.filter(held_on__year=year)
    if search and search.strip():
        events = events.filter(title__icontains=search.strip())
    return events.order_by("-held_on", "pk")


def get_event(*, user: Any, event_id: int) -> CampaignEvent:
    event: CampaignEvent = (
        CampaignEvent.objects.visible_to(user)
        .select_related("organiser", "programme")
        .get(pk=event_id)
    )
    return event


def get_material(*, user: Any, material_id: int) -> CampaignMaterial:
    material: CampaignMaterial = CampaignMaterial.objects.get(
        pk=material_id, event__in=CampaignEvent.objects.visible_to(user)
    )
    return material


def event_organisers(user: Any) -> QuerySet[Territory]:
    return organiser_units(user)


# Reminders ----------------------------------------------------------------------------------------


def people_with(roles: Iterable[str], teryts: Iterable[str], on: dt.date) -> QuerySet[Any]:
    """Active users holding one of `roles` at exactly one of these units on the day."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            assignments__role__in=list(roles),
            assignments__territory__teryt__in=list(teryts),
            assignments__valid_from__lte=on,
        )
        .filter(Q(assignments__valid_until__isnull=True) | Q(assignments__valid_until__gt=on))
        .distinct()
        .order_by("pk")
    )


def sessions_closing(today: dt.date, days: int) -> QuerySet[TrainingSession]:
    """Sessions whose registration closes within `days` from today (today included)."""
    return TrainingSession.objects.filter(
        registration_closes_on__gte=today,
        registration_closes_on__lte=today + dt.timedelta(days=days),
    ).select_related("organiser")


def list_notifications(*, user: Any, unread: bool = False) -> QuerySet[Notification]:
    notifications = Notification.objects.visible_to(user)
    return notifications.unread() if unread else notifications


def unread_count(user: Any) -> int:
    return Notification.objects.visible_to(user).unread().count()


def email_enabled(user: Any) -> bool:
    preference = ReminderPreference.objects.filter(user_id=user.pk).first()
    return preference.email_enabled if preference else True


# Good practices -----------------------------------------------------------------------------------


def _search_practices(
    practices: QuerySet[GoodPractice],
    *,
    voivodeship: str | None = None,
    group: str | None = None,
    service_type: str | None = None,
    search: str | None = None,
) -> QuerySet[GoodPractice]:
    if voivodeship:
        practices = practices.filter(gmina__teryt__startswith=voivodeship)
    if group:
        practices = practices.filter(groups__code=group)
    if service_type:
        practices = practices.filter(service_type__code=service_type)
    if search and search.strip():
        text = search.strip()
        practices = practices.filter(
            Q(title__icontains=text)
            | Q(what_was_done__icontains=text)
            | Q(results__icontains=text)
            | Q(gmina__name__icontains=text)
        )
    return practices.distinct()


def list_practices(
    *,
    user: Any,
    status: str | None = None,
    voivodeship: str | None = None,
    group: str | None = None,
    service_type: str | None = None,
    search: str | None = None,
) -> QuerySet[GoodPractice]:
    """The practices the user sees (published ones by anyone), newest first."""
    practices: QuerySet[GoodPractice] = GoodPractice.objects.visible_to(user).select_related(
        "gmina", "service_type", "programme"
    )
    if status:
        practices = practices.filter(status=status)
    practices = _search_practices(
        practices,
        voivodeship=voivodeship,
        group=group,
        service_type=service_type,
        search=search,
    )
    return practices.prefetch_related("groups").order_by("-created_at", "pk")


def public_practices(
    *,
    voivodeship: str | None = None,
    group: str | None = None,
    service_type: str | None = None,
    search: str | None = None,
) -> QuerySet[GoodPractice]:
    """The public library: published practices only, newest publication first."""
    practices = _search_practices(
        GoodPractice.objects.published().select_related("gmina", "service_type"),
        voivodeship=voivodeship,
        group=group,
        service_type=service_type,
        search=search,
    )
    return practices.prefetch_related("groups", "photos").order_by("-published_at", "pk")


def get_practice(*, user: Any, practice_id: int) -> GoodPractice:
    """GoodPractice.DoesNotExist when absent or outside the user's sight alike."""
    practice: GoodPractice = (
        GoodPractice.objects.visible_to(user)
        .select_related("gmina", "service_type", "programme")
        .prefetch_related("groups", "photos", "contracts__provider", "reports__contract")
        .get(pk=practice_id)
    )
    return practice


def get_public_practice(*, practice_id: int) -> GoodPractice:
    practice: GoodPractice = (
        GoodPractice.objects.published()
        .select_related("gmina", "service_type")
        .prefetch_related("groups", "photos")
        .get(pk=practice_id)
    )
    return practice


def get_photo(*, user: Any, photo_id: int) -> PracticePhoto:
    """A photo of a practice the user sees (anyone: of a published practice)."""
    photo: PracticePhoto = PracticePhoto.objects.select_related("practice").get(
        pk=photo_id, practice__in=GoodPractice.objects.visible_to(user)
    )
    return photo


def proposer_units(user: Any) -> QuerySet[Territory]:
    """The gminas whose practices the user proposes."""
    return Territory.objects.filter(teryt__in=proposer_gminas(user)).order_by("teryt")


def evidence_contracts(*, gmina: Territory) -> QuerySet[Any]:
    """The gmina's contracts a practice may cite (the caller has checked the gmina)."""
    from integra.contracts.models import Contract

    return Contract.objects.filter(gmina=gmina).select_related("provider").order_by("number")


def evidence_reports(*, gmina: Territory) -> QuerySet[Any]:
    from integra.contracts.models import ProviderReport

    return (
        ProviderReport.objects.filter(contract__gmina=gmina)
        .select_related("contract")
        .order_by("contract__number", "number")
    )


# Monitoring's indicators ----------------------------------------------------------------------


def training_indicator_rows(scope: Scope) -> dict[str, Rows]:
    """The training indicators for monitoring's one computation (registered as its source in
    OutreachConfig.ready, since monitoring lies below outreach): participants who attended,
    per gmina of their registration (additive), and the sessions held up to the scope's day,
    as sets of ids per gmina that sent someone and per organiser (counted once at any level)."""
    participants, sessions = Rows(), Rows()
    held = TrainingSession.objects.filter(programme=scope.programme, ends_on__lte=scope.ends_on)
    attended = Registration.objects.filter(
        session__in=held, attended=True, gmina__teryt__startswith=scope.prefix
    )
    for teryt, session in attended.values_list("gmina__teryt", "session").distinct():
        sessions.sets[teryt].add(session)
    for teryt, number in attended.values_list("gmina__teryt").annotate(Count("pk")):
        participants.add(teryt, number)
    organised = held.filter(attendance_taken_at__isnull=False)
    if scope.prefix:
        organised = organised.filter(organiser__teryt__startswith=scope.prefix)
    for teryt, session in organised.values_list("organiser__teryt", "pk"):
        sessions.sets[teryt].add(session)
    return {TRAINING_PARTICIPANTS: participants, TRAINING_SESSIONS: sessions}
