"""API of the providers' register: list with filters, detail, create, update (lock_version) and
merge — the pages' rules, limits and rights. A twin answers 409 naming the existing provider."""

from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from integra.audit.services import RequestContext
from integra.core.api.pagination import PageNumberPagination
from integra.core.api.schemas import caller
from integra.core.errors import Problem
from integra.providers import selectors, services
from integra.providers.api.schemas import (
    DuplicateError,
    MergeIn,
    MergeOut,
    ProviderDetail,
    ProviderFilters,
    ProviderId,
    ProviderIn,
    ProviderItem,
    ProviderPut,
)
from integra.providers.models import Provider
from integra.territories.models import Territory

router = Router(tags=["providers"])


def _provider(request: HttpRequest, provider_id: int) -> Provider:
    """Provider.DoesNotExist (404) when absent or outside the caller's sight."""
    return selectors.get_provider(user=caller(request), provider_id=provider_id)


def _gmina(teryt: str) -> Territory:
    gmina = selectors.seat_gminas().filter(teryt=teryt).first()
    if gmina is None:
        message = _("No current gmina has the TERYT code %(code)s.") % {"code": teryt}
        raise services.ProviderInvalid(message, [Problem(message, field="seat_gmina")])
    return gmina


def _duplicate(request: HttpRequest, twin: services.DuplicateProvider) -> Status:
    body = {
        "detail": twin.message,
        "code": twin.code,
        "errors": [
            {"loc": ["body", p.field or ""], "msg": p.message, "type": twin.code}
            for p in twin.problems
        ],
        "existing_id": twin.existing.pk,
        "existing_url": request.build_absolute_uri(
            reverse("api:providers_detail", kwargs={"provider_id": twin.existing.pk})
        ),
    }
    return Status(409, body)


@router.get("", response=list[ProviderItem], summary="List providers")
@paginate(PageNumberPagination)
def providers_list(request: HttpRequest, filters: Query[ProviderFilters]) -> QuerySet[Provider]:
    """The register (or, for a provider user, their own organisations), by name."""
    services_user = caller(request)
    return selectors.list_providers(
        user=services_user,
        kind=filters.kind,
        voivodeship=filters.voivodeship,
        gmina=filters.gmina,
        search=filters.search,
    )


@router.post("", response={201: ProviderDetail, 409: DuplicateError}, summary="Register a provider")
def providers_create(request: HttpRequest, data: ProviderIn) -> Status:
    """422 with every problem at its field; 409 naming the provider that already holds the NIP,
    REGON, KRS or PESEL."""
    user = caller(request)
    services.require_creator(user)
    try:
        provider = services.create_provider(
            actor=user,
            values=data.values(),
            seat_gmina=_gmina(data.seat_gmina),
            brought_by=selectors.home_gmina(user),
            context=RequestContext.of(request),
        )
    except services.DuplicateProvider as twin:
        return _duplicate(request, twin)
    return Status(201, _provider(request, provider.pk))


@router.get("/{provider_id}", response=ProviderDetail, summary="One provider")
def providers_detail(request: HttpRequest, provider_id: int = ProviderId) -> Provider:
    """404 when absent and equally when outside the caller's sight (another provider's user)."""
    return _provider(request, provider_id)


@router.put(
    "/{provider_id}", response={200: ProviderDetail, 409: DuplicateError}, summary="Edit a provider"
)
def providers_update(
    request: HttpRequest, data: ProviderPut, provider_id: int = ProviderId
) -> Status:
    """Replace the provider's values; an empty PESEL keeps the stored one. 409
    provider_edit_conflict when lock_version is stale, 409 provider_duplicate for a twin."""
    provider = _provider(request, provider_id)
    try:
        services.update_provider(
            actor=caller(request),
            provider=provider,
            values=data.values(),
            seat_gmina=_gmina(data.seat_gmina),
            lock_version=data.lock_version,
            context=RequestContext.of(request),
        )
    except services.DuplicateProvider as twin:
        return _duplicate(request, twin)
    return Status(200, _provider(request, provider_id))


@router.post("/{provider_id}/merge", response=MergeOut, summary="Merge a provider into this one")
def providers_merge(request: HttpRequest, data: MergeIn, provider_id: int = ProviderId) -> dict:
    """A ministry administrator merges `absorb` into this provider (403 for anyone else, 404
    for a provider they cannot see, 409 for the same or an already merged one)."""
    keep = _provider(request, provider_id)
    absorb = _provider(request, data.absorb)
    moved = services.merge_providers(
        actor=caller(request), keep=keep, absorb=absorb, context=RequestContext.of(request)
    )
    return {"kept": keep.pk, "absorbed": absorb.pk, "moved": moved}
