"""Reads of contracts for pages, the API and exports: every read starts from
`Contract.objects.visible_to(user)`."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from integra.contracts.models import Contract, ContractAmendment, Offer, ProviderReport

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


def provider_contract_rows(user: Any, provider: Any) -> list[dict[str, Any]]:
    """The provider's contracts the user sees, for its card: gmina, number, value, status and
    how its reports stand (accepted of all, overdue)."""
    contracts = (
        Contract.objects.visible_to(user)
        .filter(provider=provider)
        .select_related("gmina")
        .prefetch_related("reports")
        .order_by("-signed_on", "-pk")
    )
    rows = []
    for contract in contracts:
        reports = list(contract.reports.all())
        accepted = sum(r.status == ProviderReport.Status.ACCEPTED for r in reports)
        overdue = sum(r.overdue_since is not None and r.status == "due" for r in reports)
        summary = _("%(accepted)s of %(count)s accepted") % {
            "accepted": accepted,
            "count": len(reports),
        }
        if overdue:
            summary += ", " + _("%(overdue)s overdue") % {"overdue": overdue}
        rows.append(
            {
                "gmina": contract.gmina.name if contract.gmina else _("component"),
                "number": contract.number,
                "value_pln": contract.value_pln,
                "status": contract.get_status_display(),
                "reports": summary,
                "url": reverse("contracts:contract-detail", args=[contract.pk]),
            }
        )
    return rows


def partner_gminas(provider: Any) -> list[str]:
    """The TERYT codes of gminas with a contract or an offer of the provider: their roles read
    its contacts (providers.policies.PARTNER_GMINAS)."""
    of_gminas = Contract.objects.of_gminas().filter(provider=provider)
    contracted = of_gminas.values_list("gmina__teryt", flat=True)
    offered = Offer.objects.filter(provider=provider).values_list("round__gmina__teryt", flat=True)
    return sorted({*contracted, *offered})
