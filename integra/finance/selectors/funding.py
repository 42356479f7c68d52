"""Reads of the programme's sources of funds (loan disbursements, government counterpart) and of
the payments of components without gminas, from the ledger transactions that record them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q

from integra.finance import rules
from integra.finance.models import Component, Entry, Transaction
from integra.finance.policies import can_view_funding

ZERO = Decimal("0.00")
LOAN_OR_COUNTERPART = "funding"
COMPONENT_PAYMENT = "component-payment"


@dataclass(frozen=True)
class FundingRow:
    transaction_id: int
    kind: str  # loan, counterpart or component
    component: str  # the component's code for a component payment
    reference: str
    day: dt.date
    amount_eur: Decimal
    amount_pln: Decimal
    description: str
    posted_by: str
    reversed: bool

    @property
    def rate(self) -> Decimal | None:
        if not self.amount_eur:
            return None
        return (self.amount_pln / self.amount_eur).quantize(Decimal("0.0001"))


def _parsed(key: str, components: dict[int, str]) -> tuple[str, str, str] | None:
    """(kind, component code, reference) of a funding or component-payment key."""
    if key.startswith(f"{LOAN_OR_COUNTERPART}:"):
        _prefix, _programme, source, reference = key.split(":", 3)
        return source, "", reference
    if key.startswith(f"{COMPONENT_PAYMENT}:"):
        _prefix, component_pk, reference = key.split(":", 2)
        code = components.get(int(component_pk)) if component_pk.isdigit() else None
        return ("component", code, reference) if code is not None else None
    return None


def list_funding(*, user: Any, programme: Any, kind: str | None = None) -> list[FundingRow]:
    """The programme's loan disbursements, counterpart funds and component payments, newest
    first, each with its EUR and PLN amounts (what went in or out, from its entries); empty for
    a user who may not see them."""
    if not can_view_funding(user):
        return []
    components = dict(Component.objects.filter(programme=programme).values_list("pk", "code"))
    query = Q(key__startswith=f"{LOAN_OR_COUNTERPART}:{programme.pk}:") | Q(
        key__startswith=f"{COMPONENT_PAYMENT}:", programme=programme
    )
    transactions = list(
        Transaction.objects.filter(query)
        .select_related("reversed_by")
        .order_by("-value_date", "-pk")
    )
    sums: dict[tuple[int, str], Decimal] = {}
    for transaction_id, currency, amount in Entry.objects.filter(
        transaction__in=transactions, amount__gt=0
    ).values_list("transaction_id", "currency", "amount"):
        sums[(transaction_id, currency)] = sums.get((transaction_id, currency), ZERO) + amount
    rows = []
    for posted in transactions:
        parsed = _parsed(posted.key, components)
        if parsed is None or (kind and parsed[0] != kind):
            continue
        rows.append(
            FundingRow(
                transaction_id=posted.pk,
                kind=parsed[0],
                component=parsed[1],
                reference=parsed[2],
                day=posted.value_date,
                amount_eur=sums.get((posted.pk, "EUR"), ZERO),
                amount_pln=sums.get((posted.pk, "PLN"), ZERO),
                description=posted.description,
                posted_by=posted.created_by_label,
                reversed=hasattr(posted, "reversed_by"),
            )
        )
    return rows


KINDS = (*rules.SOURCES, "component")
