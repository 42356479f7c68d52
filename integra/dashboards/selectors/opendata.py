"""Reads of the open data (`/public/data/…`, `manage.py export_iati`): a programme's published
allocation per gmina, its contracts (organisations by name, a natural person as such), and the
ledger's dated money flows per gmina — what the IATI file reports as commitments, disbursements
and expenditure. Public figures only; a fixed number of queries per programme."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import F, QuerySet, Sum
from django.db.models.functions import Coalesce

from integra.contracts.models import Contract
from integra.dashboards.selectors.public import provider_label, public_figures
from integra.finance.models import Account, Entry, Transaction
from integra.programmes.models import Programme

CENT = Decimal("0.01")
# The flows of the IATI file, by the ledger's movement and the account it is read on.
COMMITMENT = "commitment"  # the allocation, EUR, on the gmina's line accounts
DISBURSEMENT = "disbursement"  # the tranches transferred, EUR, off the line accounts
EXPENDITURE = "expenditure"  # payments to providers, PLN, on the contracts' accounts


@dataclass(frozen=True)
class Flow:
    kind: str
    value_date: dt.date
    currency: str
    amount: Decimal


@dataclass
class GminaData:
    """One participating gmina of the open data: its allocation and its dated flows."""

    teryt: str
    name: str
    voivodeship: str
    services_eur: Decimal
    training_eur: Decimal
    flows: list[Flow] = field(default_factory=list)

    @property
    def allocation_eur(self) -> Decimal:
        return self.services_eur + self.training_eur

    def total(self, kind: str) -> Decimal:
        return sum((f.amount for f in self.flows if f.kind == kind), Decimal("0.00"))


@dataclass
class ProgrammeData:
    programme: Programme
    published: bool
    gminas: list[GminaData]

    @property
    def allocation_eur(self) -> Decimal:
        return sum((g.allocation_eur for g in self.gminas), Decimal("0.00"))


def _flows(programme: Programme) -> dict[str, list[Flow]]:
    """Per gmina (TERYT) its flows summed per value date, from the closed transactions of the
    ledger; a reversal counts under the movement it reverses, on its own date."""
    movement = Coalesce(F("transaction__reverses__movement"), F("transaction__movement"))
    rows = (
        Entry.objects.filter(transaction__closed=True, account__programme=programme)
        .exclude(account__teryt="")
        .filter(account__kind__in=[Account.Kind.LINE, Account.Kind.CONTRACT])
        .annotate(effective=movement)
        .values(
            "account__teryt",
            "account__kind",
            "account__currency",
            "effective",
            "transaction__value_date",
        )
        .annotate(total=Sum("amount"))
        .order_by("account__teryt", "transaction__value_date", "effective")
        .values_list(
            "account__teryt",
            "account__kind",
            "account__currency",
            "effective",
            "transaction__value_date",
            "total",
        )
    )
    sums: dict[tuple[str, str, dt.date, str], Decimal] = defaultdict(Decimal)
    for teryt, kind, currency, moved, value_date, total in rows:
        amount = (total or Decimal(0)).quantize(CENT, ROUND_HALF_UP)
        if kind == Account.Kind.LINE and moved == Transaction.Movement.ALLOCATION:
            sums[(teryt, COMMITMENT, value_date, currency)] += amount
        elif kind == Account.Kind.LINE and moved == Transaction.Movement.TRANSFER:
            sums[(teryt, DISBURSEMENT, value_date, currency)] -= amount
        elif (
            kind == Account.Kind.CONTRACT
            and currency == "PLN"
            and moved == Transaction.Movement.PAYMENT
        ):
            sums[(teryt, EXPENDITURE, value_date, currency)] += amount
    flows: dict[str, list[Flow]] = defaultdict(list)
    for (teryt, kind, value_date, currency), amount in sorted(sums.items()):
        if amount:
            flows[teryt].append(Flow(kind, value_date, currency, amount))
    return flows


def programme_data(programme: Programme) -> ProgrammeData:
    """The programme's participating gminas (those of its published allocation) with their
    allocation lines and the ledger's flows."""
    figures = public_figures(programme)
    flows = _flows(programme)
    gminas = [
        GminaData(
            teryt=g.teryt,
            name=g.name,
            voivodeship=g.voivodeship,
            services_eur=g.services,
            training_eur=g.training,
            flows=flows.get(g.teryt, []),
        )
        for g in figures.gminas
    ]
    return ProgrammeData(programme=programme, published=figures.run is not None, gminas=gminas)


@dataclass(frozen=True)
class ContractRow:
    gmina_teryt: str
    gmina: str
    number: str
    provider: str
    provider_kind: str
    signed_on: dt.date
    starts_on: dt.date
    ends_on: dt.date
    value_pln: Decimal
    status: str


def public_contracts(programme: Programme) -> list[ContractRow]:
    """The programme's contracts, by gmina and number (no representatives, no identifiers)."""
    contracts: QuerySet[Contract] = Contract.objects.of_gminas().filter(programme=programme)
    return [
        ContractRow(
            gmina_teryt=teryt,
            gmina=gmina,
            number=number,
            provider=provider_label(kind, name),
            provider_kind=kind,
            signed_on=signed_on,
            starts_on=starts_on,
            ends_on=ends_on,
            value_pln=value,
            status=status,
        )
        for teryt, gmina, number, kind, name, signed_on, starts_on, ends_on, value, status in (
            contracts.order_by("gmina__teryt", "number").values_list(
                "gmina__teryt",
                "gmina__name",
                "number",
                "provider__kind",
                "provider__name",
                "signed_on",
                "starts_on",
                "ends_on",
                "value_pln",
                "status",
            )
        )
    ]
