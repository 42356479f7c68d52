"""API of offers: a provider's user submits (or replaces) its offer; the list and one offer (a
provider user sees only their own: another provider's is a 404, even in the same round); the
coordinator's formal check and a committee member's scores."""

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from integra.audit.services import RequestContext
from integra.contracts import selectors, services
from integra.contracts.api.schemas import (
    CheckIn,
    Id,
    OfferFilters,
    OfferIn,
    OfferOut,
    OfferPartsIn,
    ReplacementIn,
    ScoresIn,
    WithdrawIn,
)
from integra.contracts.api.shared import groups_by_code
from integra.contracts.models import Offer
from integra.core.api.pagination import PageNumberPagination
from integra.core.api.schemas import caller
from integra.core.errors import RulesBroken
from integra.providers.selectors import providers_of_user

router = Router(tags=["procurement"])


def _offer(request: HttpRequest, offer_id: int) -> Offer:
    return selectors.get_offer(user=caller(request), offer_id=offer_id)


@router.get("", response=list[OfferOut], summary="List offers")
@paginate(PageNumberPagination)
def offers_list(request: HttpRequest, filters: Query[OfferFilters]) -> QuerySet[Offer]:
    offers = Offer.objects.visible_to(caller(request)).select_related("round", "provider")
    if filters.round:
        offers = offers.filter(round_id=filters.round)
    if filters.status:
        offers = offers.filter(status=filters.status)
    return offers.order_by("-received_at", "-pk")


@router.get("/{offer_id}", response=OfferOut, summary="One offer")
def offers_detail(request: HttpRequest, offer_id: int = Id) -> Offer:
    return _offer(request, offer_id)


@router.post("", response={201: OfferOut}, summary="Submit an offer")
def offers_create(request: HttpRequest, data: OfferIn) -> Status:
    """A provider's user until the deadline (409 offer_after_deadline after it, nothing
    written); 422 per field; 409 edit_conflict when replacing from a stale copy."""
    user = caller(request)
    round_ = selectors.get_round(user=user, round_id=data.round)
    lot = round_.services.filter(pk=data.lot).first()
    provider = providers_of_user(user).filter(pk=data.provider).first()
    if lot is None or provider is None:
        raise RulesBroken.at("lot" if lot is None else "provider", str(services.REFUSED["offer"]))
    offer = services.submit_offer(
        actor=user,
        round_=round_,
        lot=lot,
        provider=provider,
        values=_values(data),
        lock_version=data.lock_version,
        context=RequestContext.of(request),
    )
    return Status(201, _offer(request, offer.pk))


def _values(data: OfferPartsIn) -> services.OfferInput:
    known = groups_by_code((f"groups.{n}.group", g.group) for n, g in enumerate(data.groups))
    return services.OfferInput(
        actions=data.actions,
        expected_results=data.expected_results,
        groups=tuple(
            services.GroupInput(known[g.group], g.people, g.characteristics) for g in data.groups
        ),
        schedule=tuple(
            services.ActionInput(a.description, tuple(a.quarters)) for a in data.schedule
        ),
        cost_lines=tuple(services.CostLineInput(c.name, c.amount_pln) for c in data.cost_lines),
        non_duplication_declared=data.non_duplication_declared,
        non_duplication_statement=data.non_duplication_statement,
        has_partnership=data.has_partnership,
    )


@router.post("/{offer_id}/withdraw", response=OfferOut, summary="Withdraw an offer")
def offers_withdraw(request: HttpRequest, data: WithdrawIn, offer_id: int = Id) -> Offer:
    """The provider's own user until the deadline, or the coordinator with the day a paper
    withdrawal was received (`received_at`, by the deadline); the offer is kept as withdrawn.
    409 offer_after_deadline after it (nothing written), offer_not_allowed when already out,
    edit_conflict from a stale copy; 404 for another provider's offer."""
    offer = _offer(request, offer_id)
    services.withdraw_offer(
        actor=caller(request),
        offer=offer,
        lock_version=data.lock_version,
        received_at=data.received_at,
        context=RequestContext.of(request),
    )
    return _offer(request, offer_id)


@router.post("/{offer_id}/replace", response={201: OfferOut}, summary="Replace an offer")
def offers_replace(request: HttpRequest, data: ReplacementIn, offer_id: int = Id) -> Status:
    """A new offer for the same service and provider; the earlier one is kept as replaced
    (its `replaced_by` names the new one). The same rights, deadline and answers as a
    withdrawal; 422 per field of the new offer."""
    offer = _offer(request, offer_id)
    new = services.replace_offer(
        actor=caller(request),
        offer=offer,
        values=_values(data),
        lock_version=data.lock_version,
        received_at=data.received_at,
        context=RequestContext.of(request),
    )
    return Status(201, _offer(request, new.pk))


@router.post("/{offer_id}/check", response=OfferOut, summary="Record the formal check")
def offers_check(request: HttpRequest, data: CheckIn, offer_id: int = Id) -> Offer:
    offer = _offer(request, offer_id)
    services.check_offer(
        actor=caller(request),
        offer=offer,
        valid=data.valid,
        reasons=data.reasons,
        context=RequestContext.of(request),
    )
    return _offer(request, offer_id)


@router.post("/{offer_id}/scores", response=OfferOut, summary="A member's scores")
def offers_scores(request: HttpRequest, data: ScoresIn, offer_id: int = Id) -> Offer:
    offer = _offer(request, offer_id)
    member = offer.round.committee.filter(pk=data.member).first()
    if member is None:
        raise RulesBroken.at("member", _("The member is not on this round's committee."))
    services.score_offer(
        actor=caller(request),
        offer=offer,
        member=member,
        points={int(k): v for k, v in data.points.items()},
        context=RequestContext.of(request),
    )
    return _offer(request, offer_id)
