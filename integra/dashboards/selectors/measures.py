"""The money and reach of each gmina of a programme, summed in the database once per figure (a
fixed number of queries whatever the number of gminas): what the board's spending light and the
maps' measures read, so that both show the same figures.

- allocation: the published run's amount with its training line (EUR, both lines);
- committed: the contracts that count (not terminated), split over their planned services, in
  PLN and at each plan version's EUR rate;
- paid: the ledger's payments on contracts (finance); while the programme's ledger holds no
  payment at all — finance does not post contract payments yet — the contracts' payment schedule
  due by the day asked stands in for them (`paid_source` says which);
- people reached: per contract its latest accepted provider report (reports are cumulative, so
  only the newest counts), per gmina summed;
- contracts per target group: the contracts that count with planned beneficiaries in the group.

The plain sums here are the only copy: `dashboards.services.summaries` writes its per-gmina rows
with them (`plain_figures`, `ledger_paid`), and once a programme's summary is built they are read
instead.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Exists, Max, OuterRef, Q, Sum

from integra.allocations.models import AllocationResult, AllocationRun
from integra.allocations.selectors import allocation_lines
from integra.contracts.models import (
    Contract,
    ContractBeneficiaries,
    ContractService,
    Instalment,
    ProviderReport,
    ReportReach,
)
from integra.dashboards.models import GminaMeasures, MeasuresState
from integra.finance.models import Account, Entry, Transaction
from integra.programmes.models import Programme

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
LEDGER, SCHEDULE = "ledger", "schedule"


def cents(value: Decimal | None) -> Decimal:
    """A database sum to the cent (SQLite adds decimals as floating point)."""
    return Decimal(value or 0).quantize(CENT, ROUND_HALF_UP)


@dataclass
class GminaMoney:
    allocation_eur: Decimal = ZERO
    committed_pln: Decimal = ZERO
    committed_eur: Decimal = ZERO
    paid_pln: Decimal = ZERO
    people_reached: int = 0
    contracts_by_group: dict[str, int] = field(default_factory=dict)

    @property
    def paid_eur(self) -> Decimal:
        """Paid PLN at the rate of the gmina's contracts (their plan versions' EUR rates)."""
        if not self.committed_pln:
            return ZERO
        return cents(self.paid_pln * self.committed_eur / self.committed_pln)

    @property
    def committed_share(self) -> Decimal | None:
        return _share(self.committed_eur, self.allocation_eur)

    @property
    def paid_share(self) -> Decimal | None:
        return _share(self.paid_eur, self.allocation_eur)


def _share(part: Decimal, whole: Decimal) -> Decimal | None:
    return (part / whole).quantize(Decimal("0.0001"), ROUND_HALF_UP) if whole else None


def percent(share: Decimal | None) -> Decimal | None:
    return None if share is None else (share * 100).quantize(CENT, ROUND_HALF_UP)


@dataclass
class Measures:
    by_gmina: dict[int, GminaMoney]
    paid_source: str


def _within(field_name: str, gmina_ids: list[int] | None) -> Q:
    return Q() if gmina_ids is None else Q(**{f"{field_name}__in": gmina_ids})


def gmina_measures(
    programme: Any,
    *,
    as_of: dt.date,
    gmina_ids: Iterable[int] | None = None,
    teryts: Iterable[str] | None = None,
    reach: bool = False,
    groups: bool = False,
    allocation: bool = True,
) -> Measures:
    """Per gmina id the figures above; `gmina_ids` (and their `teryts`, for the ledger) narrow
    them, None: every gmina of the programme. `reach` and `groups` add those two figures;
    `allocation` False leaves the allocation out (a caller that has it already: the maps).

    Once the programme's summary is built (`dashboards.services.summaries`), committed, reach,
    groups and — on a day no earlier than the last payment counted — paid come from its rows, the
    same figures in fewer and cheaper queries; a gmina appears only with a figure other than
    zero."""
    ids = None if gmina_ids is None else list(gmina_ids)
    teryts = None if teryts is None else list(teryts)
    found: dict[int, GminaMoney] = defaultdict(GminaMoney)
    if allocation:
        _allocation(programme, ids, found)
    built, ledger = _sources(programme)
    if built:
        summed = _from_summary(
            programme, as_of, ids, found, ledger=ledger, reach=reach, groups=groups
        )
        if not summed:
            _paid(programme, as_of, ids, teryts, found, ledger=ledger)
    else:
        plain_figures(programme, ids, found, reach=reach, groups=groups)
        _paid(programme, as_of, ids, teryts, found, ledger=ledger)
    return Measures(by_gmina=dict(found), paid_source=LEDGER if ledger else SCHEDULE)


def _payments(programme: Any) -> Any:
    return Transaction.objects.filter(
        programme=programme, movement=Transaction.Movement.PAYMENT, closed=True
    )


def _sources(programme: Any) -> tuple[bool, bool]:
    """Whether a full build wrote the programme's summary rows (only then are they read) and
    whether its ledger holds a payment (else the schedule stands in for paid): one query."""
    built = MeasuresState.objects.filter(programme=programme, built_at__isnull=False)
    flags = (
        Programme.objects.filter(pk=getattr(programme, "pk", programme))
        .values_list(Exists(built), Exists(_payments(programme)))
        .first()
    )
    return (bool(flags[0]), bool(flags[1])) if flags else (False, False)


def _allocation(programme: Any, ids: list[int] | None, found: dict[int, GminaMoney]) -> None:
    results = AllocationResult.objects.filter(
        _within("gmina_id", ids),
        run__programme=programme,
        run__status=AllocationRun.Status.PUBLISHED,
    ).values_list("gmina_id", "amount_eur")
    for gmina_id, amount in results:
        found[gmina_id].allocation_eur = allocation_lines(amount, programme.training_percent).total


def plain_figures(
    programme: Any,
    ids: list[int] | None,
    found: dict[int, GminaMoney],
    *,
    reach: bool = True,
    groups: bool = True,
) -> None:
    """Committed, and if asked reach and contracts per group, summed from the contracts' own
    rows into `found` (one query each): the plain aggregates, which the summary rows keep."""
    _committed(programme, ids, found)
    if reach:
        _reach(programme, ids, found)
    if groups:
        _groups(programme, ids, found)


def _committed(programme: Any, ids: list[int] | None, found: dict[int, GminaMoney]) -> None:
    committed = (
        ContractService.objects.filter(_within("contract__gmina_id", ids))
        .filter(contract__programme=programme)
        .exclude(contract__status=Contract.Status.TERMINATED)
        .values("contract__gmina_id")
        .annotate(pln=Sum("amount_pln"), eur=Sum("amount_eur"))
        .values_list("contract__gmina_id", "pln", "eur")
    )
    for gmina_id, pln, eur in committed:
        if gmina_id is not None and (pln or eur):
            found[gmina_id].committed_pln = cents(pln)
            found[gmina_id].committed_eur = cents(eur)


def ledger_paid(
    programme: Any, *, as_of: dt.date | None, teryts: Iterable[str] | None
) -> dict[int, tuple[Decimal, dt.date]]:
    """Per gmina id the PLN paid on its contracts (the ledger's closed payment entries with a
    value date up to `as_of`, None: every one) and the latest value date counted; `teryts`
    narrow it to those gminas. Two queries."""
    entries = Entry.objects.filter(
        transaction__closed=True,
        transaction__movement=Transaction.Movement.PAYMENT,
        account__programme=programme,
        account__kind=Account.Kind.CONTRACT,
        account__currency="PLN",
        amount__gt=0,
    )
    if as_of is not None:
        entries = entries.filter(transaction__value_date__lte=as_of)
    if teryts is not None:
        entries = entries.filter(account__teryt__in=list(teryts))
    by_teryt = {
        teryt: (total, last)
        for teryt, total, last in entries.values("account__teryt")
        .annotate(total=Sum("amount"), last=Max("transaction__value_date"))
        .values_list("account__teryt", "total", "last")
    }
    ids_by_teryt = dict(
        Contract.objects.filter(programme=programme, gmina__teryt__in=list(by_teryt))
        .order_by()  # the model's ordering would widen DISTINCT to one row a contract
        .values_list("gmina__teryt", "gmina_id")
        .distinct()
    )
    return {
        ids_by_teryt[teryt]: (cents(total), last)
        for teryt, (total, last) in by_teryt.items()
        if teryt in ids_by_teryt and total
    }


def _paid(
    programme: Any,
    as_of: dt.date,
    ids: list[int] | None,
    teryts: Iterable[str] | None,
    found: dict[int, GminaMoney],
    *,
    ledger: bool,
) -> None:
    if ledger:
        for gmina_id, (total, _last) in ledger_paid(programme, as_of=as_of, teryts=teryts).items():
            found[gmina_id].paid_pln = total
        return
    scheduled = (
        Instalment.objects.filter(_within("contract__gmina_id", ids))
        .filter(contract__programme=programme, due_on__lte=as_of)
        .exclude(contract__status=Contract.Status.TERMINATED)
        .values("contract__gmina_id")
        .annotate(total=Sum("amount_pln"))
        .values_list("contract__gmina_id", "total")
    )
    for gmina_id, total in scheduled:
        if gmina_id is not None and total:
            found[gmina_id].paid_pln = cents(total)


def _from_summary(
    programme: Any,
    as_of: dt.date,
    ids: list[int] | None,
    found: dict[int, GminaMoney],
    *,
    ledger: bool,
    reach: bool,
    groups: bool,
) -> bool:
    """The figures from the summary rows (one query); True when paid came from them too: the
    ledger is the source and `as_of` is no earlier than the last payment of any gmina read
    (the rows keep paid to date — for an earlier day the plain sum answers)."""
    rows = list(
        GminaMeasures.objects.filter(_within("gmina_id", ids))
        .filter(programme=programme)
        .values_list(
            "gmina_id",
            "committed_pln",
            "committed_eur",
            "paid_pln",
            "last_paid_on",
            "people_reached",
            "contracts_by_group",
        )
    )
    last = max((row[4] for row in rows if row[4] is not None), default=None)
    paid = ledger and (last is None or as_of >= last)
    for gmina_id, pln, eur, paid_pln, _last, people, by_group in rows:
        if pln or eur:
            found[gmina_id].committed_pln = cents(pln)
            found[gmina_id].committed_eur = cents(eur)
        if paid and paid_pln:
            found[gmina_id].paid_pln = cents(paid_pln)
        if reach and people:
            found[gmina_id].people_reached = people
        if groups and by_group:
            found[gmina_id].contracts_by_group = dict(sorted(by_group.items()))
    return paid


def latest_accepted_reports(programme: Any) -> Any:
    """Per contract its accepted report of the highest number (reports count cumulatively)."""
    accepted = ProviderReport.objects.filter(status=ProviderReport.Status.ACCEPTED)
    later = accepted.filter(contract_id=OuterRef("contract_id"), number__gt=OuterRef("number"))
    return accepted.filter(contract__programme=programme).filter(~Exists(later))


def _reach(programme: Any, ids: list[int] | None, found: dict[int, GminaMoney]) -> None:
    rows = (
        ReportReach.objects.filter(report__in=latest_accepted_reports(programme))
        .filter(_within("report__contract__gmina_id", ids))
        .values("report__contract__gmina_id")
        .annotate(people=Sum("people"))
        .values_list("report__contract__gmina_id", "people")
    )
    for gmina_id, people in rows:
        if gmina_id is not None and people:
            found[gmina_id].people_reached = int(people)


def _groups(programme: Any, ids: list[int] | None, found: dict[int, GminaMoney]) -> None:
    rows = (
        ContractBeneficiaries.objects.filter(_within("contract__gmina_id", ids))
        .filter(contract__programme=programme)
        .exclude(contract__status=Contract.Status.TERMINATED)
        .values("contract__gmina_id", "group__code")
        .annotate(contracts=Count("contract_id", distinct=True))
        .order_by("contract__gmina_id", "group__code")
        .values_list("contract__gmina_id", "group__code", "contracts")
    )
    for gmina_id, code, contracts in rows:
        if gmina_id is not None:
            found[gmina_id].contracts_by_group[code] = contracts
