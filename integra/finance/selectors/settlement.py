"""Reads of the annual settlement: a gmina's figures of one year computed from the ledger (per
line, per planned service and target group: received, spent, exchange differences, the rest),
the settlements a user may see, and the figures an accepted settlement keeps.

Everything is summed from the entries of closed transactions whose value date lies in the year;
a reversal counts under the movement it reverses, on its own value date — so a correction
posted after a year was settled changes the later year, never the settled one."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import F, QuerySet
from django.db.models.functions import Coalesce

from integra.action_plans.models import ActionPlan, PlannedService
from integra.action_plans.selectors.plans import latest_approved
from integra.contracts.models import ContractService
from integra.finance import rules
from integra.finance.models import Account, Entry, Settlement, Transaction
from integra.finance.policies import can_prepare_settlement
from integra.programmes.models import Participation
from integra.territories.models import Territory

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
RATE = Decimal("0.0001")
TRANSFER = Transaction.Movement.TRANSFER
PAYMENT = Transaction.Movement.PAYMENT
REFUND = Transaction.Movement.REFUND
EXCHANGE = Transaction.Movement.EXCHANGE_DIFFERENCE
LINES = ("services", "training")
UNASSIGNED = "—"


@dataclass
class LineFigures:
    """One allocation line in the year: EUR received (the tranches' share of the line), PLN
    received (each transfer's PLN split as its EUR), PLN spent (payments to providers less their
    refunds) and its EUR equivalent at the gmina's average rate."""

    line: str
    received_eur: Decimal = ZERO
    received_pln: Decimal = ZERO
    spent_pln: Decimal = ZERO
    spent_eur: Decimal = ZERO

    @property
    def rest_pln(self) -> Decimal:
        return self.received_pln - self.spent_pln


@dataclass
class ServiceFigures:
    """One planned service: its plan's year, line and target groups, planned and contracted
    PLN, and what was paid for it in the year (PLN, EUR equivalent)."""

    key: str
    title: str
    plan_year: int
    line: str
    groups: list[str]
    planned_pln: Decimal = ZERO
    contracted_pln: Decimal = ZERO
    spent_pln: Decimal = ZERO
    spent_eur: Decimal = ZERO


@dataclass
class GroupFigures:
    group: str
    spent_pln: Decimal = ZERO
    spent_eur: Decimal = ZERO


@dataclass
class SettlementFigures:
    """A gmina's year from the ledger. `opening_pln` is the rest carried from earlier years;
    `other_pln` every other movement of the gmina's PLN (returns to the programme, corrections),
    so that opening + received − spent + other = closing, the gmina's balance at the year's
    end. `average_rate` is PLN per EUR of everything received up to the year's end (the rate
    at which spending is shown in EUR)."""

    year: int
    teryt: str
    opening_pln: Decimal = ZERO
    received_pln: Decimal = ZERO
    received_eur: Decimal = ZERO
    exchange_eur: Decimal = ZERO
    spent_pln: Decimal = ZERO
    spent_eur: Decimal = ZERO
    other_pln: Decimal = ZERO
    closing_pln: Decimal = ZERO
    closing_eur: Decimal = ZERO
    average_rate: Decimal | None = None
    lines: list[LineFigures] = field(default_factory=list)
    services: list[ServiceFigures] = field(default_factory=list)
    groups: list[GroupFigures] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """JSON-safe (amounts as strings) for the snapshot kept at acceptance."""
        data: dict[str, Any] = _jsonable(asdict(self))
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SettlementFigures:
        def dec(value: Any) -> Any:
            return (
                Decimal(value) if isinstance(value, str) and value[:1] in "-0123456789" else value
            )

        def amounts(row: dict[str, Any], keep: tuple[str, ...]) -> dict[str, Any]:
            return {k: (v if k in keep else dec(v)) for k, v in row.items()}

        plain = amounts(data, ("lines", "services", "groups", "teryt", "year"))
        plain["lines"] = [LineFigures(**amounts(r, ("line",))) for r in data["lines"]]
        plain["services"] = [
            ServiceFigures(**amounts(r, ("key", "title", "plan_year", "line", "groups")))
            for r in data["services"]
        ]
        plain["groups"] = [GroupFigures(**amounts(r, ("group",))) for r in data["groups"]]
        return cls(**plain)


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, ROUND_HALF_UP)


@dataclass(frozen=True)
class _Row:
    transaction: int
    account: int
    kind: str
    line: str
    currency: str
    reference: str
    amount: Decimal
    movement: str
    day: dt.date


_ROW_FIELDS = (
    "transaction_id",
    "account_id",
    "account__kind",
    "account__line",
    "account__currency",
    "account__reference",
    "amount",
    "movement",
    "transaction__value_date",
)


def _entries(until: dt.date, **accounts: Any) -> QuerySet[Entry]:
    """Closed entries up to `until` on the accounts filtered so, with their effective movement,
    in the order of the ledger."""
    return (
        Entry.objects.filter(transaction__closed=True, transaction__value_date__lte=until)
        .filter(**{f"account__{name}": value for name, value in accounts.items()})
        .annotate(
            movement=Coalesce(F("transaction__reverses__movement"), F("transaction__movement"))
        )
        .order_by("transaction__value_date", "transaction_id", "pk")
    )


def _rows(programme: Any, teryt: str, until: dt.date) -> list[_Row]:
    """Every entry on the gmina's accounts up to `until`, with its effective movement."""
    found = _entries(until, programme=programme, teryt=teryt).values_list(*_ROW_FIELDS)
    return [_Row(*row) for row in found]


def _reference_pk(reference: str) -> int | None:
    try:
        return int(reference.rsplit(":", 1)[1])
    except (IndexError, ValueError):
        return None


@dataclass
class _Scan:
    by_transaction: dict[int, list[_Row]] = field(default_factory=lambda: defaultdict(list))
    paid_by_contract: dict[int, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    received_pln: Decimal = ZERO
    received_eur: Decimal = ZERO


def _scan(rows: list[_Row], start: dt.date, figures: SettlementFigures) -> _Scan:
    """One pass over the gmina's entries: its PLN balance before and at the end of the year,
    everything received to date (for the average rate), the year's exchange differences, the
    year's entries by transaction and its payments by contract."""
    scan = _Scan()
    for row in rows:
        in_year = row.day >= start
        gmina = row.kind == Account.Kind.GMINA
        if gmina and row.currency == "PLN":
            if in_year:
                figures.closing_pln += row.amount
            else:
                figures.opening_pln += row.amount
            if row.movement == TRANSFER:
                scan.received_pln += row.amount
        elif gmina and row.movement in (TRANSFER, EXCHANGE):
            scan.received_eur += row.amount
            if in_year and row.movement == EXCHANGE:
                figures.exchange_eur += row.amount
        if not in_year:
            continue
        scan.by_transaction[row.transaction].append(row)
        pk = _reference_pk(row.reference)
        paid = row.movement in (PAYMENT, REFUND) and row.currency == "PLN"
        if row.kind == Account.Kind.CONTRACT and paid and pk is not None:
            scan.paid_by_contract[pk] += row.amount
    figures.closing_pln += figures.opening_pln
    return scan


def settlement_figures(*, programme: Any, gmina: Any, year: int) -> SettlementFigures:
    """The gmina's figures of `year` from the ledger (no scope check: callers have checked)."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    figures = SettlementFigures(year=year, teryt=gmina.teryt)
    scan = _scan(_rows(programme, gmina.teryt, end), start, figures)
    lines = {line: LineFigures(line) for line in LINES}
    if scan.received_eur > 0:
        figures.average_rate = (scan.received_pln / scan.received_eur).quantize(RATE, ROUND_HALF_UP)
    _received(figures, lines, scan.by_transaction)
    services = _services(programme, gmina, year)
    _spent(lines, services, scan.paid_by_contract, (programme, gmina, year))
    _in_eur(figures, lines, services)
    figures.spent_pln = sum((line.spent_pln for line in lines.values()), ZERO)
    figures.spent_eur = sum((line.spent_eur for line in lines.values()), ZERO)
    figures.other_pln = (
        figures.closing_pln - figures.opening_pln - figures.received_pln + figures.spent_pln
    )
    if figures.average_rate:
        figures.closing_eur = _cents(figures.closing_pln / figures.average_rate)
    figures.lines = [lines[line] for line in LINES]
    return figures


def _received(
    figures: SettlementFigures, lines: dict[str, LineFigures], by_tx: dict[int, list[_Row]]
) -> None:
    """Per transfer of the year: its EUR per line (taken from the lines) and its PLN split in
    the same proportion."""
    for entries in by_tx.values():
        transfers = [r for r in entries if r.movement == TRANSFER]
        pln = sum(
            (r.amount for r in transfers if r.kind == Account.Kind.GMINA and r.currency == "PLN"),
            ZERO,
        )
        # The EUR received at the rates used: the transfer's and its exchange difference (a
        # payment's EUR leg on the gmina's account is spending, not a receipt).
        eur = sum(
            (
                r.amount
                for r in entries
                if r.kind == Account.Kind.GMINA
                and r.currency == "EUR"
                and r.movement in (TRANSFER, EXCHANGE)
            ),
            ZERO,
        )
        figures.received_pln += pln
        figures.received_eur += eur
        shares = [
            (r.line, -r.amount)
            for r in transfers
            if r.kind == Account.Kind.LINE and r.line in lines
        ]
        if not shares:
            continue
        for (line, share), part in zip(
            shares, rules.apportion(pln, [s for _line, s in shares]), strict=True
        ):
            lines[line].received_eur += share
            lines[line].received_pln += part


def _services(programme: Any, gmina: Any, year: int) -> dict[str, ServiceFigures]:
    """The planned services of the year's approved plan, listed even when unpaid."""
    services: dict[str, ServiceFigures] = {}
    plan = ActionPlan.objects.filter(programme=programme, gmina=gmina, year=year).first()
    version = latest_approved(plan) if plan is not None else None
    if version is not None:
        for planned in version.services.select_related("service_type").prefetch_related("groups"):
            row = services[str(planned.key)] = _service_row(planned, year)
            row.planned_pln = planned.planned_cost_pln
    return services


def _spent(
    lines: dict[str, LineFigures],
    services: dict[str, ServiceFigures],
    paid_by_contract: dict[int, Decimal],
    of: tuple[Any, Any, int],
) -> None:
    """Payments of the year per contract, split over the contract's planned services in the
    proportion of its split (its `ContractService` rows), each with its line; contracted PLN
    of the year's plan per service."""
    programme, gmina, year = of
    splits = ContractService.objects.filter(contract__gmina=gmina, contract__programme=programme)
    by_contract: dict[int, list[ContractService]] = defaultdict(list)
    for split in splits.select_related(
        "contract", "planned_service__service_type", "plan"
    ).prefetch_related("planned_service__groups"):
        by_contract[split.contract_id].append(split)
        key = str(split.service_key)
        if key not in services:
            services[key] = _service_row(split.planned_service, split.plan.year, split.line)
        if split.contract.status != "terminated" and split.plan.year == year:
            services[key].contracted_pln += split.amount_pln
    for contract_id, paid in sorted(paid_by_contract.items()):
        parts = by_contract.get(contract_id, [])
        if not parts:
            lines["services"].spent_pln += paid
            continue
        for split, part in zip(
            parts, rules.apportion(paid, [p.amount_pln for p in parts]), strict=True
        ):
            services[str(split.service_key)].spent_pln += part
            lines[split.line if split.line in lines else "services"].spent_pln += part


def _in_eur(
    figures: SettlementFigures, lines: dict[str, LineFigures], services: dict[str, ServiceFigures]
) -> None:
    """Spending in EUR at the gmina's average rate, and the totals per target group."""
    rate = figures.average_rate
    groups: dict[str, GroupFigures] = {}
    for row in services.values():
        row.spent_eur = _cents(row.spent_pln / rate) if rate else ZERO
        label = ", ".join(row.groups) or UNASSIGNED
        group = groups.setdefault(label, GroupFigures(label))
        group.spent_pln += row.spent_pln
        group.spent_eur += row.spent_eur
    for line in lines.values():
        line.spent_eur = _cents(line.spent_pln / rate) if rate else ZERO
    figures.services = sorted(
        services.values(), key=lambda s: (s.plan_year, s.line, s.title, s.key)
    )
    figures.groups = sorted(groups.values(), key=lambda g: g.group)


def _service_row(planned: PlannedService, plan_year: int, line: str = "") -> ServiceFigures:
    return ServiceFigures(
        key=str(planned.key),
        title=planned.title,
        plan_year=plan_year,
        line=line or planned.service_type.line,
        groups=sorted(g.code for g in planned.groups.all()),
    )


# The settlements ------------------------------------------------------------------------------


def list_settlements(
    *, user: Any, status: str | None = None, year: int | None = None
) -> QuerySet[Settlement]:
    settlements = Settlement.objects.visible_to(user).select_related("programme", "gmina")
    if status:
        settlements = settlements.filter(status=status)
    if year:
        settlements = settlements.filter(year=year)
    return settlements.order_by("-year", "gmina__teryt", "pk")


def shown_figures(settlement: Settlement) -> SettlementFigures:
    """What a settlement shows: the figures kept at acceptance, else the ledger's now."""
    if settlement.figures is not None:
        return SettlementFigures.from_json(settlement.figures)
    return settlement_figures(
        programme=settlement.programme, gmina=settlement.gmina, year=settlement.year
    )


@dataclass(frozen=True)
class SettlementTotals:
    """What a list shows of a settlement: PLN received and spent in its year, and its PLN at
    the year's end."""

    received_pln: Decimal
    spent_pln: Decimal
    closing_pln: Decimal


def shown_totals(settlements: list[Settlement]) -> dict[int, SettlementTotals]:
    """Each settlement's totals by its id, as `shown_figures` gives them (the kept figures of
    an accepted one, else the ledger's now) — for every open settlement of the list from one
    read of the ledger, not one per settlement. Settlements come with programme and gmina."""
    totals: dict[int, SettlementTotals] = {}
    open_ = []
    for settlement in settlements:
        if settlement.figures is None:
            open_.append(settlement)
            continue
        kept = SettlementFigures.from_json(settlement.figures)
        totals[settlement.pk] = SettlementTotals(
            kept.received_pln, kept.spent_pln, kept.closing_pln
        )
    if not open_:
        return totals
    rows: dict[tuple[int, str], list[_Row]] = defaultdict(list)
    entries = _entries(
        dt.date(max(s.year for s in open_), 12, 31),
        programme_id__in={s.programme_id for s in open_},
        teryt__in={s.gmina.teryt for s in open_},
    ).values_list("account__programme_id", "account__teryt", *_ROW_FIELDS)
    for programme_id, teryt, *row in entries:
        rows[(programme_id, teryt)].append(_Row(*row))
    for settlement in open_:
        totals[settlement.pk] = _totals(
            settlement, rows[(settlement.programme_id, settlement.gmina.teryt)]
        )
    return totals


def _totals(settlement: Settlement, rows: list[_Row]) -> SettlementTotals:
    """The totals `settlement_figures` arrives at: received is the PLN of the year's transfers
    to the gmina, spent every payment and refund of the year on its contracts (their split over
    lines and services adds up to it), closing the gmina's PLN at the year's end."""
    start, end = dt.date(settlement.year, 1, 1), dt.date(settlement.year, 12, 31)
    figures = SettlementFigures(year=settlement.year, teryt=settlement.gmina.teryt)
    scan = _scan([row for row in rows if row.day <= end], start, figures)
    received = sum(
        (
            row.amount
            for entries in scan.by_transaction.values()
            for row in entries
            if row.movement == TRANSFER and row.kind == Account.Kind.GMINA and row.currency == "PLN"
        ),
        ZERO,
    )
    spent = sum(scan.paid_by_contract.values(), ZERO)
    return SettlementTotals(received, spent, figures.closing_pln)


def ledger_moved_since(settlement: Settlement) -> bool:
    """An accepted settlement whose year in the ledger no longer equals the kept figures (a
    posting dated in a settled year): shown as a warning, corrected in a later period."""
    if settlement.figures is None:
        return False
    now = settlement_figures(
        programme=settlement.programme, gmina=settlement.gmina, year=settlement.year
    ).to_json()
    return bool(now != settlement.figures)


def settled_until(*, programme: Any, teryt: str) -> dt.date | None:
    """The last day of the gmina's latest accepted year (None if none): a service posting for
    the gmina may refuse a value date on or before it."""
    year = (
        Settlement.objects.filter(
            programme=programme, gmina__teryt=teryt, status=Settlement.Status.ACCEPTED
        )
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    return dt.date(year, 12, 31) if year else None


def gminas_settling(*, user: Any) -> list[Territory]:
    """The gminas whose settlement the user prepares (their coordinator)."""
    if not getattr(user, "is_authenticated", False):
        return []
    from integra.core.roles import Role

    prefixes = user.scope_prefixes({Role.GMINA_COORDINATOR})
    gminas = Territory.objects.filter(level=Territory.Level.GMINA, teryt__in=list(prefixes))
    return [g for g in gminas.order_by("teryt") if can_prepare_settlement(user, g)]


def settleable_years(*, programme: Any, gmina: Any) -> list[int]:
    """The years the gmina received money in and has no settlement of yet."""
    received = (
        Entry.objects.filter(
            transaction__closed=True,
            transaction__movement=TRANSFER,
            account__programme=programme,
            account__teryt=gmina.teryt,
            account__kind=Account.Kind.GMINA,
        )
        .values_list("transaction__value_date__year", flat=True)
        .distinct()
    )
    done = set(
        Settlement.objects.filter(programme=programme, gmina=gmina).values_list("year", flat=True)
    )
    return sorted({int(y) for y in received} - done)


@dataclass(frozen=True)
class SettlementDue:
    """A taking-part gmina's settlement of a year not yet submitted (missing, draft, returned)."""

    programme: Any
    gmina: Any
    year: int
    settlement: Settlement | None


def settlements_not_submitted(year: int) -> list[SettlementDue]:
    """Each taking-part gmina of a programme running in `year` whose settlement of that year is
    missing, a draft or returned — the reminders' list."""
    participations = (
        Participation.objects.exclude(status=Participation.Status.WITHDRAWN)
        .filter(programme__starts_on__year__lte=year, programme__ends_on__year__gte=year)
        .select_related("programme", "gmina")
        .order_by("gmina__teryt", "programme__code")
    )
    settlements = {(s.programme_id, s.gmina_id): s for s in Settlement.objects.filter(year=year)}
    done = {Settlement.Status.SUBMITTED, Settlement.Status.ACCEPTED}
    due = []
    for participation in participations:
        settlement = settlements.get((participation.programme_id, participation.gmina_id))
        if settlement is not None and settlement.status in done:
            continue
        due.append(SettlementDue(participation.programme, participation.gmina, year, settlement))
    return due
