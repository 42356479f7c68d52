"""The gmina's annual settlement: its money of one year per planned service, target group and
line — received, spent, exchange differences and the rest carried over or returned — computed
from the ledger, submitted by the gmina's coordinator, checked by regional finance (accepted or
returned with comments) and locked once accepted, with the figures shown at acceptance kept."""

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
from integra.finance.policies import SETTLEMENT_READERS


class SettlementQuerySet(models.QuerySet["Settlement"]):
    def visible_to(self, user: Any) -> SettlementQuerySet:
        """Settlements of the gminas the user may see (the ministry every one)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(prefix_q("gmina__teryt", user.scope_prefixes(SETTLEMENT_READERS)))


class Settlement(models.Model):
    """One gmina's settlement of one year of one programme. Its figures are read from the
    ledger while it is open; acceptance stores them (`figures`) and locks the document: a later
    correction is a reversal posted in a later period, never an edit of this year."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("settlement", "draft")
        SUBMITTED = "submitted", pgettext_lazy("settlement", "submitted")
        RETURNED = "returned", pgettext_lazy("settlement", "returned for correction")
        ACCEPTED = "accepted", pgettext_lazy("settlement", "accepted")

    class Disposition(models.TextChoices):
        CARRY_OVER = rules.CARRY_OVER, _("carried over to the next year")
        RETURN = rules.RETURN, _("returned to the programme")

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
    year = models.PositiveSmallIntegerField(pgettext_lazy("settlement", "year"))
    status = models.CharField(
        pgettext_lazy("settlement", "status"),
        max_length=12,
        choices=Status.choices,
        default=Status.DRAFT,
    )
    disposition = models.CharField(
        _("unspent rest"),
        max_length=12,
        choices=Disposition.choices,
        default=Disposition.CARRY_OVER,
    )
    explanation = models.TextField(
        _("gmina's explanation"), max_length=rules.SETTLEMENT_NOTE_LENGTH, blank=True
    )
    comment = models.TextField(
        _("regional finance's comments"), max_length=rules.COMMENT_LENGTH, blank=True
    )
    # The figures as shown when the settlement was accepted (JSON of selectors' SettlementFigures).
    figures = models.JSONField(_("figures at acceptance"), null=True, blank=True)
    lock_version = models.PositiveIntegerField(
        pgettext_lazy("settlement", "edit version"), default=1
    )
    created_by_label = models.CharField(_("prepared by"), max_length=150)
    created_at = models.DateTimeField(_("prepared at"), auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_by_label = models.CharField(_("submitted by (label)"), max_length=150, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
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

    objects = SettlementQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "gmina__teryt", "pk"]
        verbose_name = _("annual settlement")
        verbose_name_plural = _("annual settlements")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "gmina", "year"], name="finance_settlement_once_a_year"
            ),
            models.CheckConstraint(
                condition=Q(status="accepted", figures__isnull=False)
                | (~Q(status="accepted") & Q(figures__isnull=True)),
                name="finance_settlement_accepted_keeps_figures",
            ),
            models.CheckConstraint(
                condition=Q(disposition__in=list(rules.DISPOSITIONS)),
                name="finance_settlement_disposition_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.gmina.name} {self.year}"

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.ACCEPTED


class SettlementRefused(TransitionRefused):
    code = "settlement_state"


SETTLEMENT_WORKFLOW = Workflow(
    Transition.of(
        "edit",
        {Settlement.Status.DRAFT, Settlement.Status.RETURNED},
        None,
        pgettext_lazy("settlement", "edit"),
    ),
    Transition.of(
        "submit",
        {Settlement.Status.DRAFT, Settlement.Status.RETURNED},
        Settlement.Status.SUBMITTED,
        pgettext_lazy("settlement", "submit"),
    ),
    Transition.of(
        "return",
        {Settlement.Status.SUBMITTED},
        Settlement.Status.RETURNED,
        pgettext_lazy("settlement", "return for correction"),
    ),
    Transition.of(
        "accept",
        {Settlement.Status.SUBMITTED},
        Settlement.Status.ACCEPTED,
        pgettext_lazy("settlement", "accept"),
    ),
    refused=SettlementRefused,
)
