"""API of expert support (`/expert-requests`)."""

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
    AssignIn,
    ObjectId,
    RequestFilters,
    RequestIn,
    RequestItem,
    WorkIn,
)
from integra.outreach.api.training import programme_of, unit_of
from integra.outreach.models import ExpertRequest

router = Router(tags=["expert support"])


@router.get("", response=list[RequestItem], summary="List expert support requests")
@paginate(PageNumberPagination)
def requests_list(request: HttpRequest, filters: Query[RequestFilters]) -> QuerySet[ExpertRequest]:
    """A gmina's requests for the roles over it; an expert's own assignments only."""
    return selectors.list_requests(
        user=caller(request),
        status=str(filters.status) if filters.status else None,
        search=filters.search,
    )


@router.get("/{request_id}", response=RequestItem, summary="One request")
def requests_detail(request: HttpRequest, request_id: int = ObjectId) -> ExpertRequest:
    return selectors.get_request(user=caller(request), request_id=request_id)


@router.post("", response={201: RequestItem}, summary="Ask for expert support")
def requests_create(request: HttpRequest, data: RequestIn) -> Status:
    created = services.create_request(
        actor=caller(request),
        programme=programme_of(data.programme),
        gmina=unit_of(data.gmina, "gmina"),
        values=rules.RequestValues(topic=data.topic, need=data.need),
        context=RequestContext.of(request),
    )
    return Status(201, selectors.get_request(user=caller(request), request_id=created.pk))


@router.post("/{request_id}/assign", response=RequestItem, summary="Assign an expert")
def requests_assign(request: HttpRequest, data: AssignIn, request_id: int = ObjectId):
    support = selectors.get_request(user=caller(request), request_id=request_id)
    expert = selectors.experts().filter(pk=data.expert).first()
    if expert is None:
        raise RulesBroken.at("expert", _("Choose an expert of the roster."))
    services.assign_expert(
        actor=caller(request), request=support, expert=expert, context=RequestContext.of(request)
    )
    return selectors.get_request(user=caller(request), request_id=request_id)


@router.post("/{request_id}/work", response=RequestItem, summary="Report the hours and cost")
def requests_work(request: HttpRequest, data: WorkIn, request_id: int = ObjectId):
    support = selectors.get_request(user=caller(request), request_id=request_id)
    services.report_work(
        actor=caller(request),
        request=support,
        values=rules.WorkValues(hours=data.hours, cost_pln=data.cost_pln),
        context=RequestContext.of(request),
    )
    return selectors.get_request(user=caller(request), request_id=request_id)
