"""Bank statements of a gmina's account (MT940 in the ZBP variant, or the documented CSV) and
their lines; a line matched to a payment is that payment's confirmation by the bank — it never
pays anything by itself."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from integra.core.scope import prefix_q
from integra.finance import rules
from integra.finance.models.payments import Payment
from integra.finance.policies import STATEMENT_READERS


class BankStatementQuerySet(models.QuerySet["BankStatement"]):
    def visible_to(self, user: Any) -> BankStatementQuerySet:
        """Statements of the gminas whose payments the user reads (the ministry every one)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(prefix_q("gmina__teryt", user.scope_prefixes(STATEMENT_READERS)))


class BankStatement(models.Model):
    """One imported statement file of a gmina's bank account: the account, the days it covers,
    the file's SHA-256 (the same file is imported once), who imported it and when."""

    class Format(models.TextChoices):
        MT940 = "mt940", _("MT940 (ZBP)")
        CSV = "csv", _("CSV (semicolon)")

    gmina = models.ForeignKey(
        "territories.Territory",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("ledger", "gmina"),
    )
    account = models.CharField(_("bank account"), max_length=rules.ACCOUNT_LENGTH)
    currency = models.CharField(_("currency"), max_length=3, default="PLN")
    format = models.CharField(
        pgettext_lazy("statement", "format"), max_length=10, choices=Format.choices
    )
    number = models.CharField(
        pgettext_lazy("statement", "statement number"), max_length=40, blank=True
    )
    starts_on = models.DateField(_("first day of the statement"))
    ends_on = models.DateField(_("last day of the statement"))
    opening_balance = models.DecimalField(
        _("opening balance"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    closing_balance = models.DecimalField(
        _("closing balance"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    file_name = models.CharField(_("file name"), max_length=200)
    file_digest = models.CharField(_("file digest (SHA-256)"), max_length=64)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    imported_by_label = models.CharField(_("imported by (label)"), max_length=150)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    objects = BankStatementQuerySet.as_manager()

    class Meta:
        ordering = ["-ends_on", "-pk"]
        verbose_name = _("bank statement")
        verbose_name_plural = _("bank statements")
        constraints = [
            models.UniqueConstraint(
                fields=["gmina", "file_digest"], name="finance_bankstatement_file_once"
            ),
            models.CheckConstraint(
                condition=Q(starts_on__lte=models.F("ends_on")),
                name="finance_bankstatement_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account} {self.starts_on}–{self.ends_on}"


class StatementLineQuerySet(models.QuerySet["StatementLine"]):
    def visible_to(self, user: Any) -> StatementLineQuerySet:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(
            prefix_q("statement__gmina__teryt", user.scope_prefixes(STATEMENT_READERS))
        )


class StatementLine(models.Model):
    """One movement of a statement: value date, signed amount (a debit is negative), the
    counterparty's account and name, the title; matched to at most one payment (and a payment
    to at most one line), by the import's rules or by a person, or set aside as not ours."""

    class State(models.TextChoices):
        UNMATCHED = "unmatched", pgettext_lazy("statement line", "unmatched")
        MATCHED = "matched", pgettext_lazy("statement line", "matched automatically")
        CONFIRMED = "confirmed", pgettext_lazy("statement line", "matched by hand")
        NOT_OURS = "not_ours", pgettext_lazy("statement line", "not a programme payment")

    statement = models.ForeignKey(
        BankStatement,
        on_delete=models.CASCADE,
        related_name="lines",
        verbose_name=_("bank statement"),
    )
    position = models.PositiveIntegerField(_("position on the statement"))
    file_line = models.PositiveIntegerField(_("line of the file"))
    value_on = models.DateField(_("value date"))
    booked_on = models.DateField(_("booking date"), null=True, blank=True)
    amount = models.DecimalField(_("amount (a debit negative)"), max_digits=18, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    counterparty_account = models.CharField(
        _("counterparty's account"), max_length=rules.ACCOUNT_LENGTH, blank=True
    )
    counterparty_name = models.CharField(
        _("counterparty"), max_length=rules.COUNTERPARTY_LENGTH, blank=True
    )
    title = models.CharField(
        pgettext_lazy("transfer", "title"), max_length=rules.TITLE_LENGTH, blank=True
    )
    bank_reference = models.CharField(
        _("bank reference"), max_length=rules.BANK_REFERENCE_LENGTH, blank=True
    )
    key = models.CharField(_("line key"), max_length=64)
    state = models.CharField(
        pgettext_lazy("statement line", "state"),
        max_length=10,
        choices=State.choices,
        default=State.UNMATCHED,
    )
    payment = models.OneToOneField(
        Payment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bank_line",
        verbose_name=_("payment"),
    )
    decided_by_label = models.CharField(_("decided by"), max_length=150, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    objects = StatementLineQuerySet.as_manager()

    class Meta:
        ordering = ["statement", "position"]
        verbose_name = _("statement line")
        verbose_name_plural = _("statement lines")
        constraints = [
            models.UniqueConstraint(fields=["key"], name="finance_statementline_once"),
            models.UniqueConstraint(
                fields=["statement", "position"], name="finance_statementline_position"
            ),
            models.CheckConstraint(
                condition=Q(state__in=["matched", "confirmed"], payment__isnull=False)
                | Q(state__in=["unmatched", "not_ours"], payment__isnull=True),
                name="finance_statementline_matched_names_payment",
            ),
        ]
        indexes = [models.Index(fields=["state"], name="finance_statementline_state")]

    def __str__(self) -> str:
        return f"{self.value_on} {self.amount} {self.currency}"

    @property
    def is_matched(self) -> bool:
        return self.payment_id is not None
