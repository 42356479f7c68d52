"""The consultant's portfolio board: when a light turns amber or red (pure, no queries).

Every light is one of four states, each with a word (the board never speaks by colour alone):
`bad` (red: act now), `warn` (amber: watch), `ok` (green) and `none` (nothing to judge yet).
The thresholds are named here once; the selectors, the page, the export and the API read them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

BAD, WARN, OK, NONE = "bad", "warn", "ok", "none"
STATES = (BAD, WARN, OK, NONE)
# Sorting puts what needs action first.
SEVERITY = {BAD: 0, WARN: 1, OK: 2, NONE: 3}

# A round is late when its offers' deadline passed this many days ago and its results are still
# not published (or not cancelled); an approved plan is late to procurement when no round was
# built from it this many days after its approval.
ROUND_RESULTS_DAYS = 30
ROUND_START_DAYS = 60
# A contract whose final report was accepted this many days ago and is still not settled.
SETTLEMENT_DAYS = 45
# Spending (paid against the allocation) lagging the share of the programme's time gone by more
# than these shares of the allocation: amber, then red. Not judged in the first months.
SPENDING_WARN_LAG = Decimal("0.15")
SPENDING_BAD_LAG = Decimal("0.30")
SPENDING_GRACE = Decimal("0.10")
HUNDRED = Decimal(100)


def time_share(starts_on: dt.date, ends_on: dt.date, as_of: dt.date) -> Decimal:
    """The share (0–1) of the programme's days gone by on `as_of`, the last day counted."""
    days = (ends_on - starts_on).days + 1
    gone = (min(max(as_of, starts_on - dt.timedelta(days=1)), ends_on) - starts_on).days + 1
    return (Decimal(gone) / Decimal(days)).quantize(Decimal("0.0001")) if days > 0 else Decimal(1)


def spending_state(paid_share: Decimal | None, time_gone: Decimal) -> str:
    """None paid share (no allocation): nothing to judge. Early in the programme: nothing yet."""
    if paid_share is None or time_gone < SPENDING_GRACE:
        return NONE
    lag = time_gone - paid_share
    if lag > SPENDING_BAD_LAG:
        return BAD
    if lag > SPENDING_WARN_LAG:
        return WARN
    return OK


def plan_due_on(year: int, due: str) -> dt.date:
    """The day a year's plan is due (`INTEGRA_PLAN_DUE`, "MM-DD")."""
    month, day = (int(part) for part in due.split("-"))
    return dt.date(year, month, day)
