"""Reading a bank statement file, validated whole before anything is written: every bad line is
reported with its line number (StatementRefused), nothing is guessed.

MT940 (the variant of the Polish Bank Association, ZBP): the tags are read by the `mt940`
library, one movement at a time so that a bad `:61:` names its own line instead of stopping the
file; the `:86:` details of ZBP are subfields the library does not know (`~00` the operation,
`~20`–`~25` the title, `~27`–`~29` and `~32`–`~33` the counterparty, `~30` its bank's sort code,
`~31` its account number, `~38` its IBAN, `~60`–`~63` more text; some banks write `<` instead of
`~`), so they are split here.

CSV (docs/howto/bank-statements.md): a header row, then `date;amount;account;counterparty;title`
— semicolons, the day as 2007-07-03 or 03.07.2007, the amount in PLN with a decimal comma,
negative for money out — as Polish Excel saves it (UTF-8 with or without BOM, or Windows-1250)."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from decimal import Decimal

import mt940
from django.utils.translation import gettext as _

from integra.core.errors import ImportRefused, Problem
from integra.core.money import MAX_AMOUNT, AmountInvalid, parse_amount
from integra.core.periods import date_problem
from integra.core.textfiles import ENCODINGS, csv_rows
from integra.finance import rules

# The library logs each failed tag pattern at debug level; a refused line is reported here.
logging.getLogger("mt940").setLevel(logging.WARNING)

TAG = re.compile(r"^:(?P<tag>\d{2}[A-Z]?):")
SUBFIELD = re.compile(r"[~<](\d{2})")
CSV_HEADERS = (
    ("data", "kwota", "rachunek", "kontrahent", "tytuł"),
    ("date", "amount", "account", "counterparty", "title"),
)


class StatementRefused(ImportRefused):
    """The file is not a statement that can be imported; nothing was written (422)."""

    code = "statement_invalid"
    status = 422


@dataclass(frozen=True)
class ParsedLine:
    file_line: int
    value_on: dt.date
    amount: Decimal
    currency: str
    booked_on: dt.date | None = None
    counterparty_account: str = ""
    counterparty_name: str = ""
    title: str = ""
    bank_reference: str = ""
    key: str = ""


@dataclass
class ParsedStatement:
    format: str
    account: str
    currency: str = "PLN"
    number: str = ""
    opening_balance: Decimal | None = None
    closing_balance: Decimal | None = None
    lines: list[ParsedLine] = field(default_factory=list)

    @property
    def starts_on(self) -> dt.date:
        return min(line.value_on for line in self.lines)

    @property
    def ends_on(self) -> dt.date:
        return max(line.value_on for line in self.lines)


def decode(raw: bytes) -> str:
    """The file's text: UTF-8 (a BOM allowed) or Windows-1250, as Polish banks and Excel save."""
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise StatementRefused("", [Problem(_("The file is neither UTF-8 nor Windows-1250 text."))])


def digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def parse_statement(raw: bytes, *, fmt: str, name: str, account: str = "") -> ParsedStatement:
    """The statement in `raw` (`fmt` mt940 or csv; `account` the gmina's account of a CSV file)
    with each line's key; StatementRefused lists every problem with its line."""
    text = decode(raw).replace("\r\n", "\n").replace("\r", "\n")
    if fmt == "mt940":
        parsed, problems = _mt940(text)
    else:
        parsed, problems = _csv(text, name=name, account=account)
    if not problems and not parsed.lines:
        problems.append(Problem(_("The file holds no movement of the account.")))
    if len(parsed.lines) > rules.STATEMENT_MAX_LINES:
        problems.append(
            Problem(
                _("A statement may hold at most %(limit)s movements; split the file.")
                % {"limit": rules.STATEMENT_MAX_LINES}
            )
        )
    if problems:
        raise StatementRefused(name, problems)
    parsed.lines = _keyed(parsed.account, parsed.lines)
    return parsed


def _keyed(account: str, lines: list[ParsedLine]) -> list[ParsedLine]:
    """Each line's key: what it says and how many identical lines came before it in the file,
    so a later statement repeating a movement is recognised, and two equal movements are not
    taken for one."""
    seen: Counter[str] = Counter()
    keyed = []
    for line in lines:
        said = "|".join(
            str(part)
            for part in (
                account,
                line.value_on,
                line.amount,
                line.currency,
                line.counterparty_account,
                line.title,
                line.bank_reference,
            )
        )
        seen[said] += 1
        key = hashlib.sha256(f"{said}|{seen[said]}".encode()).hexdigest()
        keyed.append(replace(line, key=key))
    return keyed


# MT940 ------------------------------------------------------------------------------------------


def _tags(text: str) -> list[tuple[int, str, str]]:
    """(line number, tag, value with its continuation lines) of every tag of the file."""
    tags: list[tuple[int, str, str]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        found = TAG.match(line)
        if found:
            tags.append((number, found["tag"], line[found.end() :]))
        elif tags and line.strip() and line.strip() != "-":
            start, tag, value = tags[-1]
            tags[-1] = (start, tag, f"{value}\n{line}")
    return tags


def _header(tags: list[tuple[int, str, str]], problems: list[Problem]) -> ParsedStatement:
    accounts = {value.strip().lstrip("/") for _n, tag, value in tags if tag == "25"}
    if len(accounts) != 1:
        problems.append(
            Problem(_("The file must name one account in its :25: tag."), field="account")
        )
    first = {tag: (number, value) for number, tag, value in reversed(tags)}
    last = {tag: (number, value) for number, tag, value in tags}
    statement = ParsedStatement(
        format="mt940",
        account=rules.account_digits(next(iter(accounts), "")),
        number=first.get("28C", (0, ""))[1].strip()[:40],
    )
    for tags_of, names, attribute in (
        (first, ("60F", "60M"), "opening_balance"),
        (last, ("62F", "62M"), "closing_balance"),
    ):
        for name in names:
            if name in tags_of:
                number, value = tags_of[name]
                balance = _balance(f":{name}:{value}", number, problems)
                if balance is not None:
                    statement.currency = balance.currency
                    setattr(statement, attribute, balance.amount)
                break
        else:
            problems.append(
                Problem(_("The file has no :60F: and :62F: balances."), field="balance")
            )
    return statement


def _balance(text: str, number: int, problems: list[Problem]) -> mt940.models.Amount | None:
    try:
        parsed = mt940.parse(text)
        balance = next(iter(parsed.data.values()))
        return balance.amount  # type: ignore[no-any-return]
    except Exception:
        problems.append(Problem(_("The balance cannot be read."), line=number))
        return None


def _mt940(text: str) -> tuple[ParsedStatement, list[Problem]]:
    problems: list[Problem] = []
    tags = _tags(text)
    if not any(tag == "20" for _n, tag, _v in tags):
        problems.append(Problem(_("This is not an MT940 statement (no :20: tag).")))
        return ParsedStatement(format="mt940", account=""), problems
    statement = _header(tags, problems)
    for index, (number, tag, value) in enumerate(tags):
        if tag != "61":
            continue
        details = tags[index + 1][2] if index + 1 < len(tags) and tags[index + 1][1] == "86" else ""
        line = _movement(number, value, details, statement.currency, problems)
        if line is not None:
            statement.lines.append(line)
    return statement, problems


def _movement(
    number: int, value: str, details: str, currency: str, problems: list[Problem]
) -> ParsedLine | None:
    """One `:61:` (with its `:86:`) through the library; a problem at its line if it fails."""
    try:
        parsed = mt940.parse(f":20:X\n:60F:C000101{currency}0,00\n:61:{value}\n")
        movement = parsed.transactions[0].data
        amount = movement["amount"].amount
        value_on = dt.date(movement["date"].year, movement["date"].month, movement["date"].day)
    except Exception:
        problems.append(
            Problem(_("The movement (:61:) cannot be read: its date or amount."), line=number)
        )
        return None
    if (problem := date_problem(value_on)) is not None:
        problems.append(Problem(problem, line=number, field="value_on"))
        return None
    if amount == 0 or abs(amount) > MAX_AMOUNT:
        problems.append(Problem(_("The amount is zero or too large."), line=number))
        return None
    entry = movement.get("entry_date")
    subfields = zbp_details(details)
    return ParsedLine(
        file_line=number,
        value_on=value_on,
        booked_on=dt.date(entry.year, entry.month, entry.day) if entry else None,
        amount=Decimal(amount).quantize(rules.CENT),
        currency=currency,
        bank_reference=(movement.get("bank_reference") or "")[: rules.BANK_REFERENCE_LENGTH],
        **subfields,
    )


def zbp_details(details: str) -> dict[str, str]:
    """Counterparty account, name and title from a ZBP `:86:` (structured or free text)."""
    joined = "".join(part.rstrip("\r") for part in details.split("\n"))
    pieces = SUBFIELD.split(joined)
    if len(pieces) < 3:
        return {"title": _clip(joined.strip(), rules.TITLE_LENGTH)}
    fields: dict[str, str] = {}
    for code, content in zip(pieces[1::2], pieces[2::2], strict=True):
        fields[code] = fields.get(code, "") + content
    title = "".join(fields.get(code, "") for code in ("20", "21", "22", "23", "24", "25"))
    name = "".join(fields.get(code, "") for code in ("27", "28")) or "".join(
        fields.get(code, "") for code in ("32", "33")
    )
    account = rules.account_digits(fields.get("38", ""))
    if not account:
        account = rules.iban_of_bban(fields.get("30", "").strip(), fields.get("31", "").strip())
    return {
        "title": _clip(title.strip(), rules.TITLE_LENGTH),
        "counterparty_name": _clip(name.strip(), rules.COUNTERPARTY_LENGTH),
        "counterparty_account": account,
    }


def _clip(text: str, limit: int) -> str:
    # A bank's own text: kept to the column's width, never a reason to refuse the statement.
    return " ".join(text.split())[:limit]


# CSV --------------------------------------------------------------------------------------------


def _csv(text: str, *, name: str, account: str) -> tuple[ParsedStatement, list[Problem]]:
    problems: list[Problem] = []
    statement = ParsedStatement(format="csv", account=rules.account_digits(account))
    if not statement.account:
        problems.append(
            Problem(
                _("Enter the account of the statement (a CSV file does not name it)."),
                field="account",
            )
        )
    rows = [
        (number, cells)
        for number, cells in csv_rows(text, name=name, delimiter=";")
        if any(c.strip() for c in cells)
    ]
    if not rows or tuple(c.strip().lower() for c in rows[0][1]) not in CSV_HEADERS:
        problems.append(
            Problem(
                _("The first line must be the header data;kwota;rachunek;kontrahent;tytuł."),
                line=rows[0][0] if rows else 1,
            )
        )
        return statement, problems
    for number, cells in rows[1:]:
        line = _csv_line(number, cells, problems)
        if line is not None:
            statement.lines.append(line)
    return statement, problems


def _csv_date(text: str) -> dt.date | None:
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    return None


def _csv_line(number: int, cells: list[str], problems: list[Problem]) -> ParsedLine | None:
    if len(cells) != 5:
        problems.append(Problem(_("A line has 5 fields separated by semicolons."), line=number))
        return None
    day, amount_text, account, counterparty, title = (c.strip() for c in cells)
    found = len(problems)
    value_on = _csv_date(day)
    if value_on is None:
        problems.append(
            Problem(_("Write the date as 2007-07-03 or 03.07.2007."), line=number, field="date")
        )
    elif (problem := date_problem(value_on)) is not None:
        problems.append(Problem(problem, line=number, field="date"))
    try:
        amount = parse_amount(amount_text)
        if amount == 0:
            raise AmountInvalid(_("the amount may not be zero"))
    except AmountInvalid as refusal:
        problems.append(Problem(str(refusal), line=number, field="amount"))
    if account and len(rules.account_digits(account)) < 10:
        problems.append(
            Problem(_("The account is not an account number."), line=number, field="account")
        )
    if len(problems) > found or value_on is None:
        return None
    return ParsedLine(
        file_line=number,
        value_on=value_on,
        amount=amount,
        currency="PLN",
        counterparty_account=rules.account_digits(account),
        counterparty_name=_clip(counterparty, rules.COUNTERPARTY_LENGTH),
        title=_clip(title, rules.TITLE_LENGTH),
    )
