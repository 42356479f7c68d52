"""Reads of procurement, one module per concern: budgets of planned services (contracted and
free)."""

from integra.contracts.selectors.budgets import (
    ServiceBudget,
    contracted_by_key,
    service_budgets,
)

__all__ = ["ServiceBudget", "contracted_by_key", "service_budgets"]
