"""Reads of bank statements: the statements and lines the user may see (scoped by the gmina),
with their counts of matched and unmatched lines, the lines waiting for review, and the
payments a line could be matched to by hand."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from integra.finance import rules
from integra.finance.models import BankStatement, Payment, StatementLine

MATCHED = ("matched", "confirmed")
CONFIRMABLE = (Payment.Status.APPROVED, Payment.Status.PAID)


def _paid_day(payment: Payment) -> dt.date:
    if payment.paid_on is not None:
        return payment.paid_on
    moment = payment.approved_at or payment.recorded_at
    return timezone.localdate(moment)


def candidates(line: StatementLine, *, window: bool = True) -> list[Payment]:
    """Payments of the line's gmina it could confirm: approved or paid, not confirmed yet, of
    the line's amount as a debit (and within the window of days, unless `window` is off)."""
    if line.amount >= 0 or line.currency != "PLN":
        return []
    payments = (
        Payment.objects.filter(
            contract__gmina_id=line.statement.gmina_id,
            status__in=CONFIRMABLE,
            amount_pln=-line.amount,
            bank_line__isnull=True,
        )
        .select_related("contract__provider", "contract__gmina")
        .prefetch_related("parts__invoice")
        .order_by("pk")
    )
    if not window:
        return list(payments)
    limit = dt.timedelta(days=rules.MATCH_WINDOW_DAYS)
    return [p for p in payments if abs(_paid_day(p) - line.value_on) <= limit]


def list_statements(*, user: Any, teryt: str | None = None) -> QuerySet[BankStatement]:
    """The statements of the gminas in the user's scope, newest first, with their line counts
    (`line_count`, `matched_count`, `unmatched_count`)."""
    statements = BankStatement.objects.visible_to(user).select_related("gmina")
    if teryt:
        statements = statements.filter(gmina__teryt__startswith=teryt)
    return statements.annotate(
        line_count=Count("lines"),
        matched_count=Count("lines", filter=Q(lines__state__in=MATCHED)),
        unmatched_count=Count("lines", filter=Q(lines__state="unmatched")),
    ).order_by("-ends_on", "-pk")


def statement_for(*, user: Any, pk: int) -> BankStatement:
    """A statement the user may see; BankStatement.DoesNotExist otherwise."""
    found: BankStatement = list_statements(user=user).get(pk=pk)
    return found


def list_lines(
    *, user: Any, statement: Any = None, state: str | None = None, teryt: str | None = None
) -> QuerySet[StatementLine]:
    lines = StatementLine.objects.visible_to(user).select_related(
        "statement__gmina", "payment__contract__provider"
    )
    if statement is not None:
        lines = lines.filter(statement=statement)
    if state:
        lines = lines.filter(state=state)
    if teryt:
        lines = lines.filter(statement__gmina__teryt__startswith=teryt)
    return lines.order_by("statement_id", "position")


def line_for(*, user: Any, pk: int) -> StatementLine:
    """A line the user may see; StatementLine.DoesNotExist otherwise."""
    found: StatementLine = list_lines(user=user).get(pk=pk)
    return found


def lines_to_review(*, user: Any, teryt: str | None = None) -> QuerySet[StatementLine]:
    """The unmatched lines of the user's statements, oldest first."""
    return list_lines(user=user, state="unmatched", teryt=teryt).order_by("value_on", "pk")


def payments_for_line(line: StatementLine) -> list[Payment]:
    """The payments a person may match the line to (same gmina and amount, approved or paid,
    not confirmed yet), those within the window of days first."""
    return payments_for_lines([line])[line.pk]


def payments_for_lines(lines: Iterable[StatementLine]) -> dict[int, list[Payment]]:
    """`payments_for_line` of each line, by line id, from one read of the payments (a page
    of lines to review would otherwise read them line by line)."""
    lines = list(lines)
    found: dict[int, list[Payment]] = {line.pk: [] for line in lines}
    debits = [line for line in lines if line.amount < 0 and line.currency == "PLN"]
    if not debits:
        return found
    payments = (
        Payment.objects.filter(
            contract__gmina_id__in={line.statement.gmina_id for line in debits},
            status__in=CONFIRMABLE,
            amount_pln__in={-line.amount for line in debits},
            bank_line__isnull=True,
        )
        .select_related("contract__provider", "contract__gmina")
        .prefetch_related("parts__invoice")
        .order_by("pk")
    )
    same: dict[tuple[Any, Decimal], list[Payment]] = defaultdict(list)
    for payment in payments:
        same[payment.contract.gmina_id, payment.amount_pln].append(payment)
    limit = dt.timedelta(days=rules.MATCH_WINDOW_DAYS)
    for line in debits:
        day = line.value_on

        def order(payment: Payment, day: dt.date = day) -> tuple[bool, int]:
            return abs(_paid_day(payment) - day) > limit, payment.pk

        found[line.pk] = sorted(same[line.statement.gmina_id, -line.amount], key=order)
    return found
