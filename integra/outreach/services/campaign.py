"""The campaign's events register: an event recorded by its organiser (the ministry, a region,
a gmina) with its figures, its cost charged to component C, and its materials."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from integra.audit.services import RequestContext, record_event
from integra.core.actors import Actor, require
from integra.core.errors import Problem, RulesBroken
from integra.outreach import rules
from integra.outreach.models import CampaignEvent, CampaignMaterial
from integra.outreach.policies import can_edit_event, can_record_event_at, can_view_events_at
from integra.territories.models import Territory


class EventInvalid(RulesBroken):
    code = "campaign_event_invalid"
    status = 422


@transaction.atomic
def record_campaign_event(
    *,
    actor: Actor,
    programme: Any,
    organiser: Territory,
    values: rules.EventValues,
    context: RequestContext | None = None,
) -> CampaignEvent:
    require(
        actor,
        lambda user: can_record_event_at(user, organiser.teryt),
        _("You may not record events for this unit."),
    )
    problems = rules.event_problems(values, organiser_level=organiser.level)
    if problems:
        raise EventInvalid(_("The event is refused; nothing was saved."), problems)
    event = CampaignEvent.objects.create(
        programme=programme,
        organiser=organiser,
        kind=values.kind,
        title=values.title.strip(),
        held_on=values.held_on,
        place=values.place.strip(),
        participants=values.participants,
        reach=values.reach,
        reach_note=values.reach_note.strip(),
        cost_pln=values.cost_pln,
    )
    record_event(
        actor=actor,
        action="outreach.campaign_event.recorded",
        target=event,
        territory_teryt=organiser.teryt,
        changes={
            "kind": event.kind,
            "participants": event.participants,
            "reach": event.reach,
            "cost_pln": str(event.cost_pln),
        },
        context=context,
    )
    return event


@transaction.atomic
def add_material(
    *,
    actor: Actor,
    event: CampaignEvent,
    title: str,
    upload: UploadedFile[Any],
    context: RequestContext | None = None,
) -> CampaignMaterial:
    require(
        actor,
        lambda user: can_edit_event(user, event),
        _("Only the event's organiser adds materials."),
        visible=lambda user: can_view_events_at(user, event.organiser.teryt),
        missing=CampaignEvent.DoesNotExist,
    )
    problems = rules.upload_problems(upload.name or "", upload.size or 0)
    if not title.strip():
        problems.append(Problem(_("Give the material a title."), field="title"))
    if problems:
        raise EventInvalid(_("The file is refused; nothing was saved."), problems)
    material = CampaignMaterial.objects.create(
        event=event, title=title.strip(), file=upload, size=upload.size or 0
    )
    record_event(
        actor=actor,
        action="outreach.campaign_material.added",
        target=material,
        territory_teryt=event.organiser.teryt,
        changes={"title": material.title, "size": material.size},
        context=context,
    )
    return material
