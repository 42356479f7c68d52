"""Bank statements: importing a gmina's statement file (all or nothing; the same file twice
changes nothing, a line already imported from another file is skipped by its key) and matching
its lines to payments to providers — by the import's rules, or by a person on the review page.

A line matches a payment of the statement's gmina that is approved or paid and not yet
confirmed, of the same amount (a debit), whose day paid (or approved) lies within
`rules.MATCH_WINDOW_DAYS` of the value date, and that the line names: the provider's account
as its counterparty, or the contract's or an invoice's number in its title. Only one such
payment (or one naming both) is matched; anything else waits for a person. A match is the
payment's confirmation by the bank: it never approves or pays anything."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.audit.services import RequestContext, record_event
from integra.core.actors import Actor, label_of, require, user_of
from integra.core.errors import DomainError, Problem, RulesBroken
from integra.finance import rules
from integra.finance.importers.statements import (
    ParsedLine,
    StatementRefused,
    digest,
    parse_statement,
)
from integra.finance.models import BankStatement, Payment, StatementLine
from integra.finance.policies import can_import_statement, can_view_statement
from integra.finance.selectors.statements import candidates


class LineMatchInvalid(RulesBroken):
    code = "statement_line_invalid"


class LineDecided(DomainError):
    """The line was matched or set aside already (someone else may have just done it)."""

    code = "statement_line_decided"
    status = 409


@dataclass(frozen=True)
class StatementUpload:
    file_name: str
    content: bytes
    format: str
    account: str = ""


@dataclass(frozen=True)
class ImportResult:
    statement: BankStatement
    created: bool
    added: int
    skipped: int
    matched: int


def _refuse(message: str, field: str = "file") -> StatementRefused:
    return StatementRefused("", [Problem(message, field=field)])


def _bounded(upload: StatementUpload) -> None:
    if upload.format not in rules.STATEMENT_FORMATS:
        raise _refuse(_("Choose MT940 or CSV."), "format")
    if len(upload.content) > rules.STATEMENT_MAX_BYTES:
        raise _refuse(
            _("The file is larger than %(mb)s MB.")
            % {"mb": rules.STATEMENT_MAX_BYTES // (1024 * 1024)}
        )
    if not upload.content:
        raise _refuse(_("The file is empty."))


@transaction.atomic
def import_statement(
    *,
    actor: Actor,
    gmina: Any,
    upload: StatementUpload,
    context: RequestContext | None = None,
) -> ImportResult:
    """Import `upload` as a statement of `gmina`'s account and match its new lines.
    Raises PermissionDenied (not the gmina's coordinator or regional finance), StatementRefused
    (every problem of the file with its line; nothing written)."""
    require(
        actor,
        lambda user: can_import_statement(user, gmina),
        _("Only the gmina's coordinator or regional finance imports its bank statements."),
        visible=lambda user: can_view_statement(user, gmina),
    )
    _bounded(upload)
    file_digest = digest(upload.content)
    existing = BankStatement.objects.filter(gmina=gmina, file_digest=file_digest).first()
    if existing is not None:
        return ImportResult(existing, created=False, added=0, skipped=0, matched=0)
    parsed = parse_statement(
        upload.content, fmt=upload.format, name=upload.file_name[:200], account=upload.account
    )
    known = set(
        StatementLine.objects.filter(key__in=[line.key for line in parsed.lines]).values_list(
            "key", flat=True
        )
    )
    fresh = [line for line in parsed.lines if line.key not in known]
    try:
        with transaction.atomic():
            statement = BankStatement.objects.create(
                gmina=gmina,
                account=parsed.account,
                currency=parsed.currency,
                format=parsed.format,
                number=parsed.number,
                starts_on=parsed.starts_on,
                ends_on=parsed.ends_on,
                opening_balance=parsed.opening_balance,
                closing_balance=parsed.closing_balance,
                file_name=upload.file_name[:200],
                file_digest=file_digest,
                imported_by_id=getattr(user_of(actor), "pk", None),
                imported_by_label=label_of(actor),
            )
            lines = StatementLine.objects.bulk_create(
                _line(statement, position, line) for position, line in enumerate(fresh, start=1)
            )
    except IntegrityError as clash:
        raise DomainError(
            _("The same statement was being imported at the same time; reload the list."),
            code="statement_import_conflict",
        ) from clash
    matched = _match_new(statement, lines, label_of(actor))
    record_event(
        actor=actor,
        action="finance.bank_statement.imported",
        target=statement,
        territory_teryt=gmina.teryt,
        context=context,
        changes={
            "file": statement.file_name,
            "digest": file_digest,
            "lines": len(lines),
            "skipped": len(parsed.lines) - len(fresh),
            "matched": matched,
        },
    )
    return ImportResult(
        statement,
        created=True,
        added=len(lines),
        skipped=len(parsed.lines) - len(fresh),
        matched=matched,
    )


def _line(statement: BankStatement, position: int, line: ParsedLine) -> StatementLine:
    return StatementLine(
        statement=statement,
        position=position,
        file_line=line.file_line,
        value_on=line.value_on,
        booked_on=line.booked_on,
        amount=line.amount,
        currency=line.currency,
        counterparty_account=line.counterparty_account,
        counterparty_name=line.counterparty_name,
        title=line.title,
        bank_reference=line.bank_reference,
        key=line.key,
    )


# Matching ---------------------------------------------------------------------------------------


def _compact(text: str) -> str:
    return "".join(text.upper().split())


def evidence(line: StatementLine, payment: Payment) -> int:
    """How many of the line's own words name the payment: its provider's account as the
    counterparty (1) and its contract's or one of its invoices' number in the title (1)."""
    score = 0
    iban = payment.contract.provider.iban
    if iban and line.counterparty_account == rules.account_digits(iban):
        score += 1
    title = _compact(line.title)
    numbers = [payment.contract.number, *(part.invoice.number for part in payment.parts.all())]
    if title and any(_compact(number) in title for number in numbers if number):
        score += 1
    return score


def best_match(line: StatementLine) -> Payment | None:
    """The one payment the line names best (at least by account or title), or None when none
    does or two do equally."""
    scored = sorted(
        ((evidence(line, payment), payment) for payment in candidates(line)),
        key=lambda pair: -pair[0],
    )
    if not scored or scored[0][0] == 0:
        return None
    if len(scored) > 1 and scored[1][0] == scored[0][0]:
        return None
    return scored[0][1]


def _match_new(statement: BankStatement, lines: list[StatementLine], label: str) -> int:
    matched = 0
    now = timezone.now()
    for line in lines:
        line.statement = statement
        payment = best_match(line)
        if payment is None:
            continue
        line.payment, line.state = payment, StatementLine.State.MATCHED
        line.decided_by_label, line.decided_at = label, now
        line.save(update_fields=["payment", "state", "decided_by_label", "decided_at"])
        matched += 1
    return matched


def _locked(line: StatementLine) -> StatementLine:
    locked: StatementLine = (
        StatementLine.objects.select_for_update(of=("self",))
        .select_related("statement__gmina")
        .get(pk=line.pk)
    )
    return locked


def _require_reviewer(actor: Actor, line: StatementLine) -> None:
    gmina = line.statement.gmina
    require(
        actor,
        lambda user: can_import_statement(user, gmina),
        _("Only the gmina's coordinator or regional finance reviews its bank statements."),
        visible=lambda user: can_view_statement(user, gmina),
    )


@transaction.atomic
def match_line(
    *,
    actor: Actor,
    line: StatementLine,
    payment_id: int | None,
    context: RequestContext | None = None,
) -> StatementLine:
    """A person matches an unmatched (or set-aside) line to a payment of the same gmina, of the
    line's amount, approved or paid and not confirmed by another line (no window of days: the
    person has read the title). Raises PermissionDenied, LineDecided, LineMatchInvalid."""
    _require_reviewer(actor, line)
    line = _locked(line)
    if line.state in (StatementLine.State.MATCHED, StatementLine.State.CONFIRMED):
        raise LineDecided(_("This line is matched already."))
    allowed = {p.pk: p for p in candidates(line, window=False)}
    payment = allowed.get(payment_id or 0)
    if payment is None:
        raise LineMatchInvalid.at(
            "payment",
            _(
                "Choose an approved or paid payment of this gmina, of the line's amount, "
                "not confirmed by another line."
            ),
        )
    # Two people matching two lines to one payment at once: the one-to-one constraint keeps one.
    line.payment, line.state = payment, StatementLine.State.CONFIRMED
    line.decided_by_label, line.decided_at = label_of(actor), timezone.now()
    try:
        with transaction.atomic():
            line.save(update_fields=["payment", "state", "decided_by_label", "decided_at"])
    except IntegrityError as clash:
        raise LineDecided(_("Another line confirms this payment already.")) from clash
    _recorded(actor, line, "finance.statement_line.matched", context, payment=payment.pk)
    return line


@transaction.atomic
def set_aside_line(
    *, actor: Actor, line: StatementLine, context: RequestContext | None = None
) -> StatementLine:
    """An unmatched line is not a payment to a provider (a tranche received, a bank fee, a
    movement of another programme): it leaves the review. Raises PermissionDenied, LineDecided."""
    _require_reviewer(actor, line)
    line = _locked(line)
    if line.state != StatementLine.State.UNMATCHED:
        raise LineDecided(_("Only an unmatched line can be set aside."))
    line.state = StatementLine.State.NOT_OURS
    line.decided_by_label, line.decided_at = label_of(actor), timezone.now()
    line.save(update_fields=["state", "decided_by_label", "decided_at"])
    _recorded(actor, line, "finance.statement_line.set_aside", context)
    return line


@transaction.atomic
def reopen_line(
    *, actor: Actor, line: StatementLine, context: RequestContext | None = None
) -> StatementLine:
    """Undo a match or a setting aside: the line is unmatched again and back in the review.
    Raises PermissionDenied, LineDecided (already unmatched)."""
    _require_reviewer(actor, line)
    line = _locked(line)
    if line.state == StatementLine.State.UNMATCHED:
        raise LineDecided(_("This line is unmatched already."))
    was = line.payment_id
    line.payment, line.state = None, StatementLine.State.UNMATCHED
    line.decided_by_label, line.decided_at = label_of(actor), timezone.now()
    line.save(update_fields=["payment", "state", "decided_by_label", "decided_at"])
    _recorded(actor, line, "finance.statement_line.reopened", context, payment=was)
    return line


def _recorded(
    actor: Actor,
    line: StatementLine,
    action: str,
    context: RequestContext | None,
    **changes: Any,
) -> None:
    record_event(
        actor=actor,
        action=action,
        target=line,
        territory_teryt=line.statement.gmina.teryt,
        context=context,
        changes={"state": line.state, "amount": line.amount, **changes},
    )
