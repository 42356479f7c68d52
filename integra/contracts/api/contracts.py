"""API of contracts: the register (the pages' filters) and one contract, signing one from the
selected offer or by direct selection (the money guard: 422 budget_exceeded naming the amount
still free, nothing written), annexes (409 on a stale lock_version) and termination."""

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from integra.audit.services import RequestContext
from integra.contracts import selectors, services
from integra.contracts.api.schemas import (
    AnnexIn,
    AnnexOut,
    ContractFilters,
    ContractIn,
    ContractOut,
    Id,
    TerminationIn,
    TermsIn,
)
from integra.contracts.api.shared import groups_by_code
from integra.contracts.filters import Selection, filter_contracts, filter_status
from integra.contracts.models import Contract
from integra.core.api.pagination import PageNumberPagination
from integra.core.api.schemas import caller
from integra.providers.models import Provider

router = Router(tags=["contracts"])


def _contract(request: HttpRequest, contract_id: int) -> Contract:
    return selectors.get_contract(user=caller(request), contract_id=contract_id)


def terms_of(data: TermsIn) -> services.ContractTerms:
    known = groups_by_code(
        (f"terms.beneficiaries.{n}.group", b.group) for n, b in enumerate(data.beneficiaries)
    )
    return services.ContractTerms(
        kind=data.kind,
        number=data.number,
        signed_on=data.signed_on,
        gmina_representative=data.gmina_representative,
        provider_representative=data.provider_representative,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        value_pln=data.value_pln,
        shares=tuple(services.ShareInput(s.service_key, s.amount_pln) for s in data.shares),
        instalments=tuple(
            services.InstalmentInput(i.due_on, i.amount_pln, i.is_advance) for i in data.instalments
        ),
        beneficiaries=tuple(
            services.BeneficiariesInput(known[b.group], b.people) for b in data.beneficiaries
        ),
        reports=tuple(services.ReportDueInput(r.kind, r.due_on) for r in data.reports),
    )


@router.get("", response=list[ContractOut], summary="The register of contracts")
@paginate(PageNumberPagination)
def contracts_list(request: HttpRequest, filters: Query[ContractFilters]) -> QuerySet[Contract]:
    selection = Selection(**filters.dict())
    rows = filter_status(
        filter_contracts(Contract.objects.visible_to(caller(request)), selection), selection
    )
    return rows.select_related("gmina").order_by("-signed_on", "-pk")


@router.get("/{contract_id}", response=ContractOut, summary="One contract")
def contracts_detail(request: HttpRequest, contract_id: int = Id) -> Contract:
    return _contract(request, contract_id)


@router.post("", response={201: ContractOut}, summary="Record a signed contract")
def contracts_create(request: HttpRequest, data: ContractIn) -> Status:
    """From `offer`, or by direct selection: `failed_round`, `provider` and `justification`."""
    user = caller(request)
    offer = selectors.get_offer(user=user, offer_id=data.offer) if data.offer else None
    failed = (
        selectors.get_round(user=user, round_id=data.failed_round) if data.failed_round else None
    )
    provider = (
        Provider.objects.current().filter(pk=data.provider).first() if data.provider else None
    )
    contract = services.sign_contract(
        actor=user,
        terms=terms_of(data.terms),
        offer=offer,
        failed_round=failed,
        provider=provider,
        justification=data.justification,
        context=RequestContext.of(request),
    )
    return Status(201, _contract(request, contract.pk))


@router.post("/{contract_id}/annexes", response={201: AnnexOut}, summary="Record an annex")
def contracts_annex(request: HttpRequest, data: AnnexIn, contract_id: int = Id) -> Status:
    contract = _contract(request, contract_id)
    annex = services.amend_contract(
        actor=caller(request),
        contract=contract,
        terms=terms_of(data.terms),
        reason=data.reason,
        lock_version=data.lock_version,
        context=RequestContext.of(request),
    )
    return Status(201, annex)


@router.post("/{contract_id}/terminate", response=ContractOut, summary="Terminate the contract")
def contracts_terminate(
    request: HttpRequest, data: TerminationIn, contract_id: int = Id
) -> Contract:
    services.terminate_contract(
        actor=caller(request),
        contract=_contract(request, contract_id),
        terminated_on=data.terminated_on,
        reason=data.reason,
        context=RequestContext.of(request),
    )
    return _contract(request, contract_id)
