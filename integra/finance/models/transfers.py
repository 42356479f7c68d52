"""Transfer requests: a tranche requested, approved in regional finance and recorded."""

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
from integra.finance.models.ledger import Transaction
from integra.finance.policies import TRANSFER_READERS


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
