"""Writes of component-level contracts: a contract without a gmina (a consultant, the campaign
agency), signed for the ministry, with no round and no planned services. Which procurement
item and component it carries out — and so the limit of its value — is finance's: finance
calls this service under its own lock and posts the commitment (contracts knows nothing of
components)."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from integra.audit.services import RequestContext, record_event
from integra.contracts import policies, rules
from integra.contracts.models import Contract, Instalment
from integra.contracts.rules import ComponentContractTerms
from integra.contracts.services.contracts import advance_percent
from integra.contracts.services.shared import require_right
from integra.contracts.services.signals import contract_signed
from integra.core.actors import Actor
from integra.core.errors import RulesBroken


def _number_taken(programme: Any, number: str) -> bool:
    return Contract.objects.filter(
        programme=programme, gmina__isnull=True, number=number.strip()
    ).exists()


@transaction.atomic
def sign_component_contract(
    *,
    actor: Actor,
    programme: Any,
    provider: Any,
    terms: ComponentContractTerms,
    context: RequestContext | None = None,
) -> Contract:
    """Record a signed component-level contract and its payment schedule; the number is unique
    among the programme's component-level contracts. Sends `contract_signed`. Raises
    PermissionDenied (not a ministry administrator), RulesBroken (the terms, a taken number):
    nothing is written."""
    require_right(actor, policies.can_sign_component_contract, "sign_component")
    problems = rules.component_contract_problems(
        terms, provider_kind=provider.kind, advance_percent=advance_percent(programme)
    )
    if problems:
        raise RulesBroken(_("The contract is incomplete; nothing was saved."), problems)
    taken = _("The programme already has a component-level contract with this number.")
    if _number_taken(programme, terms.number):
        raise RulesBroken.at("number", taken)
    try:
        with transaction.atomic():
            contract = Contract.objects.create(
                programme=programme,
                gmina=None,
                provider=provider,
                kind=Contract.Kind.AGREEMENT,
                number=terms.number.strip(),
                signed_on=terms.signed_on,
                gmina_representative=terms.ministry_representative.strip(),
                provider_representative=terms.provider_representative.strip(),
                starts_on=terms.starts_on,
                ends_on=terms.ends_on,
                value_pln=terms.value_pln,
            )
    except IntegrityError as clash:  # a twin number signed in parallel
        raise RulesBroken.at("number", taken) from clash
    Instalment.objects.bulk_create(
        Instalment(
            contract=contract,
            number=n,
            due_on=i.due_on,
            amount_pln=i.amount_pln,
            is_advance=i.is_advance,
        )
        for n, i in enumerate(terms.instalments, start=1)
    )
    record_event(
        actor=actor,
        action="contracts.contract.signed",
        target=contract,
        context=context,
        changes={
            "level": "component",
            "number": contract.number,
            "provider": provider.pk,
            "signed_on": contract.signed_on.isoformat(),
            "starts_on": contract.starts_on.isoformat(),
            "ends_on": contract.ends_on.isoformat(),
            "value_pln": str(contract.value_pln),
            "instalments": [
                f"{i.due_on.isoformat()}: {i.amount_pln}{' (advance)' if i.is_advance else ''}"
                for i in terms.instalments
            ],
        },
    )
    contract_signed.send(sender=Contract, contract=contract, actor=actor)
    return contract
