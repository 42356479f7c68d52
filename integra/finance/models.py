"""The programme's money: a double-entry, append-only ledger (accounts, transactions, entries).

Every movement of money is one `Transaction` of balanced `Entry` rows (per currency the amounts
sum to zero). Rows are never changed or deleted: the database refuses it (migration 0002); a
mistake is corrected by a reversal, a new transaction of the opposite entries. Balances are
sums of entries, never stored. See docs/adr/0012-double-entry-ledger.md.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from integra.core.scope import prefix_q
from integra.core.workflow import Transition, TransitionRefused, Workflow
from integra.finance import rules
from integra.finance.policies import LEDGER_READERS, TRANSFER_READERS, can_view_components


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


class ComponentQuerySet(models.QuerySet["Component"]):
    def visible_to(self, user: Any) -> ComponentQuerySet:
        """Components are national: the ministry reads them, nobody else."""
        return self.all() if can_view_components(user) else self.none()


class Component(models.Model):
    """A part of the loan with its own EUR budget (DOMAIN.md §5): for PIS-2006 A KRUS reform,
    B1 support structure, B2 PIS services in gminas, C information campaign."""

    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.PROTECT,
        related_name="components",
        verbose_name=pgettext_lazy("ledger", "programme"),
    )
    code = models.CharField(pgettext_lazy("component", "code"), max_length=rules.CODE_LENGTH)
    name = models.CharField(pgettext_lazy("ledger", "name"), max_length=rules.NAME_LENGTH)
    budget_eur = models.DecimalField(
        pgettext_lazy("component", "budget (EUR)"), max_digits=18, decimal_places=2
    )
    order = models.PositiveSmallIntegerField(pgettext_lazy("component", "order"), default=0)
    lock_version = models.PositiveIntegerField(
        pgettext_lazy("component", "edit version"), default=1
    )

    objects = ComponentQuerySet.as_manager()

    class Meta:
        ordering = ["programme", "order", "code"]
        verbose_name = pgettext_lazy("component", "component")
        verbose_name_plural = pgettext_lazy("component", "components")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "code"], name="finance_component_code_once"
            ),
            models.CheckConstraint(
                condition=Q(budget_eur__gte=0), name="finance_component_budget_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ProcurementItemQuerySet(models.QuerySet["ProcurementItem"]):
    def visible_to(self, user: Any) -> ProcurementItemQuerySet:
        return self.all() if can_view_components(user) else self.none()


class ProcurementItem(models.Model):
    """One line of a component's World Bank procurement plan: what is bought, how (the Bank's
    method), the estimate, prior or post review, and the planned and actual dates of each step.
    The contracts that carry it out will point at it from the contracts app (a contract's
    `procurement_item`), once that app is merged: nothing to add here."""

    class Method(models.TextChoices):
        SHOPPING = "shopping", pgettext_lazy("procurement", "shopping")
        NCB = "ncb", _("national competitive bidding (NCB)")
        ICB = "icb", _("international competitive bidding (ICB)")
        QCBS = "qcbs", _("quality- and cost-based selection (QCBS)")
        CQS = "cqs", _("selection based on consultants' qualifications (CQS)")
        IC = "ic", pgettext_lazy("procurement", "individual consultant")
        DC = "dc", pgettext_lazy("procurement", "direct contracting")
        CPP = "cpp", _("community participation in procurement (CPP)")

    class Review(models.TextChoices):
        PRIOR = "prior", pgettext_lazy("procurement", "prior review")
        POST = "post", pgettext_lazy("procurement", "post review")

    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("procurement", "planned")
        IN_PROGRESS = "in_progress", pgettext_lazy("procurement", "in progress")
        CONTRACTED = "contracted", pgettext_lazy("procurement", "contracted")
        COMPLETED = "completed", pgettext_lazy("procurement", "completed")
        CANCELLED = "cancelled", pgettext_lazy("procurement", "cancelled")

    component = models.ForeignKey(
        Component,
        on_delete=models.PROTECT,
        related_name="procurement_items",
        verbose_name=pgettext_lazy("procurement", "component"),
    )
    reference = models.CharField(_("reference number"), max_length=rules.REFERENCE_LENGTH)
    description = models.TextField(
        pgettext_lazy("procurement", "description"), max_length=rules.DESCRIPTION_LENGTH
    )
    method = models.CharField(
        pgettext_lazy("procurement", "method"), max_length=10, choices=Method.choices
    )
    review = models.CharField(_("Bank review"), max_length=6, choices=Review.choices)
    estimated_cost_eur = models.DecimalField(
        _("estimated cost (EUR)"), max_digits=18, decimal_places=2
    )
    status = models.CharField(
        pgettext_lazy("procurement", "status"),
        max_length=12,
        choices=Status.choices,
        default=Status.PLANNED,
    )
    planned_invitation = models.DateField(_("invitation (planned)"), null=True, blank=True)
    actual_invitation = models.DateField(_("invitation (actual)"), null=True, blank=True)
    planned_opening = models.DateField(_("opening of offers (planned)"), null=True, blank=True)
    actual_opening = models.DateField(_("opening of offers (actual)"), null=True, blank=True)
    planned_evaluation = models.DateField(_("evaluation (planned)"), null=True, blank=True)
    actual_evaluation = models.DateField(_("evaluation (actual)"), null=True, blank=True)
    planned_signature = models.DateField(_("contract signature (planned)"), null=True, blank=True)
    actual_signature = models.DateField(_("contract signature (actual)"), null=True, blank=True)
    planned_completion = models.DateField(_("completion (planned)"), null=True, blank=True)
    actual_completion = models.DateField(_("completion (actual)"), null=True, blank=True)
    comment = models.TextField(
        pgettext_lazy("procurement", "comment"), max_length=rules.COMMENT_LENGTH, blank=True
    )
    lock_version = models.PositiveIntegerField(
        pgettext_lazy("procurement", "edit version"), default=1
    )

    objects = ProcurementItemQuerySet.as_manager()

    class Meta:
        ordering = ["component", "reference"]
        verbose_name = _("procurement-plan item")
        verbose_name_plural = _("procurement-plan items")
        constraints = [
            models.UniqueConstraint(
                fields=["component", "reference"], name="finance_procurementitem_reference_once"
            ),
            models.CheckConstraint(
                condition=Q(estimated_cost_eur__gt=0),
                name="finance_procurementitem_cost_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.component.code} {self.reference}"

    def planned(self, step: str) -> Any:
        return getattr(self, f"planned_{step}")

    def actual(self, step: str) -> Any:
        return getattr(self, f"actual_{step}")


# Transfers to gminas --------------------------------------------------------------------------


class TransferRequestQuerySet(models.QuerySet["TransferRequest"]):
    def visible_to(self, user: Any) -> TransferRequestQuerySet:
        """Requests of the gminas the user may see transfers of (the ministry every one)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(prefix_q("gmina__teryt", user.scope_prefixes(TRANSFER_READERS)))


class TransferRequest(models.Model):
    """A request to transfer one tranche of a gmina's published allocation (the tranche lives in
    the allocations app; this is not a second copy of it): requested by the gmina or the
    regional office, approved or rejected by regional finance — never by its requester — and
    recorded as transferred, which records the tranche's transfer (PLN, date, NBP rate, EUR
    equivalent) and posts the ledger's "transfer" transaction."""

    class Status(models.TextChoices):
        REQUESTED = "requested", pgettext_lazy("transfer", "requested")
        APPROVED = "approved", pgettext_lazy("transfer", "approved")
        REJECTED = "rejected", pgettext_lazy("transfer", "rejected")
        TRANSFERRED = "transferred", pgettext_lazy("transfer", "transferred")

    tranche = models.ForeignKey(
        "allocations.Tranche",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("tranche"),
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("ledger", "programme"),
    )
    gmina = models.ForeignKey(
        "territories.Territory",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("ledger", "gmina"),
    )
    amount_eur = models.DecimalField(_("amount requested (EUR)"), max_digits=18, decimal_places=2)
    status = models.CharField(
        pgettext_lazy("transfer", "status"),
        max_length=12,
        choices=Status.choices,
        default=Status.REQUESTED,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_by_label = models.CharField(_("requested by (label)"), max_length=150)
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_by_label = models.CharField(_("decided by (label)"), max_length=150, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    comment = models.TextField(
        pgettext_lazy("transfer", "comment"), max_length=rules.COMMENT_LENGTH, blank=True
    )
    transaction = models.OneToOneField(
        Transaction,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=pgettext_lazy("ledger", "transaction"),
    )

    objects = TransferRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("transfer request")
        verbose_name_plural = _("transfer requests")
        constraints = [
            models.UniqueConstraint(
                fields=["tranche"],
                condition=Q(status__in=["requested", "approved", "transferred"]),
                name="finance_transferrequest_one_live_per_tranche",
            ),
            models.CheckConstraint(
                condition=Q(amount_eur__gt=0), name="finance_transferrequest_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(status="transferred", transaction__isnull=False)
                | (~Q(status="transferred") & Q(transaction__isnull=True)),
                name="finance_transferrequest_transferred_is_posted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.gmina.teryt} {self.tranche_id}: {self.status}"


class TransferRefused(TransitionRefused):
    code = "transfer_request_state"


TRANSFER_WORKFLOW = Workflow(
    Transition.of(
        "approve",
        {TransferRequest.Status.REQUESTED},
        TransferRequest.Status.APPROVED,
        pgettext_lazy("transfer", "approve"),
    ),
    Transition.of(
        "reject",
        {TransferRequest.Status.REQUESTED},
        TransferRequest.Status.REJECTED,
        pgettext_lazy("transfer", "reject"),
    ),
    Transition.of(
        "transfer",
        {TransferRequest.Status.APPROVED},
        TransferRequest.Status.TRANSFERRED,
        _("record the transfer"),
    ),
    refused=TransferRefused,
)
