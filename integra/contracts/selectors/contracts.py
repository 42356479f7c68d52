"""Reads of contracts for pages, the API and exports: every read starts from
`Contract.objects.visible_to(user)`."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from integra.contracts.models import Contract, ContractAmendment, ProviderReport

_JOINS = (
    "programme",
    "gmina__parent__parent",
    "provider",
    "offer__lot",
    "offer__round",
    "failed_round",
)


def get_contract(*, user: Any, contract_id: int) -> Contract:
    """One contract with its services, schedule, beneficiaries, reports and annexes;
    Contract.DoesNotExist when absent or outside the user's sight alike."""
    contract: Contract = (
        Contract.objects.visible_to(user)
        .select_related(*_JOINS)
        .prefetch_related(
            "services__planned_service",
            "instalments",
            "beneficiaries__group",
            Prefetch("reports", queryset=ProviderReport.objects.order_by("number")),
            Prefetch("amendments", queryset=ContractAmendment.objects.order_by("number")),
        )
        .get(pk=contract_id)
    )
    return contract


def contracts_of_round(*, user: Any, round_: Any) -> QuerySet[Contract]:
    """The contracts signed from the round's offers or after it failed, that the user sees."""
    return (
        Contract.objects.visible_to(user)
        .filter(Q(offer__round=round_) | Q(failed_round=round_))
        .select_related("provider")
        .order_by("signed_on", "pk")
    )
