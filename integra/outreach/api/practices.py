"""API of the good practices (`/good-practices`): the list and one practice (published ones for
every signed-in caller, the others for the programme roles over the gmina), a gmina's proposal,
the consultant's edit, and the ministry's decision."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from integra.audit.services import RequestContext
from integra.catalog.models import ServiceType, TargetGroup
from integra.core.api.pagination import PageNumberPagination
from integra.core.api.schemas import caller
from integra.core.errors import RulesBroken
from integra.outreach import selectors, services
from integra.outreach.api.schemas import (
    DecisionIn,
    ObjectId,
    PracticeContent,
    PracticeEdit,
    PracticeFilters,
    PracticeIn,
    PracticeItem,
)
from integra.outreach.api.training import programme_of, unit_of
from integra.outreach.models import GoodPractice

router = Router(tags=["good practices"])


def _relations(data: PracticeContent, gmina: Any) -> dict[str, Any]:
    """The codes and numbers of the body as records; an unknown one is refused at its field.
    Evidence is looked up among the gmina's own (the service checks it again)."""
    service_type = ServiceType.objects.filter(code=data.service_type).first()
    if service_type is None:
        raise RulesBroken.at("service_type", _("No service type has this code."))
    groups = list(TargetGroup.objects.filter(code__in=data.groups))
    if len(groups) != len(set(data.groups)):
        raise RulesBroken.at("groups", _("Choose target groups of the catalogue."))
    contracts = list(selectors.evidence_contracts(gmina=gmina).filter(pk__in=data.contracts))
    if len(contracts) != len(set(data.contracts)):
        raise RulesBroken.at("contracts", _("Choose contracts of the gmina itself."))
    reports = list(selectors.evidence_reports(gmina=gmina).filter(pk__in=data.reports))
    if len(reports) != len(set(data.reports)):
        raise RulesBroken.at("reports", _("Choose reports of the contracts chosen above."))
    return {
        "service_type": service_type,
        "groups": groups,
        "contracts": contracts,
        "reports": reports,
    }


@router.get("", response=list[PracticeItem], summary="List good practices")
@paginate(PageNumberPagination)
def practices_list(request: HttpRequest, filters: Query[PracticeFilters]) -> QuerySet[GoodPractice]:
    return selectors.list_practices(
        user=caller(request),
        status=str(filters.status) if filters.status else None,
        voivodeship=filters.voivodeship,
        group=filters.group,
        service_type=filters.service_type,
        search=filters.search,
    ).prefetch_related("contracts", "reports")


@router.get("/{practice_id}", response=PracticeItem, summary="One good practice")
def practices_detail(request: HttpRequest, practice_id: int = ObjectId) -> GoodPractice:
    return selectors.get_practice(user=caller(request), practice_id=practice_id)


@router.post("", response={201: PracticeItem}, summary="Propose a good practice of a gmina")
def practices_create(request: HttpRequest, data: PracticeIn) -> Status:
    gmina = unit_of(data.gmina, "gmina")
    practice = services.propose_practice(
        actor=caller(request),
        programme=programme_of(data.programme),
        gmina=gmina,
        values=data.values(),
        context=RequestContext.of(request),
        **_relations(data, gmina),
    )
    return Status(201, selectors.get_practice(user=caller(request), practice_id=practice.pk))


@router.put("/{practice_id}", response=PracticeItem, summary="Edit a proposed good practice")
def practices_edit(
    request: HttpRequest, data: PracticeEdit, practice_id: int = ObjectId
) -> GoodPractice:
    practice = selectors.get_practice(user=caller(request), practice_id=practice_id)
    services.edit_practice(
        actor=caller(request),
        practice=practice,
        lock_version=data.lock_version,
        values=data.values(),
        context=RequestContext.of(request),
        **_relations(data, practice.gmina),
    )
    return selectors.get_practice(user=caller(request), practice_id=practice_id)


@router.post("/{practice_id}/publish", response=PracticeItem, summary="Publish a good practice")
def practices_publish(
    request: HttpRequest, data: DecisionIn, practice_id: int = ObjectId
) -> GoodPractice:
    practice = selectors.get_practice(user=caller(request), practice_id=practice_id)
    services.publish_practice(
        actor=caller(request), practice=practice, note=data.note, context=RequestContext.of(request)
    )
    return selectors.get_practice(user=caller(request), practice_id=practice_id)


@router.post("/{practice_id}/reject", response=PracticeItem, summary="Reject a good practice")
def practices_reject(
    request: HttpRequest, data: DecisionIn, practice_id: int = ObjectId
) -> GoodPractice:
    practice = selectors.get_practice(user=caller(request), practice_id=practice_id)
    services.reject_practice(
        actor=caller(request), practice=practice, note=data.note, context=RequestContext.of(request)
    )
    return selectors.get_practice(user=caller(request), practice_id=practice_id)
