"""Rights over procurement rounds, offers, contracts and provider reports.

- **Read** rounds, offers, contracts and reports: the ministry; the region and the gmina of the
  round or contract (every role there). A provider user reads the rounds open to offers (or
  done) anywhere, and only the offers, contracts and reports of the organisations they act for
  — another provider's offer is a 404 to them, even in the same round.
- **Run a round** (build, publish, attendance, register a paper offer, formal check, committee,
  scores, results, cancel, repeat, direct selection) and **sign contracts and annexes, accept or
  return reports**: the gmina's coordinator.
- **Submit an offer, submit a report**: the provider's own users (a coordinator may register
  either from paper).
- **Component-level contracts** (no gmina: a consultant, the campaign agency) are national: a
  ministry role over the country reads them, a ministry administrator signs and changes them;
  their provider's users read their own, like any contract.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from integra.core.policies import action, holds_any
from integra.core.roles import GMINA_ROLES, MINISTRY_ROLES, REGIONAL_ROLES, Role

READERS = MINISTRY_ROLES | REGIONAL_ROLES | GMINA_ROLES
RUNNERS = frozenset({Role.GMINA_COORDINATOR})
PROVIDERS = frozenset({Role.PROVIDER})
COMPONENT_SIGNERS = frozenset({Role.MINISTRY_ADMIN})
NATIONAL = ""


def provider_ids_of(user: Any) -> set[int]:
    """The providers the user acts for (memberships), remembered on the user for the request."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_contracts_provider_ids", None)
    if cached is None:
        cached = set(user.provider_memberships.values_list("provider_id", flat=True))
        user._contracts_provider_ids = cached
    return set(cached)


def is_provider_user(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.scope_prefixes(PROVIDERS))


@action("contracts.procurement_round.view", _("read a gmina's procurement rounds and offers"))
def can_view_procurement_at(user: Any, teryt: str) -> bool:
    return holds_any(user, READERS, teryt)


@action(
    "contracts.procurement_round.run",
    _("build, publish and evaluate a procurement round; register paper offers"),
)
def can_run_procurement_at(user: Any, teryt: str) -> bool:
    return holds_any(user, RUNNERS, teryt)


@action("contracts.offer.submit", _("submit an offer for one's own organisation"))
def can_submit_offer_at(user: Any, teryt: str) -> bool:
    # A provider acts for its organisation in every gmina: the place does not narrow it.
    return is_provider_user(user)


@action("contracts.contract.view", _("read a gmina's contracts and provider reports"))
def can_view_contract_at(user: Any, teryt: str) -> bool:
    return holds_any(user, READERS, teryt)


@action("contracts.contract.sign", _("sign contracts and annexes; accept or return reports"))
def can_sign_contract_at(user: Any, teryt: str) -> bool:
    return holds_any(user, RUNNERS, teryt)


@action("contracts.component_contract.view", _("read component-level contracts (no gmina)"))
def can_view_component_contracts_at(user: Any, teryt: str) -> bool:
    # National documents: only a ministry role over the whole country, wherever asked.
    return holds_any(user, MINISTRY_ROLES, NATIONAL)


@action(
    "contracts.component_contract.sign",
    _("sign and change component-level contracts (no gmina)"),
)
def can_sign_component_contracts_at(user: Any, teryt: str) -> bool:
    return holds_any(user, COMPONENT_SIGNERS, NATIONAL)


def can_sign_component_contract(user: Any) -> bool:
    return can_sign_component_contracts_at(user, NATIONAL)


@action("contracts.provider_report.submit", _("submit a report for one's own organisation"))
def can_submit_report_at(user: Any, teryt: str) -> bool:
    return is_provider_user(user)


def can_view_round(user: Any, round_: Any) -> bool:
    if can_view_procurement_at(user, round_.gmina.teryt):
        return True
    return is_provider_user(user) and round_.status != "planned"


def can_run_round(user: Any, round_: Any) -> bool:
    return can_run_procurement_at(user, round_.gmina.teryt)


def acts_for(user: Any, provider_id: int | None) -> bool:
    return provider_id is not None and provider_id in provider_ids_of(user)


def can_view_offer(user: Any, offer: Any) -> bool:
    return can_view_procurement_at(user, offer.round.gmina.teryt) or acts_for(
        user, offer.provider_id
    )


def can_submit_offer(user: Any, round_: Any, provider: Any) -> bool:
    return can_submit_offer_at(user, round_.gmina.teryt) and acts_for(user, provider.pk)


def can_change_offer(user: Any, offer: Any) -> bool:
    """Withdraw, replace or add to an offer: its provider's own users, or the coordinator
    registering what arrived on paper (the services hold both to the deadline)."""
    return can_run_round(user, offer.round) or can_submit_offer(user, offer.round, offer.provider)


def can_view_contract(user: Any, contract: Any) -> bool:
    if contract.gmina_id is None:
        seen = can_view_component_contracts_at(user, NATIONAL)
    else:
        seen = can_view_contract_at(user, contract.gmina.teryt)
    return seen or acts_for(user, contract.provider_id)


def can_sign_contract(user: Any, contract_or_gmina: Any) -> bool:
    """A gmina's coordinator for its contracts (given the contract, its round or the gmina); a
    ministry administrator for a component-level contract."""
    gmina = getattr(contract_or_gmina, "gmina", contract_or_gmina)
    if gmina is None:
        return can_sign_component_contract(user)
    return can_sign_contract_at(user, gmina.teryt)


def can_view_report(user: Any, report: Any) -> bool:
    return can_view_contract(user, report.contract)


def can_submit_report(user: Any, report: Any) -> bool:
    contract = report.contract
    return can_sign_contract(user, contract) or (
        can_submit_report_at(user, contract.teryt) and acts_for(user, contract.provider_id)
    )


def can_review_report(user: Any, report: Any) -> bool:
    return can_sign_contract(user, report.contract)


def can_open_procurement(user: Any) -> bool:
    """Sees the registers at all (the menu entry)."""
    return bool(
        getattr(user, "is_authenticated", False) and user.scope_prefixes(READERS | PROVIDERS)
    )
