"""The contracts' section of the gmina card (allocations' page, through `core.card`): per
planned service of each approved plan version the budget, the contracted and the free amount in
PLN — the money guard's figures — with links to the contracts."""

from __future__ import annotations

from typing import Any

from integra.contracts import policies, selectors


def gmina_card_section(user: Any, gmina: Any) -> dict[str, Any] | None:
    """What the section shows to a reader of the gmina's contracts; None to anyone else."""
    if not policies.can_view_contract_at(user, gmina.teryt):
        return None
    return {"plans": selectors.gmina_card_budgets(gmina)}
