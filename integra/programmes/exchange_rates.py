"""Exchange rates (NBP table A mid rates, or ECB reference rates) and currency conversion.

Every conversion keeps the rate, the table number and date, and the source it used; a missing
rate is an error (RateMissing), never a silent fallback to another day or source.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integra.audit.services import RequestContext, record_event
from integra.core.errors import DomainError
from integra.core.money import Money
from integra.programmes.rate_files import NBP_TABLE_A, parse_rate_file


class ExchangeRate(models.Model):
    """PLN per one unit of a currency, as published in one table on one day."""

    class Source(models.TextChoices):
        NBP_A = NBP_TABLE_A, gettext_lazy("NBP table A (mid rate)")
        ECB = "ECB", gettext_lazy("ECB reference rate")

    source = models.CharField(gettext_lazy("source"), max_length=8, choices=Source.choices)
    currency = models.CharField(gettext_lazy("currency"), max_length=3)
    effective_on = models.DateField(gettext_lazy("table date"))
    table_no = models.CharField(gettext_lazy("table number"), max_length=20, blank=True)
    mid = models.DecimalField(gettext_lazy("rate (PLN per unit)"), max_digits=14, decimal_places=8)

    class Meta:
        app_label = "programmes"
        ordering = ["source", "currency", "effective_on"]
        verbose_name = gettext_lazy("exchange rate")
        verbose_name_plural = gettext_lazy("exchange rates")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "currency", "effective_on"],
                name="programmes_exchangerate_one_per_day",
            ),
            models.CheckConstraint(
                condition=models.Q(mid__gt=0), name="programmes_exchangerate_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.currency} {self.effective_on} {self.mid} ({self.table_no or self.source})"


class RateMissing(DomainError):
    code = "rate_missing"
    status = 422


@dataclass(frozen=True)
class Conversion:
    """A converted amount with everything needed to reproduce it."""

    original: Money
    converted: Money
    rate: Decimal
    table_no: str
    table_on: dt.date
    source: str


def find_rate(
    *,
    currency: str,
    operation_on: dt.date | None = None,
    table_on: dt.date | None = None,
    source: str = NBP_TABLE_A,
) -> ExchangeRate:
    """The rate of the named table date, or (default rule) of the last table published before the
    operation date — at most INTEGRA_RATE_MAX_AGE_DAYS earlier. RateMissing otherwise."""
    rates = ExchangeRate.objects.filter(source=source, currency=currency)
    if table_on is not None:
        rate = rates.filter(effective_on=table_on).first()
        if rate is None:
            raise RateMissing(
                _("no %(source)s rate of %(currency)s for the table of %(day)s")
                % {"source": source, "currency": currency, "day": table_on}
            )
        return rate
    if operation_on is None:
        raise RateMissing(_("give an operation date or a table date"))
    oldest = operation_on - dt.timedelta(days=settings.INTEGRA_RATE_MAX_AGE_DAYS)
    rate = (
        rates.filter(effective_on__lt=operation_on, effective_on__gte=oldest)
        .order_by("-effective_on")
        .first()
    )
    if rate is None:
        raise RateMissing(
            _(
                "no %(source)s rate of %(currency)s in the %(days)s days before %(day)s: "
                "import the tables of that period"
            )
            % {
                "source": source,
                "currency": currency,
                "days": settings.INTEGRA_RATE_MAX_AGE_DAYS,
                "day": operation_on,
            }
        )
    return rate


def convert(
    amount: Money,
    *,
    to: str,
    operation_on: dt.date | None = None,
    table_on: dt.date | None = None,
    source: str = NBP_TABLE_A,
) -> Conversion:
    """Convert between PLN and a foreign currency, rounding half-up to the cent."""
    if amount.currency == to:
        raise RateMissing(_("nothing to convert: both currencies are %(c)s") % {"c": to})
    foreign = to if amount.currency == "PLN" else amount.currency
    if "PLN" not in (amount.currency, to):
        raise RateMissing(
            _("conversions go through PLN: convert %(a)s to PLN first") % {"a": amount.currency}
        )
    rate = find_rate(currency=foreign, operation_on=operation_on, table_on=table_on, source=source)
    value = amount.amount * rate.mid if to == "PLN" else amount.amount / rate.mid
    return Conversion(
        amount, Money(value, to).rounded(), rate.mid, rate.table_no, rate.effective_on, rate.source
    )


@dataclass
class RatesImported:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@transaction.atomic
def import_exchange_rates(
    *,
    actor: Any,
    paths: list[str | Path],
    currencies: set[str],
    context: RequestContext | None = None,
) -> RatesImported:
    """Read every file first (all-or-nothing across files), then upsert the rates."""
    records = [record for path in paths for record in parse_rate_file(path, currencies)]
    existing = {
        (r.source, r.currency, r.effective_on): r
        for r in ExchangeRate.objects.filter(currency__in=currencies)
    }
    summary = RatesImported()
    new, changed = {}, []
    for record in records:
        key = (record.source, record.currency, record.effective_on)
        current = existing.get(key)
        if current is None:
            new[key] = ExchangeRate(
                source=record.source,
                currency=record.currency,
                effective_on=record.effective_on,
                table_no=record.table_no,
                mid=record.mid,
            )
        elif (current.mid, current.table_no) != (record.mid, record.table_no):
            current.mid, current.table_no = record.mid, record.table_no
            changed.append(current)
        else:
            summary.unchanged += 1
    ExchangeRate.objects.bulk_create(new.values(), batch_size=1000)
    ExchangeRate.objects.bulk_update(changed, ["mid", "table_no"], batch_size=1000)
    summary.created, summary.updated = len(new), len(changed)
    if summary.created or summary.updated:
        record_event(
            actor=actor,
            action="programmes.exchange_rate.imported",
            context=context,
            changes={
                "files": [Path(p).name for p in paths],
                "created": summary.created,
                "updated": summary.updated,
            },
        )
    return summary
