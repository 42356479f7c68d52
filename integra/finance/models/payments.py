"""Payments to providers and the money that comes back: the provider's invoice (or bill), the
payment against a contract (advance, instalment after an accepted report, final payment after
the final report) recorded by one person and approved by another, refunds from providers and
returns of unspent money by gminas; and the programme's payment settings (pre-financing)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from integra.contracts.policies import provider_ids_of
from integra.core.scope import prefix_q
from integra.core.workflow import Transition, TransitionRefused, Workflow
from integra.finance import rules
from integra.finance.models.ledger import Transaction
from integra.finance.policies import PAYMENT_READERS


class PaymentSettings(models.Model):
    """A programme's payment settings (one row per programme; absent: the defaults)."""

    programme = models.OneToOneField(
        "programmes.Programme",
        on_delete=models.CASCADE,
        related_name="payment_settings",
        verbose_name=pgettext_lazy("ledger", "programme"),
    )
    allow_prefinancing = models.BooleanField(
        _("payments before the gmina has received the money (pre-financing)"), default=False
    )

    class Meta:
        verbose_name = _("payment settings")
        verbose_name_plural = _("payment settings")

    def __str__(self) -> str:
        return f"{self.programme}: {self.allow_prefinancing}"


def _scoped(queryset: Any, user: Any, teryt_field: str, provider_field: str) -> Any:
    """The rows of gminas in the user's scope; a provider user sees their organisation's."""
    if not getattr(user, "is_authenticated", False):
        return queryset.none()
    query = prefix_q(teryt_field, user.scope_prefixes(PAYMENT_READERS))
    own = provider_ids_of(user)
    if own:
        query |= Q(**{f"{provider_field}__in": own})
    return queryset.filter(query)


class InvoiceQuerySet(models.QuerySet["Invoice"]):
    def visible_to(self, user: Any) -> InvoiceQuerySet:
        result: InvoiceQuerySet = _scoped(self, user, "contract__gmina__teryt", "provider_id")
        return result


class Invoice(models.Model):
    """A provider's invoice or bill for a contract: number (once per provider), date, the
    issuer's NIP, the amount and its eligible and ineligible parts, the line it is charged to."""

    class Line(models.TextChoices):
        SERVICES = "services", _("services line")
        TRAINING = "training", _("training line")

    provider = models.ForeignKey(
        "providers.Provider",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("provider"),
    )
    contract = models.ForeignKey(
        "contracts.Contract",
        on_delete=models.PROTECT,
        related_name="invoices",
        verbose_name=_("contract"),
    )
    number = models.CharField(_("invoice number"), max_length=rules.INVOICE_NUMBER_LENGTH)
    issued_on = models.DateField(_("invoice date"))
    issuer_nip = models.CharField(_("issuer's NIP"), max_length=10)
    amount_pln = models.DecimalField(_("invoice amount (PLN)"), max_digits=18, decimal_places=2)
    eligible_pln = models.DecimalField(_("eligible part (PLN)"), max_digits=18, decimal_places=2)
    ineligible_pln = models.DecimalField(
        _("ineligible part (PLN)"), max_digits=18, decimal_places=2
    )
    line = models.CharField(_("line"), max_length=10, choices=Line.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = InvoiceQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "number"], name="finance_invoice_number_once_per_provider"
            ),
            models.CheckConstraint(
                condition=Q(amount_pln__gt=0, eligible_pln__gte=0, ineligible_pln__gte=0)
                & Q(amount_pln=F("eligible_pln") + F("ineligible_pln")),
                name="finance_invoice_parts_add_up",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.amount_pln} PLN)"


class PaymentQuerySet(models.QuerySet["Payment"]):
    def visible_to(self, user: Any) -> PaymentQuerySet:
        result: PaymentQuerySet = _scoped(
            self, user, "contract__gmina__teryt", "contract__provider_id"
        )
        return result

    def live(self) -> PaymentQuerySet:
        """The payments that take money (recorded, approved or paid; not rejected)."""
        return self.exclude(status=Payment.Status.REJECTED)


class Payment(models.Model):
    """A payment to the provider of a contract: the advance, an instalment of the schedule
    (after an accepted report) or the final payment (after the final report), against its
    invoice(s); recorded by one person, approved by another, then paid — or rejected. Paying
    posts the ledger's "payment" transaction (PLN, and EUR at the NBP rate kept here)."""

    class Kind(models.TextChoices):
        ADVANCE = "advance", pgettext_lazy("payment", "advance")
        INSTALMENT = "instalment", pgettext_lazy("payment", "instalment")
        FINAL = "final", pgettext_lazy("payment", "final payment")

    class Status(models.TextChoices):
        RECORDED = "recorded", pgettext_lazy("payment", "recorded")
        APPROVED = "approved", pgettext_lazy("payment", "approved")
        PAID = "paid", pgettext_lazy("payment", "paid")
        REJECTED = "rejected", pgettext_lazy("payment", "rejected")

    contract = models.ForeignKey(
        "contracts.Contract",
        on_delete=models.PROTECT,
        related_name="payments",
        verbose_name=_("contract"),
    )
    kind = models.CharField(pgettext_lazy("payment", "kind"), max_length=10, choices=Kind.choices)
    instalment = models.ForeignKey(
        "contracts.Instalment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("instalment of the schedule"),
    )
    amount_pln = models.DecimalField(_("amount (PLN)"), max_digits=18, decimal_places=2)
    status = models.CharField(
        pgettext_lazy("payment", "status"),
        max_length=10,
        choices=Status.choices,
        default=Status.RECORDED,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_by_label = models.CharField(_("recorded by (label)"), max_length=150)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_by_label = models.CharField(_("approved by (label)"), max_length=150, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    comment = models.TextField(
        pgettext_lazy("payment", "comment"), max_length=rules.COMMENT_LENGTH, blank=True
    )
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    rate = models.DecimalField(_("NBP rate"), max_digits=14, decimal_places=8, null=True)
    rate_table = models.CharField(_("NBP table"), max_length=40, blank=True)
    eur_equivalent = models.DecimalField(
        _("EUR equivalent"), max_digits=18, decimal_places=2, null=True
    )
    transaction = models.OneToOneField(
        Transaction,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=pgettext_lazy("ledger", "transaction"),
    )

    objects = PaymentQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_pln__gt=0), name="finance_payment_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(status="paid", transaction__isnull=False, paid_on__isnull=False)
                | (~Q(status="paid") & Q(transaction__isnull=True)),
                name="finance_payment_paid_is_posted",
            ),
        ]
        indexes = [models.Index(fields=["status", "recorded_at"], name="finance_payment_queue")]

    def __str__(self) -> str:
        return f"{self.contract_id} {self.get_kind_display()} {self.amount_pln} PLN"


class PaymentInvoice(models.Model):
    """The part of a payment charged to one invoice (a payment may settle several)."""

    payment = models.ForeignKey(
        Payment, on_delete=models.CASCADE, related_name="parts", verbose_name=_("payment")
    )
    invoice = models.ForeignKey(
        Invoice, on_delete=models.PROTECT, related_name="parts", verbose_name=_("invoice")
    )
    amount_pln = models.DecimalField(_("amount (PLN)"), max_digits=18, decimal_places=2)

    class Meta:
        ordering = ["payment", "pk"]
        verbose_name = _("invoice of a payment")
        verbose_name_plural = _("invoices of a payment")
        constraints = [
            models.UniqueConstraint(fields=["payment", "invoice"], name="finance_payment_invoice"),
            models.CheckConstraint(
                condition=Q(amount_pln__gt=0), name="finance_paymentinvoice_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.payment_id} / {self.invoice_id}: {self.amount_pln}"


class RefundQuerySet(models.QuerySet["Refund"]):
    def visible_to(self, user: Any) -> RefundQuerySet:
        result: RefundQuerySet = _scoped(self, user, "gmina__teryt", "contract__provider_id")
        return result


class Refund(models.Model):
    """Money that comes back, posted to the ledger when recorded: a provider's refund against a
    contract (its paid total goes down, the gmina's money up) or a gmina's return of unspent
    money to the programme (what the gmina received goes down). Never edited: a mistake is
    reversed in the ledger."""

    class Kind(models.TextChoices):
        PROVIDER = "provider", _("refund from a provider")
        GMINA = "gmina", _("return of unspent money by the gmina")

    kind = models.CharField(pgettext_lazy("refund", "kind"), max_length=10, choices=Kind.choices)
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
    contract = models.ForeignKey(
        "contracts.Contract",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="refunds",
        verbose_name=_("contract"),
    )
    payment = models.ForeignKey(
        Payment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="refunds",
        verbose_name=_("payment"),
    )
    amount_pln = models.DecimalField(_("amount (PLN)"), max_digits=18, decimal_places=2)
    received_on = models.DateField(_("received on"))
    reason = models.TextField(pgettext_lazy("refund", "reason"), max_length=rules.COMMENT_LENGTH)
    rate = models.DecimalField(_("NBP rate"), max_digits=14, decimal_places=8)
    eur_equivalent = models.DecimalField(_("EUR equivalent"), max_digits=18, decimal_places=2)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_by_label = models.CharField(_("recorded by (label)"), max_length=150)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    # Set in the transaction that records the refund (posted under the refund's own key).
    transaction = models.OneToOneField(
        Transaction,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=pgettext_lazy("ledger", "transaction"),
    )

    objects = RefundQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_pln__gt=0), name="finance_refund_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(kind="provider", contract__isnull=False)
                | Q(kind="gmina", contract__isnull=True, payment__isnull=True),
                name="finance_refund_kind_names_its_document",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount_pln} PLN"


class PaymentRefused(TransitionRefused):
    code = "payment_state"


PAYMENT_WORKFLOW = Workflow(
    Transition.of(
        "approve",
        {Payment.Status.RECORDED},
        Payment.Status.APPROVED,
        pgettext_lazy("payment", "approve"),
    ),
    Transition.of(
        "reject",
        {Payment.Status.RECORDED, Payment.Status.APPROVED},
        Payment.Status.REJECTED,
        pgettext_lazy("payment", "reject"),
    ),
    Transition.of(
        "pay",
        {Payment.Status.APPROVED},
        Payment.Status.PAID,
        _("record the payment as paid"),
    ),
    refused=PaymentRefused,
)
