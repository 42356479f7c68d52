"""Reads of the financial reports, all summed from the ledger's entries of closed transactions
(a reversal counts under the movement it reverses, on its own value date):

- the World Bank **interim financial report** (IFR) of a semester: sources of funds (loan
  disbursements, government counterpart — the programme's source accounts) and uses of funds by
  component (the gmina component's use is the money moved between the programme and the gminas:
  transfers with their exchange differences, less returns; another component's use is what was
  paid on its own accounts), each for the period and cumulative, in EUR and PLN, with the rates
  used;
- the programme report: per voivodeship and allocation line, allocated and transferred EUR,
  received PLN, committed and paid PLN, up to a day."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from integra.allocations.models import Tranche
from integra.finance import rules
from integra.finance.models import Account, Component, Entry, Transaction
from integra.finance.policies import can_view_reports_at
from integra.territories.models import Territory

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
RATE = Decimal("0.0001")
M = Transaction.Movement


@dataclass
class Pair:
    eur: Decimal = ZERO
    pln: Decimal = ZERO

    def add(self, currency: str, amount: Decimal) -> None:
        if currency == "EUR":
            self.eur += amount
        else:
            self.pln += amount

    @property
    def rate(self) -> Decimal | None:
        return (self.pln / self.eur).quantize(RATE, ROUND_HALF_UP) if self.eur else None


@dataclass
class ReportLine:
    """One line of the IFR (a source or a component): the period's and the cumulative sums."""

    code: str
    name: str
    period: Pair = field(default_factory=Pair)
    cumulative: Pair = field(default_factory=Pair)
    budget_eur: Decimal | None = None


@dataclass(frozen=True)
class RateUsed:
    day: dt.date
    what: str
    eur: Decimal
    pln: Decimal
    rate: Decimal
    table: str


@dataclass
class InterimReport:
    programme: Any
    year: int
    semester: int
    starts_on: dt.date
    ends_on: dt.date
    sources: list[ReportLine]
    uses: list[ReportLine]
    rates: list[RateUsed]

    def total(self, lines: str, part: str) -> Pair:
        pair = Pair()
        for line in getattr(self, lines):
            found = getattr(line, part)
            pair.eur += found.eur
            pair.pln += found.pln
        return pair

    @property
    def opening(self) -> Pair:
        """Funds held at the start of the period: cumulative sources less uses before it."""
        sources, uses = self.total("sources", "cumulative"), self.total("uses", "cumulative")
        period_sources, period_uses = self.total("sources", "period"), self.total("uses", "period")
        return Pair(
            sources.eur - period_sources.eur - uses.eur + period_uses.eur,
            sources.pln - period_sources.pln - uses.pln + period_uses.pln,
        )

    @property
    def closing(self) -> Pair:
        sources, uses = self.total("sources", "cumulative"), self.total("uses", "cumulative")
        return Pair(sources.eur - uses.eur, sources.pln - uses.pln)


def _entries(programme: Any, until: dt.date) -> Any:
    return (
        Entry.objects.filter(
            transaction__closed=True,
            transaction__programme=programme,
            transaction__value_date__lte=until,
        )
        .annotate(
            movement=Coalesce(F("transaction__reverses__movement"), F("transaction__movement"))
        )
        .order_by()
    )


def source_entries(programme: Any, until: dt.date) -> Any:
    """Entries on the programme's source accounts (credited as funds come in)."""
    return _entries(programme, until).filter(
        account__kind=Account.Kind.PROGRAMME, account__line__in=rules.SOURCES
    )


def gmina_component_entries(programme: Any, until: dt.date) -> Any:
    """Entries on the gminas' own accounts (received PLN and its EUR) in transactions that move
    money between the programme and a gmina: transfers, exchange differences, returns."""
    with_programme = Entry.objects.filter(account__kind=Account.Kind.PROGRAMME).values(
        "transaction_id"
    )
    return _entries(programme, until).filter(
        account__kind=Account.Kind.GMINA, transaction_id__in=with_programme
    )


def component_entries(programme: Any, until: dt.date) -> Any:
    """Payments (less refunds) on the components' own accounts."""
    return _entries(programme, until).filter(
        account__kind=Account.Kind.COMPONENT, movement__in=[M.PAYMENT, M.REFUND]
    )


def _sum_into(line: ReportLine, rows: Any, starts_on: dt.date, sign: int = 1) -> None:
    for currency, day, amount in rows.values_list("currency", "transaction__value_date", "amount"):
        line.cumulative.add(currency, sign * amount)
        if day >= starts_on:
            line.period.add(currency, sign * amount)


def _cents(pair: Pair) -> None:
    pair.eur = pair.eur.quantize(CENT, ROUND_HALF_UP)
    pair.pln = pair.pln.quantize(CENT, ROUND_HALF_UP)


def interim_report(*, programme: Any, year: int, semester: int) -> InterimReport:
    """The IFR of the programme for the half-year (no scope check: the ministry's report)."""
    starts_on, ends_on = rules.semester_bounds(year, semester)
    sources = []
    names = {rules.LOAN: _("Loan disbursements"), rules.COUNTERPART: _("Government counterpart")}
    for source in rules.SOURCES:
        line = ReportLine(source, str(names[source]))
        _sum_into(
            line,
            source_entries(programme, ends_on).filter(account__line=source),
            starts_on,
            sign=-1,
        )
        sources.append(line)
    uses = []
    by_component = {
        c.pk: c for c in Component.objects.filter(programme=programme).order_by("order", "code")
    }
    payments = component_entries(programme, ends_on)
    for component in by_component.values():
        line = ReportLine(component.code, component.name, budget_eur=component.budget_eur)
        _sum_into(
            line, payments.filter(account__reference=f"finance.component:{component.pk}"), starts_on
        )
        if component.code == rules.GMINA_COMPONENT:
            _sum_into(line, gmina_component_entries(programme, ends_on), starts_on)
        uses.append(line)
    if not any(c.code == rules.GMINA_COMPONENT for c in by_component.values()):
        line = ReportLine(rules.GMINA_COMPONENT, "")
        _sum_into(line, gmina_component_entries(programme, ends_on), starts_on)
        uses.append(line)
    for line in sources + uses:
        _cents(line.period)
        _cents(line.cumulative)
    return InterimReport(
        programme=programme,
        year=year,
        semester=semester,
        starts_on=starts_on,
        ends_on=ends_on,
        sources=sources,
        uses=uses,
        rates=_rates(programme, starts_on, ends_on),
    )


def _rates(programme: Any, starts_on: dt.date, ends_on: dt.date) -> list[RateUsed]:
    """The rates of the period's conversions: each transfer's tranche and each funding."""
    used = [
        RateUsed(
            day=t.transferred_on or starts_on,
            what=f"{t.gmina.name}: {t.year}/{t.number}",
            eur=t.eur_equivalent or ZERO,
            pln=t.amount_pln or ZERO,
            rate=t.rate or ZERO,
            table=t.rate_table_no,
        )
        for t in Tranche.objects.filter(
            programme=programme,
            status=Tranche.Status.TRANSFERRED,
            transferred_on__range=(starts_on, ends_on),
        ).select_related("gmina")
    ]
    conversions: dict[int, Pair] = defaultdict(Pair)
    documents: dict[int, tuple[dt.date, str, str]] = {}
    for rows, sign in (
        (source_entries(programme, ends_on), -1),
        (component_entries(programme, ends_on), 1),
    ):
        for tx, day, document, description, currency, amount in rows.filter(
            transaction__value_date__gte=starts_on
        ).values_list(
            "transaction_id",
            "transaction__value_date",
            "transaction__document",
            "transaction__description",
            "currency",
            "amount",
        ):
            conversions[tx].add(currency, sign * amount)
            documents[tx] = (day, document, description)
    for tx, pair in conversions.items():
        day, document, description = documents[tx]
        used.append(
            RateUsed(
                day=day,
                what=document,
                eur=pair.eur,
                pln=pair.pln,
                rate=pair.rate or ZERO,
                table=description.rsplit(" ", 1)[-1] if " " in description else "",
            )
        )
    return sorted(used, key=lambda r: (r.day, r.what))


# The programme report -------------------------------------------------------------------------


@dataclass
class RegionFigures:
    """One voivodeship: EUR allocated and transferred per line, PLN received (and its EUR),
    PLN committed and paid on the gminas' contracts."""

    teryt: str
    name: str
    allocated_eur: dict[str, Decimal] = field(
        default_factory=lambda: {"services": ZERO, "training": ZERO}
    )
    transferred_eur: dict[str, Decimal] = field(
        default_factory=lambda: {"services": ZERO, "training": ZERO}
    )
    received_pln: Decimal = ZERO
    received_eur: Decimal = ZERO
    committed_pln: Decimal = ZERO
    paid_pln: Decimal = ZERO

    @property
    def available_pln(self) -> Decimal:
        return self.received_pln - self.paid_pln


def programme_report(*, user: Any, programme: Any, until: dt.date) -> list[RegionFigures]:
    """Per voivodeship the user may read reports of, its gminas' money up to `until`."""
    # The allocation is the published plan of amounts, shown whatever the day; money moved counts
    # up to `until`.
    found = (
        _entries(programme, dt.date.max)
        .filter(Q(transaction__value_date__lte=until) | Q(movement=M.ALLOCATION))
        .exclude(account__teryt="")
        .values_list(
            "account__teryt", "account__kind", "account__line", "currency", "movement", "amount"
        )
    )
    regions: dict[str, RegionFigures] = {}
    names = dict(
        Territory.objects.filter(level=Territory.Level.VOIVODESHIP).values_list("teryt", "name")
    )
    allowed: dict[str, bool] = {}
    for teryt, kind, line, currency, movement, amount in found:
        code = teryt[:2]
        if teryt not in allowed:
            allowed[teryt] = can_view_reports_at(user, teryt)
        if not allowed[teryt]:
            continue
        region = regions.setdefault(code, RegionFigures(code, names.get(code, code)))
        _add(region, kind, line, currency, movement, amount)
    for region in regions.values():
        for lines in (region.allocated_eur, region.transferred_eur):
            for key in lines:
                lines[key] = lines[key].quantize(CENT, ROUND_HALF_UP)
        for name in ("received_pln", "received_eur", "committed_pln", "paid_pln"):
            setattr(region, name, getattr(region, name).quantize(CENT, ROUND_HALF_UP))
    return [regions[code] for code in sorted(regions)]


def _add(
    region: RegionFigures, kind: str, line: str, currency: str, movement: str, amount: Decimal
) -> None:
    if kind == Account.Kind.LINE and line in region.allocated_eur:
        if movement == M.ALLOCATION:
            region.allocated_eur[line] += amount
        elif movement == M.TRANSFER:
            region.transferred_eur[line] -= amount
    elif kind == Account.Kind.GMINA and movement in (M.TRANSFER, M.EXCHANGE_DIFFERENCE):
        if currency == "PLN":
            region.received_pln += amount
        else:
            region.received_eur += amount
    elif kind == Account.Kind.CONTRACT and currency == "PLN":
        if movement == M.COMMITMENT:
            region.committed_pln += amount
        elif movement in (M.PAYMENT, M.REFUND):
            region.paid_pln += amount
