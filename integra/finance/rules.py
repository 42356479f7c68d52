"""Pure rules of the finance app (no queries, no I/O): the limits of its fields, the checks of a
component and of a procurement-plan item (every problem at once, each at its field), the split
of a tranche's EUR across the allocation lines and the days of delay of a procurement step."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from stdnum.exceptions import ValidationError
from stdnum.pl import nip as stdnum_nip

from integra.core.errors import Problem
from integra.core.money import MAX_AMOUNT
from integra.core.periods import date_problem
from integra.core.text import is_clean_line, is_clean_text

CENT = Decimal("0.01")
CODE_LENGTH = 10
NAME_LENGTH = 200
REFERENCE_LENGTH = 40
DESCRIPTION_LENGTH = 2000
COMMENT_LENGTH = 1000

# The World Bank's procurement and selection methods (codes stable; labels on the model).
METHODS = ("shopping", "ncb", "icb", "qcbs", "cqs", "ic", "dc", "cpp")
REVIEWS = ("prior", "post")
STATUSES = ("planned", "in_progress", "contracted", "completed", "cancelled")
# The steps of a procurement whose planned and actual dates the plan follows, in order.
STEPS = ("invitation", "opening", "evaluation", "signature", "completion")


@dataclass
class ComponentInput:
    code: str
    name: str
    budget_eur: Decimal
    order: int = 0


@dataclass
class ItemInput:
    reference: str
    description: str
    method: str
    review: str
    estimated_cost_eur: Decimal
    status: str = "planned"
    planned: dict[str, dt.date | None] = field(default_factory=dict)
    actual: dict[str, dt.date | None] = field(default_factory=dict)
    comment: str = ""


def _amount_problem(amount: Decimal, name: str, *, positive: bool) -> Problem | None:
    if not isinstance(amount, Decimal) or not amount.is_finite():
        return Problem(_("Enter an amount in EUR, for example 2 190 000,00."), field=name)
    if amount != amount.quantize(CENT):
        return Problem(_("An amount has at most two decimal places."), field=name)
    if (amount <= 0 if positive else amount < 0) or amount > MAX_AMOUNT:
        return Problem(
            _("Enter a positive amount in EUR.")
            if positive
            else _("The amount may not be negative."),
            field=name,
        )
    return None


def _line_problem(value: str, name: str, limit: int, *, required: bool = True) -> Problem | None:
    if required and not value.strip():
        return Problem(_("Fill in this field."), field=name)
    if len(value) > limit:
        return Problem(
            _("At most %(limit)s characters (now %(length)s).")
            % {"limit": limit, "length": len(value)},
            field=name,
        )
    if not is_clean_line(value):
        return Problem(_("Remove control characters and line breaks from the text."), field=name)
    return None


def component_problems(data: ComponentInput) -> list[Problem]:
    """Every problem of a component's input: a code (A, B1, …), a name, a budget ≥ 0."""
    problems = [
        _line_problem(data.code, "code", CODE_LENGTH),
        _line_problem(data.name, "name", NAME_LENGTH),
        _amount_problem(data.budget_eur, "budget_eur", positive=False),
    ]
    if not 0 <= data.order <= 999:
        problems.append(Problem(_("The order is a number from 0 to 999."), field="order"))
    return [p for p in problems if p is not None]


def _step_problems(dates: dict[str, dt.date | None], prefix: str) -> list[Problem]:
    problems = []
    previous: tuple[str, dt.date] | None = None
    for step in STEPS:
        day = dates.get(step)
        if day is None:
            continue
        if (problem := date_problem(day)) is not None:
            problems.append(Problem(problem, field=f"{prefix}_{step}"))
            continue
        if previous is not None and day < previous[1]:
            problems.append(
                Problem(
                    _("This step cannot come before the previous one (%(day)s).")
                    % {"day": previous[1].strftime("%d.%m.%Y")},
                    field=f"{prefix}_{step}",
                )
            )
        previous = (step, day)
    return problems


def item_problems(data: ItemInput, today: dt.date) -> list[Problem]:
    """Every problem of a procurement-plan item: its texts, a method and review of the lists, a
    positive estimate, the dates of the steps in order (planned and actual each), no actual date
    after today, and an actual date for every step a completed procurement went through."""
    problems = [
        _line_problem(data.reference, "reference", REFERENCE_LENGTH),
        _amount_problem(data.estimated_cost_eur, "estimated_cost_eur", positive=True),
    ]
    if not data.description.strip():
        problems.append(Problem(_("Describe what is procured."), field="description"))
    elif len(data.description) > DESCRIPTION_LENGTH or not is_clean_text(data.description):
        problems.append(
            Problem(
                _("At most %(limit)s characters, without control characters.")
                % {"limit": DESCRIPTION_LENGTH},
                field="description",
            )
        )
    if len(data.comment) > COMMENT_LENGTH or not is_clean_text(data.comment):
        problems.append(
            Problem(
                _("At most %(limit)s characters, without control characters.")
                % {"limit": COMMENT_LENGTH},
                field="comment",
            )
        )
    if data.method not in METHODS:
        problems.append(Problem(_("Choose a procurement method from the list."), field="method"))
    if data.review not in REVIEWS:
        problems.append(Problem(_("Choose prior or post review."), field="review"))
    if data.status not in STATUSES:
        problems.append(Problem(_("Choose a status from the list."), field="status"))
    problems += _step_problems(data.planned, "planned")
    problems += _step_problems(data.actual, "actual")
    for step in STEPS:
        day = data.actual.get(step)
        if day is not None and day > today:
            problems.append(
                Problem(_("An actual date cannot lie in the future."), field=f"actual_{step}")
            )
    if data.status == "completed" and data.actual.get("completion") is None:
        problems.append(
            Problem(
                _("A completed procurement needs its actual completion date."),
                field="actual_completion",
            )
        )
    return [p for p in problems if p is not None]


def delay_days(planned: dt.date | None, actual: dt.date | None, today: dt.date) -> int | None:
    """Days a step is late: actual − planned once done; today − planned while not done and
    overdue (0 when not yet due); None without a planned date."""
    if planned is None:
        return None
    if actual is not None:
        return (actual - planned).days
    return max((today - planned).days, 0)


def line_shares(amount: Decimal, before: Decimal, lines: dict[str, Decimal]) -> dict[str, Decimal]:
    """How `amount` EUR of a transfer splits across the allocation lines, in proportion to the
    lines, when `before` EUR were transferred already: each line's share of the running total
    less its share of what came before (half-up to the cent), so that the shares always add up
    to `amount` and the last transfer brings every line to its total exactly."""
    total = sum(lines.values(), Decimal(0))
    if total <= 0:
        return {}
    names = sorted(lines)
    shares: dict[str, Decimal] = {}
    for name in names[1:]:
        after = (lines[name] * (before + amount) / total).quantize(CENT, ROUND_HALF_UP)
        earlier = (lines[name] * before / total).quantize(CENT, ROUND_HALF_UP)
        shares[name] = after - earlier
    shares[names[0]] = amount - sum(shares.values(), Decimal(0))
    return shares


# Payments, invoices, refunds ------------------------------------------------------------------

INVOICE_NUMBER_LENGTH = 40
REASON_LENGTH = COMMENT_LENGTH
PAYMENT_KINDS = ("advance", "instalment", "final")
# The fields of an invoice recorded with its payment (one form) carry this prefix.
INVOICE_PREFIX = "invoice_"
INVOICE_LINES = ("services", "training")


@dataclass
class InvoiceInput:
    number: str
    issued_on: dt.date | None
    issuer_nip: str
    amount_pln: Decimal | None
    eligible_pln: Decimal | None
    line: str = "services"


@dataclass
class PaymentInput:
    kind: str
    amount_pln: Decimal | None
    instalment_id: int | None = None
    # A new invoice recorded with the payment (one form), or existing invoices by id with the
    # part of the payment each carries.
    invoice: InvoiceInput | None = None
    invoice_parts: tuple[tuple[int, Decimal], ...] = ()


def nip_digits(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())


def _pln_problem(amount: Decimal | None, name: str, *, positive: bool = True) -> Problem | None:
    if amount is None or not isinstance(amount, Decimal) or not amount.is_finite():
        return Problem(_("Enter an amount in PLN, for example 1 859,76."), field=name)
    if amount != amount.quantize(CENT):
        return Problem(_("An amount has at most two decimal places."), field=name)
    if (amount <= 0 if positive else amount < 0) or amount > MAX_AMOUNT:
        return Problem(
            _("Enter an amount above zero.") if positive else _("The amount may not be negative."),
            field=name,
        )
    return None


def invoice_problems(data: InvoiceInput, *, prefix: str = "") -> list[Problem]:
    """Every problem of an invoice: a number, a date, the issuer's valid NIP (checksum), an
    amount above zero and an eligible part not above it, a line of the two."""
    problems = [
        _line_problem(data.number, f"{prefix}number", INVOICE_NUMBER_LENGTH),
        _pln_problem(data.amount_pln, f"{prefix}amount_pln"),
        _pln_problem(data.eligible_pln, f"{prefix}eligible_pln", positive=False),
    ]
    if data.issued_on is None:
        problems.append(Problem(_("Enter the invoice date."), field=f"{prefix}issued_on"))
    elif (problem := date_problem(data.issued_on)) is not None:
        problems.append(Problem(problem, field=f"{prefix}issued_on"))
    digits = nip_digits(data.issuer_nip)
    try:
        stdnum_nip.validate(digits)
    except ValidationError:
        problems.append(
            Problem(
                _("Enter the issuer's NIP: 10 digits with a valid check digit."),
                field=f"{prefix}issuer_nip",
            )
        )
    if (
        isinstance(data.amount_pln, Decimal)
        and isinstance(data.eligible_pln, Decimal)
        and data.amount_pln.is_finite()
        and data.eligible_pln.is_finite()
        and data.eligible_pln > data.amount_pln
    ):
        problems.append(
            Problem(
                _("The eligible part cannot exceed the invoice amount."),
                field=f"{prefix}eligible_pln",
            )
        )
    if data.line not in INVOICE_LINES:
        problems.append(
            Problem(_("Choose the services or the training line."), field=f"{prefix}line")
        )
    return [p for p in problems if p is not None]


def payment_problems(data: PaymentInput) -> list[Problem]:
    """Every problem of a payment's input alone (the limits of the contract, the invoice and the
    gmina's money are the service's, under its locks)."""
    problems = [_pln_problem(data.amount_pln, "amount_pln")]
    if data.kind not in PAYMENT_KINDS:
        problems.append(Problem(_("Choose the kind of payment."), field="kind"))
    if data.kind == "instalment" and data.instalment_id is None:
        problems.append(
            Problem(_("Choose the instalment of the contract's schedule."), field="instalment")
        )
    if data.kind != "advance" and data.invoice is None and not data.invoice_parts:
        problems.append(
            Problem(
                _("An instalment or the final payment is made against an invoice."),
                field="invoice_number",
            )
        )
    if data.invoice is not None:
        problems += invoice_problems(data.invoice, prefix=INVOICE_PREFIX)
    return [p for p in problems if p is not None]


def refund_problems(amount: Decimal | None, day: dt.date | None, reason: str) -> list[Problem]:
    problems = [_pln_problem(amount, "amount_pln")]
    if day is None:
        problems.append(Problem(_("Enter the day the money came back."), field="received_on"))
    elif (problem := date_problem(day)) is not None:
        problems.append(Problem(problem, field="received_on"))
    if not reason.strip():
        problems.append(Problem(_("Say why the money comes back."), field="reason"))
    elif len(reason) > REASON_LENGTH or not is_clean_text(reason):
        problems.append(
            Problem(
                _("At most %(limit)s characters, without control characters.")
                % {"limit": REASON_LENGTH},
                field="reason",
            )
        )
    return [p for p in problems if p is not None]


# Annual settlement and the financial reports ---------------------------------------------------

SETTLEMENT_NOTE_LENGTH = 2000
CARRY_OVER, RETURN = "carry_over", "return"
DISPOSITIONS = (CARRY_OVER, RETURN)
FIRST_YEAR, LAST_YEAR = 2000, 2100
SEMESTERS = (1, 2)
# The loan's component that holds the gminas' money (DOMAIN.md §5: PIS services, B2); the
# interim financial report counts the transfers to gminas as its use of funds.
GMINA_COMPONENT = "B2"
# The sources of funds of the interim financial report (ledger account lines of the programme).
LOAN, COUNTERPART = "loan", "counterpart"
SOURCES = (LOAN, COUNTERPART)


@dataclass
class SettlementInput:
    disposition: str = CARRY_OVER
    explanation: str = ""


def settlement_problems(data: SettlementInput) -> list[Problem]:
    """The gmina's part of its settlement: what happens to the unspent rest (carried over to the
    next year — the default — or returned) and an explanation within its limit."""
    problems = []
    if data.disposition not in DISPOSITIONS:
        problems.append(
            Problem(_("Choose whether the rest is carried over or returned."), field="disposition")
        )
    if len(data.explanation) > SETTLEMENT_NOTE_LENGTH or not is_clean_text(data.explanation):
        problems.append(
            Problem(
                _("At most %(limit)s characters, without control characters.")
                % {"limit": SETTLEMENT_NOTE_LENGTH},
                field="explanation",
            )
        )
    return problems


def comment_problem(comment: str, field_name: str = "comment") -> Problem | None:
    """A reviewer's comment: required, within its limit, plain text."""
    if not comment.strip():
        return Problem(_("Say what is to be corrected."), field=field_name)
    if len(comment) > COMMENT_LENGTH or not is_clean_text(comment):
        return Problem(
            _("At most %(limit)s characters, without control characters.")
            % {"limit": COMMENT_LENGTH},
            field=field_name,
        )
    return None


def year_problem(year: int, field_name: str = "year") -> Problem | None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return Problem(
            _("Enter a year from %(first)s to %(last)s.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR},
            field=field_name,
        )
    return None


def semester_bounds(year: int, semester: int) -> tuple[dt.date, dt.date]:
    """The first and last day of a half-year (1: January–June, 2: July–December)."""
    if semester == 1:
        return dt.date(year, 1, 1), dt.date(year, 6, 30)
    return dt.date(year, 7, 1), dt.date(year, 12, 31)


def apportion(amount: Decimal, weights: list[Decimal]) -> list[Decimal]:
    """`amount` split in proportion to `weights`, to the cent, by the largest remainder, so the
    parts always add up to `amount` exactly (all of it on the first part when the weights are
    zero)."""
    if not weights:
        return []
    total = sum(weights, Decimal(0))
    if total == 0:
        return [amount] + [Decimal("0.00")] * (len(weights) - 1)
    cents = int((amount / CENT).to_integral_value(ROUND_HALF_UP))
    sign = -1 if cents < 0 else 1
    exact = [abs(cents) * w / total for w in weights]
    floors = [int(x) for x in exact]
    rest = abs(cents) - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:rest]:
        floors[i] += 1
    return [(sign * f * CENT).quantize(CENT) for f in floors]


# Bank statements -------------------------------------------------------------------------------

# An uploaded statement: a month of a gmina's account is a few hundred lines, a few kilobytes
# each at most; the bounds refuse anything else before it is read.
STATEMENT_MAX_BYTES = 2 * 1024 * 1024
STATEMENT_MAX_LINES = 5000
STATEMENT_FORMATS = ("mt940", "csv")
ACCOUNT_LENGTH = 34  # an IBAN at most
COUNTERPARTY_LENGTH = 200
TITLE_LENGTH = 400
BANK_REFERENCE_LENGTH = 40
# A line matches a payment paid (or approved) within this many days of its value date.
MATCH_WINDOW_DAYS = 7


def account_digits(value: str) -> str:
    """An account number as written on a statement ("PL61 1090 …", "61109…", a NRB with
    dashes) reduced to PL and its 26 digits when it is a Polish one; other text compacted."""
    compact = "".join(ch for ch in value.upper() if ch.isalnum())
    digits = compact.removeprefix("PL")
    if len(digits) == 26 and digits.isdigit():
        return f"PL{digits}"
    return compact[:ACCOUNT_LENGTH]


def iban_of_bban(bank: str, account_number: str) -> str:
    """The Polish IBAN of a sort code (8 digits) and account number (16 digits) given apart, as
    ZBP's ~30 and ~31 carry them: the check digits computed by ISO 13616 (mod 97)."""
    bban = f"{bank}{account_number}"
    if len(bban) != 24 or not bban.isdigit():
        return ""
    check = 98 - int(f"{bban}252100") % 97
    return f"PL{check:02d}{bban}"
