"""Reads of programmes and participations for pages and the API, within the reader's scope; the
exchange rates and the conversions made with them.

Every conversion keeps the rate, the table number and date, and the source it used; a missing
rate is an error (RateMissing), never a silent fallback to another day or source.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from integra.core.collation import polish
from integra.core.errors import DomainError
from integra.core.money import Money
from integra.programmes.models import NBP_TABLE_A, ExchangeRate, Participation


def list_participations(
    *,
    user: Any,
    programme: str | None = None,
    voivodeship: str | None = None,
    status: str | None = None,
) -> QuerySet[Participation]:
    """Participations visible to the user by programme code, then gmina TERYT; filtered by
    programme code, voivodeship TERYT (two digits) and status."""
    participations = Participation.objects.visible_to(user).select_related(
        "programme", "gmina__parent__parent"
    )
    if programme:
        participations = participations.filter(programme__code=programme)
    if voivodeship:
        participations = participations.filter(gmina__teryt__startswith=voivodeship)
    if status:
        participations = participations.filter(status=status)
    return participations.order_by("programme__code", "gmina__teryt", "pk")


def get_participation(*, user: Any, participation_id: int) -> Participation:
    """One participation; Participation.DoesNotExist when absent or outside the user's scope, so
    that a caller cannot tell one from the other."""
    participation: Participation = (
        Participation.objects.visible_to(user)
        .select_related("programme", "gmina__parent__parent")
        .get(pk=participation_id)
    )
    return participation


def is_taking_part(*, programme: Any, gmina: Any) -> bool:
    """Whether the gmina takes part in the programme (any status but withdrawn)."""
    return (
        Participation.objects.filter(programme=programme, gmina=gmina)
        .exclude(status=Participation.Status.WITHDRAWN)
        .exists()
    )


def participations_of(*, gminas: Iterable[str]) -> QuerySet[Participation]:
    """The participations (not withdrawn) of the gminas with these TERYT codes, by gmina name."""
    return (
        Participation.objects.filter(gmina__teryt__in=list(gminas))
        .exclude(status=Participation.Status.WITHDRAWN)
        .select_related("programme", "gmina")
        .order_by(polish("gmina__name"), "gmina__teryt", "programme__code")
    )


# Exchange rates -----------------------------------------------------------------------------------


class RateMissing(DomainError):
    code = "rate_missing"
    status = 422


def missing_rate_message(day: dt.date) -> str:
    """What a person is told when no NBP rate precedes `day`: the day as offices write it, and
    whom to ask for the tables of which year (the rate of a day is of the day before)."""
    return _("No NBP rate for %(day)s — ask the administrator to load the tables of %(year)s.") % {
        "day": day.strftime("%d.%m.%Y"),
        "year": (day - dt.timedelta(days=1)).year,
    }


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
