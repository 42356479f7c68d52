"""API of the campaign's events register (`/campaign-events`)."""

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from integra.audit.services import RequestContext
from integra.core.api.pagination import PageNumberPagination
from integra.core.api.schemas import caller
from integra.outreach import selectors, services
from integra.outreach.api.schemas import EventFilters, EventIn, EventItem, ObjectId
from integra.outreach.api.training import programme_of, unit_of
from integra.outreach.models import CampaignEvent

router = Router(tags=["campaign"])


@router.get("", response=list[EventItem], summary="List campaign events")
@paginate(PageNumberPagination)
def events_list(request: HttpRequest, filters: Query[EventFilters]) -> QuerySet[CampaignEvent]:
    return selectors.list_events(
        user=caller(request),
        kind=str(filters.kind) if filters.kind else None,
        voivodeship=filters.voivodeship,
        year=filters.year,
        search=filters.search,
    )


@router.get("/{event_id}", response=EventItem, summary="One campaign event")
def events_detail(request: HttpRequest, event_id: int = ObjectId) -> CampaignEvent:
    return selectors.get_event(user=caller(request), event_id=event_id)


@router.post("", response={201: EventItem}, summary="Record a campaign event")
def events_create(request: HttpRequest, data: EventIn) -> Status:
    event = services.record_campaign_event(
        actor=caller(request),
        programme=programme_of(data.programme),
        organiser=unit_of(data.organiser, "organiser"),
        values=data.values(),
        context=RequestContext.of(request),
    )
    return Status(201, selectors.get_event(user=caller(request), event_id=event.pk))
