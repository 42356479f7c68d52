"""The programme's money: a double-entry, append-only ledger (accounts, transactions, entries).

Every movement of money is one `Transaction` of balanced `Entry` rows (per currency the amounts
sum to zero). Rows are never changed or deleted: the database refuses it (migration 0002); a
mistake is corrected by a reversal, a new transaction of the opposite entries. Balances are
sums of entries, never stored. See docs/adr/0012-double-entry-ledger.md."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from integra.core.scope import prefix_q
from integra.finance.policies import LEDGER_READERS


class Currency(models.TextChoices):
    EUR = "EUR", "EUR"
    PLN = "PLN", "PLN"


class AccountQuerySet(models.QuerySet["Account"]):
    def visible_to(self, user: Any) -> AccountQuerySet:
        """Programme-wide accounts (no TERYT) for the ministry; a gmina's for whoever reads
        the ledger over it."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        prefixes = user.scope_prefixes(LEDGER_READERS)
        if "" in prefixes:
            return self.all()
        return self.exclude(teryt="").filter(prefix_q("teryt", prefixes))


class Account(models.Model):
    """Where money sits: the programme's budget, a component, a gmina's received money, one line
    of a gmina's allocation, a planned service or a contract; one currency each. `reference`
    names its object as "<app>.<model>:<pk>" so that later apps (contracts, payments) add
    accounts without a change here; `line` distinguishes the accounts of one object (the
    services and training lines of a gmina, the programme's exchange differences)."""

    class Kind(models.TextChoices):
        PROGRAMME = "programme", pgettext_lazy("ledger", "programme")
        COMPONENT = "component", pgettext_lazy("ledger", "component")
        GMINA = "gmina", pgettext_lazy("ledger", "gmina")
        LINE = "line", pgettext_lazy("ledger", "allocation line")
        PLANNED_SERVICE = "planned_service", pgettext_lazy("ledger", "planned service")
        CONTRACT = "contract", pgettext_lazy("ledger", "contract")

    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("ledger", "programme"),
    )
    kind = models.CharField(pgettext_lazy("ledger", "kind"), max_length=16, choices=Kind.choices)
    currency = models.CharField(
        pgettext_lazy("ledger", "currency"), max_length=3, choices=Currency.choices
    )
    reference = models.CharField(pgettext_lazy("ledger", "reference"), max_length=80)
    line = models.CharField(pgettext_lazy("ledger", "line"), max_length=20, blank=True)
    # The TERYT code of the gmina the account belongs to ("" for programme-wide accounts): the
    # account's scope.
    teryt = models.CharField(pgettext_lazy("ledger", "TERYT code"), max_length=7, blank=True)
    name = models.CharField(pgettext_lazy("ledger", "name"), max_length=200)

    objects = AccountQuerySet.as_manager()

    class Meta:
        ordering = ["programme", "teryt", "kind", "line", "currency"]
        verbose_name = _("ledger account")
        verbose_name_plural = _("ledger accounts")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "kind", "reference", "line", "currency"],
                name="finance_account_once",
            ),
            models.CheckConstraint(
                condition=Q(currency__in=["EUR", "PLN"]), name="finance_account_currency_known"
            ),
        ]
        indexes = [
            # A gmina's accounts in a programme: its balance, the maps' and the board's paid
            # figures, a summary's recount (otherwise a scan of every account).
            models.Index(fields=["programme", "teryt"], name="finance_account_gmina"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.currency})"


class TransactionQuerySet(models.QuerySet["Transaction"]):
    def visible_to(self, user: Any) -> TransactionQuerySet:
        """Transactions with an entry on an account the user may see."""
        accounts = Account.objects.visible_to(user)
        return self.filter(entries__account__in=accounts).distinct()

    def closed(self) -> TransactionQuerySet:
        return self.filter(closed=True)


class Transaction(models.Model):
    """One movement of money, from one document, on one value date; its entries balance per
    currency. `key` makes a posting idempotent (the same document posted twice is one
    transaction). `closed` is set once, after the entries are in: the database then checks the
    balance, and refuses any later entry."""

    class Movement(models.TextChoices):
        ALLOCATION = "allocation", pgettext_lazy("ledger", "allocation")
        COMMITMENT = "commitment", pgettext_lazy("ledger", "commitment")
        TRANSFER = "transfer", pgettext_lazy("ledger", "transfer")
        PAYMENT = "payment", pgettext_lazy("ledger", "payment")
        REFUND = "refund", pgettext_lazy("ledger", "refund")
        EXCHANGE_DIFFERENCE = "exchange_difference", pgettext_lazy("ledger", "exchange difference")
        REVERSAL = "reversal", pgettext_lazy("ledger", "reversal")

    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("ledger", "programme"),
    )
    movement = models.CharField(
        pgettext_lazy("ledger", "movement"), max_length=20, choices=Movement.choices
    )
    value_date = models.DateField(pgettext_lazy("ledger", "value date"))
    document = models.CharField(pgettext_lazy("ledger", "document"), max_length=80)
    description = models.CharField(
        pgettext_lazy("ledger", "description"), max_length=200, blank=True
    )
    key = models.CharField(_("posting key"), max_length=120, unique=True)
    reverses = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversed_by",
        verbose_name=pgettext_lazy("ledger", "reverses"),
    )
    closed = models.BooleanField(pgettext_lazy("ledger", "closed"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("posted by"),
    )
    created_by_label = models.CharField(_("posted by (label)"), max_length=150)
    created_at = models.DateTimeField(_("posted at"), auto_now_add=True)

    objects = TransactionQuerySet.as_manager()

    class Meta:
        ordering = ["value_date", "pk"]
        verbose_name = _("ledger transaction")
        verbose_name_plural = _("ledger transactions")
        constraints = [
            models.CheckConstraint(
                condition=Q(movement="reversal", reverses__isnull=False)
                | (~Q(movement="reversal") & Q(reverses__isnull=True)),
                name="finance_transaction_reversal_names_its_original",
            ),
        ]
        indexes = [
            # A programme's transactions of one movement: its allocation postings for the
            # indicators' denominator, its payments for the maps (a few thousand of ~300,000).
            models.Index(fields=["programme", "movement"], name="finance_transaction_movement"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.movement} {self.value_date} {self.document}"


class Entry(models.Model):
    """One line of a transaction: a signed amount on an account (debit positive, credit
    negative), in the account's currency."""

    transaction = models.ForeignKey(
        Transaction,
        on_delete=models.PROTECT,
        related_name="entries",
        verbose_name=pgettext_lazy("ledger", "transaction"),
    )
    account = models.ForeignKey(
        Account,
        on_delete=models.PROTECT,
        related_name="entries",
        verbose_name=pgettext_lazy("ledger", "account"),
    )
    amount = models.DecimalField(pgettext_lazy("ledger", "amount"), max_digits=18, decimal_places=2)
    currency = models.CharField(
        pgettext_lazy("ledger", "currency"), max_length=3, choices=Currency.choices
    )

    class Meta:
        ordering = ["transaction", "pk"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="finance_entry_amount_not_zero"),
        ]

    def __str__(self) -> str:
        return f"{self.account_id}: {self.amount} {self.currency}"


# Components and the procurement plan ----------------------------------------------------------
