"""A provider report (partial or final) on a contract: part I — actions and results against the
offer, people reached per group × sex × age band (counts only); part II — costs per cost line
against the budget, with their supporting documents."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from integra.contracts import rules
from integra.contracts.models.contracts import Contract
from integra.contracts.policies import READERS, provider_ids_of
from integra.core.scope import prefix_q


class ProviderReportQuerySet(models.QuerySet["ProviderReport"]):
    def visible_to(self, user: Any) -> ProviderReportQuerySet:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        query = prefix_q("contract__gmina__teryt", user.scope_prefixes(READERS))
        own = provider_ids_of(user)
        if own:
            query |= Q(contract__provider_id__in=own)
        return self.filter(query)


class ProviderReport(models.Model):
    """Due when the contract is signed (one per report date); the provider writes and submits
    it, the coordinator accepts it or returns it with a comment."""

    class Kind(models.TextChoices):
        PARTIAL = "partial", _("partial")
        FINAL = "final", _("final")

    class Status(models.TextChoices):
        DUE = "due", _("due")
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned for corrections")
        ACCEPTED = "accepted", _("accepted")

    contract = models.ForeignKey(
        Contract, on_delete=models.PROTECT, related_name="reports", verbose_name=_("contract")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(_("number"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DUE
    )
    # Set by the daily task when the due date passed without a submission.
    overdue_since = models.DateField(_("overdue since"), null=True, blank=True)
    # Part I.
    actions_done = models.TextField(_("actions done"), max_length=rules.TEXT_MAX, blank=True)
    results = models.TextField(_("results"), max_length=rules.TEXT_MAX, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    return_comment = models.TextField(
        _("comment on return"), max_length=rules.SHORT_TEXT_MAX, blank=True
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    lock_version = models.PositiveIntegerField(_("edit version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ProviderReportQuerySet.as_manager()

    class Meta:
        ordering = ["contract", "number"]
        verbose_name = _("provider report")
        verbose_name_plural = _("provider reports")
        constraints = [
            models.UniqueConstraint(fields=["contract", "number"], name="contracts_report_number"),
            models.UniqueConstraint(
                fields=["contract"],
                condition=Q(kind="final"),
                name="contracts_report_one_final",
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(return_comment=""),
                name="contracts_report_return_has_comment",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="contracts_report_due")]

    def __str__(self) -> str:
        return f"{self.contract.number}: {self.get_kind_display()} {self.number}"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.DUE, self.Status.RETURNED)


class ReportReach(models.Model):
    """People reached in one group, sex and age band: a count, never a person."""

    class Sex(models.TextChoices):
        FEMALE = "f", _("women")
        MALE = "m", _("men")

    class AgeBand(models.TextChoices):
        CHILDREN = "0_6", _("0–6")
        SCHOOL_AGE = "7_17", _("7–17")
        WORKING_AGE = "18_59_64", _("18–59/64")
        POST_WORKING_AGE = "60_65_plus", _("60/65+")

    report = models.ForeignKey(
        ProviderReport, on_delete=models.CASCADE, related_name="reach", verbose_name=_("report")
    )
    group = models.ForeignKey(
        "catalog.TargetGroup", on_delete=models.PROTECT, related_name="+", verbose_name=_("group")
    )
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    age_band = models.CharField(_("age band"), max_length=10, choices=AgeBand.choices)
    people = models.PositiveIntegerField(_("people"))

    class Meta:
        ordering = ["report", "group__position", "sex", "age_band"]
        verbose_name = _("people reached")
        verbose_name_plural = _("people reached")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "group", "sex", "age_band"], name="contracts_reach_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group} {self.sex} {self.age_band}: {self.people}"


class ReportCost(models.Model):
    """Spending on one cost line against its budget (the offer's cost line, or the contract's)."""

    report = models.ForeignKey(
        ProviderReport, on_delete=models.CASCADE, related_name="costs", verbose_name=_("report")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("cost"), max_length=rules.NAME_MAX)
    budget_pln = models.DecimalField(_("budget (PLN)"), max_digits=18, decimal_places=2)
    spent_pln = models.DecimalField(_("spent (PLN)"), max_digits=18, decimal_places=2)

    class Meta:
        ordering = ["report", "position", "pk"]
        verbose_name = _("reported cost")
        verbose_name_plural = _("reported costs")
        constraints = [
            models.CheckConstraint(
                condition=Q(spent_pln__gte=0, budget_pln__gte=0),
                name="contracts_reportcost_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SupportingDocument(models.Model):
    """An invoice, bill or receipt behind a reported cost."""

    cost = models.ForeignKey(
        ReportCost, on_delete=models.CASCADE, related_name="documents", verbose_name=_("cost")
    )
    number = models.CharField(_("document number"), max_length=rules.NUMBER_MAX)
    issued_on = models.DateField(_("issued on"))
    issuer = models.CharField(_("issuer"), max_length=rules.NAME_MAX)
    amount_pln = models.DecimalField(_("amount (PLN)"), max_digits=18, decimal_places=2)
    eligible_pln = models.DecimalField(_("eligible (PLN)"), max_digits=18, decimal_places=2)

    class Meta:
        ordering = ["cost", "issued_on", "pk"]
        verbose_name = _("supporting document")
        verbose_name_plural = _("supporting documents")
        constraints = [
            models.CheckConstraint(
                condition=Q(eligible_pln__gte=0, eligible_pln__lte=models.F("amount_pln")),
                name="contracts_document_eligible_within_amount",
            ),
        ]

    def __str__(self) -> str:
        return self.number
