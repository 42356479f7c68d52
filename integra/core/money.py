"""Money: a Decimal amount with its currency; rounding is always explicit."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

CENT = Decimal("0.01")
# What a DecimalField(max_digits=18, decimal_places=2) holds: sixteen digits before the point.
MAX_AMOUNT = Decimal("9999999999999999.99")
# Digits, an optional sign, one decimal separator (point or comma), spaces between thousands;
# never an exponent ("1e400" would make a number no column holds, or no number at all).
_AMOUNT = re.compile(r"^[-+]?\d{1,3}(?:[ \u00a0]?\d{3})*(?:[.,]\d+)?$|^[-+]?\d+(?:[.,]\d+)?$")


class AmountInvalid(ValueError):
    """Text that is not an amount a money column can hold; the message says why."""


def parse_amount(text: str, *, places: int = 2, maximum: Decimal = MAX_AMOUNT) -> Decimal:
    """The amount written in `text` ("1 234,56", "-5.5", "1234"), or AmountInvalid: no
    exponent, at most `places` decimals, within ±`maximum`."""
    cleaned = text.strip()
    if len(cleaned) > 40 or not _AMOUNT.match(cleaned):
        raise AmountInvalid(_("%(text)s is not an amount") % {"text": repr(cleaned[:40])})
    amount = Decimal(cleaned.replace(" ", "").replace("\u00a0", "").replace(",", "."))
    if -amount.as_tuple().exponent > places:  # type: ignore[operator]
        raise AmountInvalid(
            _("an amount has at most %(places)s decimal places") % {"places": places}
        )
    if abs(amount) > maximum:
        raise AmountInvalid(_("an amount may not exceed %(max)s") % {"max": maximum})
    return amount


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        if not isinstance(self.amount, Decimal):
            raise TypeError("money amounts are Decimal, never float")
        if len(self.currency) != 3 or not self.currency.isupper():
            raise ValueError(f"not an ISO 4217 code: {self.currency!r}")

    def rounded(self, exponent: Decimal = CENT) -> Money:
        """Half-up to the cent (the rule of Polish accounting), unless told otherwise."""
        return Money(self.amount.quantize(exponent, rounding=ROUND_HALF_UP), self.currency)

    def __add__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.amount - other.amount, self.currency)

    def _same_currency(self, other: Money) -> None:
        if other.currency != self.currency:
            raise ValueError(f"cannot mix {self.currency} and {other.currency}")

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"
