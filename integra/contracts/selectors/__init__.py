"""Reads of procurement, one module per concern: budgets of planned services (contracted and
free), rounds and their offers, contracts, provider reports."""

from integra.contracts.selectors.budgets import (
    PlanCard,
    ServiceBudget,
    contracted_by_key,
    gmina_card_budgets,
    service_budgets,
)
from integra.contracts.selectors.contracts import contracts_of_round, get_contract
from integra.contracts.selectors.reports import get_report, overdue_reports
from integra.contracts.selectors.rounds import (
    LotResult,
    ScoreSheet,
    attendance_of,
    committee_of,
    get_offer,
    get_public_round,
    get_round,
    list_public_rounds,
    list_rounds,
    offers_of,
    results_of,
    score_sheet,
)

__all__ = [
    "LotResult",
    "PlanCard",
    "ScoreSheet",
    "ServiceBudget",
    "attendance_of",
    "committee_of",
    "contracted_by_key",
    "contracts_of_round",
    "get_contract",
    "get_offer",
    "get_public_round",
    "get_report",
    "get_round",
    "gmina_card_budgets",
    "list_public_rounds",
    "list_rounds",
    "offers_of",
    "overdue_reports",
    "results_of",
    "score_sheet",
    "service_budgets",
]
