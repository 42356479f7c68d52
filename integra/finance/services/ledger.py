"""Posting to the ledger: a transaction of balanced entries, written and closed in one database
transaction (the database checks the balance: a deferred trigger on PostgreSQL, the closing
trigger on SQLite), and its reversal — the only correction there is."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from integra.audit.services import record_event
from integra.core.actors import Actor, label_of, require, user_of
from integra.core.cache import invalidate, programme_group
from integra.core.errors import DomainError
from integra.core.money import CENT
from integra.finance.models import Account, Entry, Transaction
from integra.finance.policies import can_edit_components


class LedgerUnbalanced(DomainError):
    code = "ledger_unbalanced"
    status = 400


class AlreadyReversed(DomainError):
    code = "ledger_already_reversed"
    status = 409


BATCH = 900  # transactions per statement of post_many (an IN list under SQLite's old 999 cap)


@dataclass(frozen=True)
class Leg:
    """One entry to post: a signed amount (debit +, credit −) on an account, in its currency."""

    account: Account
    amount: Decimal


def reference_of(obj: Any) -> str:
    """The reference of a model instance: "<app>.<model>:<pk>"."""
    return f"{obj._meta.label_lower}:{obj.pk}"


def account(
    *,
    programme: Any,
    kind: str,
    reference: str,
    currency: str,
    name: str,
    line: str = "",
    teryt: str = "",
) -> Account:
    """The account of (programme, kind, reference, line, currency), opened on first use."""
    found, _created = Account.objects.get_or_create(
        programme=programme,
        kind=kind,
        reference=reference,
        line=line,
        currency=currency,
        defaults={"name": name[:200], "teryt": teryt},
    )
    return found


def balance_problems(legs: Iterable[Leg]) -> dict[str, Decimal]:
    """Per currency the sum of the legs that does not come to zero (empty when balanced)."""
    sums: dict[str, Decimal] = defaultdict(Decimal)
    for leg in legs:
        sums[leg.account.currency] += leg.amount
    return {currency: total for currency, total in sums.items() if total != 0}


@transaction.atomic
def post(
    *,
    actor: Actor,
    programme: Any,
    movement: str,
    value_date: dt.date,
    document: str,
    key: str,
    legs: list[Leg],
    description: str = "",
    reverses: Transaction | None = None,
) -> Transaction:
    """Post one transaction of `legs`; idempotent by `key` (the transaction already posted under
    it is returned, nothing is written). Zero legs are dropped. Raises LedgerUnbalanced when the
    legs do not sum to zero per currency or an amount is not in whole cents — before anything
    is written; the database refuses it again at commit should this check ever be bypassed.

    A low-level service: callers (allocation, transfers, reversal) check the actor's rights."""
    existing = Transaction.objects.filter(key=key).first()
    if existing is not None:
        return existing
    legs = [leg for leg in legs if leg.amount != 0]
    if not legs:
        raise LedgerUnbalanced(_("A ledger transaction needs at least one non-zero entry."))
    if any(leg.amount != leg.amount.quantize(CENT) for leg in legs):
        raise LedgerUnbalanced(_("Ledger amounts are whole cents."))
    if unbalanced := balance_problems(legs):
        raise LedgerUnbalanced(
            _("The entries do not balance: %(sums)s.")
            % {"sums": ", ".join(f"{c} {s}" for c, s in sorted(unbalanced.items()))}
        )
    user = user_of(actor)
    posted = Transaction.objects.create(
        programme=programme,
        movement=movement,
        value_date=value_date,
        document=document,
        description=description[:200],
        key=key,
        reverses=reverses,
        created_by_id=user.pk if user is not None else None,
        created_by_label=label_of(actor),
    )
    Entry.objects.bulk_create(
        Entry(
            transaction=posted,
            account=leg.account,
            amount=leg.amount,
            currency=leg.account.currency,
        )
        for leg in legs
    )
    Transaction.objects.filter(pk=posted.pk, closed=False).update(closed=True)
    posted.closed = True
    return posted


@dataclass(frozen=True)
class Posting:
    """One transaction for `post_many`: what `post` takes for one."""

    value_date: dt.date
    document: str
    key: str
    legs: list[Leg]
    description: str = ""


def post_many(*, actor: Actor, programme: Any, movement: str, postings: list[Posting]) -> int:
    """Post many transactions at once — each checked as `post` checks it (whole cents, balanced
    per currency, before anything is written) — in three statements per batch instead of three
    per transaction: for the catch-up of thousands of documents (the demo's volume, imports).
    Keys already posted are skipped; the number posted. A low-level service like `post`."""
    for posting in postings:
        legs = [leg for leg in posting.legs if leg.amount != 0]
        if not legs or any(leg.amount != leg.amount.quantize(CENT) for leg in legs):
            raise LedgerUnbalanced(_("Ledger amounts are whole cents."))
        if unbalanced := balance_problems(legs):
            raise LedgerUnbalanced(
                _("The entries do not balance: %(sums)s.")
                % {"sums": ", ".join(f"{c} {s}" for c, s in sorted(unbalanced.items()))}
            )
    user = user_of(actor)
    posted = 0
    for start in range(0, len(postings), BATCH):
        # Keys already posted are looked up per batch: one IN list of at most BATCH keys.
        chunk = postings[start : start + BATCH]
        keys = [p.key for p in chunk]
        known = set(Transaction.objects.filter(key__in=keys).values_list("key", flat=True))
        batch = [p for p in chunk if p.key not in known]
        if not batch:
            continue
        posted += len(batch)
        made = Transaction.objects.bulk_create(
            Transaction(
                programme=programme,
                movement=movement,
                value_date=p.value_date,
                document=p.document,
                description=p.description[:200],
                key=p.key,
                created_by_id=user.pk if user is not None else None,
                created_by_label=label_of(actor),
            )
            for p in batch
        )
        by_key = {t.key: t for t in made}
        if any(t.pk is None for t in made):  # a backend without RETURNING: read them back
            by_key = {t.key: t for t in Transaction.objects.filter(key__in=list(by_key))}
        Entry.objects.bulk_create(
            Entry(
                transaction=by_key[p.key],
                account=leg.account,
                amount=leg.amount,
                currency=leg.account.currency,
            )
            for p in batch
            for leg in p.legs
            if leg.amount != 0
        )
        Transaction.objects.filter(pk__in=[t.pk for t in by_key.values()], closed=False).update(
            closed=True
        )
    if posted:
        invalidate(programme_group(programme.pk))  # bulk rows send no post_save
    return posted


@transaction.atomic
def reverse(
    *, actor: Actor, original: Transaction, value_date: dt.date | None = None, reason: str = ""
) -> Transaction:
    """Correct a posted transaction by its reversal: the same entries with opposite signs, on
    `value_date` (the original's by default). A transaction is reversed at most once (the
    database refuses a second), and a reversal is not itself reversed — post anew instead.

    Raises PermissionDenied unless the actor is a ministry administrator (or the system)."""
    require(
        actor,
        can_edit_components,
        _("Only a ministry administrator may reverse a ledger transaction."),
    )
    original = Transaction.objects.select_for_update().get(pk=original.pk)
    if original.movement == Transaction.Movement.REVERSAL:
        raise AlreadyReversed(_("A reversal is not reversed; post the correct transaction."))
    if Transaction.objects.filter(reverses=original).exists():
        raise AlreadyReversed(
            _("Transaction %(number)s was already reversed.") % {"number": original.pk}
        )
    legs = [
        Leg(entry.account, -entry.amount) for entry in original.entries.select_related("account")
    ]
    reversal = post(
        actor=actor,
        programme=original.programme,
        movement=Transaction.Movement.REVERSAL,
        value_date=value_date or original.value_date,
        document=reference_of(original),
        key=f"reversal:{original.pk}",
        legs=legs,
        description=reason or _("Reversal of transaction %(number)s") % {"number": original.pk},
        reverses=original,
    )
    record_event(
        actor=actor,
        action="finance.transaction.reversed",
        target=original,
        changes={"reversal": reversal.pk, "reason": reason},
    )
    return reversal
