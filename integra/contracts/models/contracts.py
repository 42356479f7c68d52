"""A contract with a provider (umowa, or porozumienie with the gmina's own unit): the planned
services it carries and their split, its payment schedule, planned beneficiaries and annexes;
and the programme's contract settings (the advance limit). A component-level contract (a
consultant, the campaign agency) is the same model without a gmina: no round, no planned
services — the database says so; what it carries out is finance's business, not this app's."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from integra.contracts import rules
from integra.contracts.policies import READERS, provider_ids_of
from integra.core.roles import MINISTRY_ROLES
from integra.core.scope import prefix_q


class ContractSettings(models.Model):
    """A programme's contract settings (one row per programme; absent: the defaults)."""

    programme = models.OneToOneField(
        "programmes.Programme",
        on_delete=models.CASCADE,
        related_name="contract_settings",
        verbose_name=_("programme"),
    )
    advance_max_percent = models.DecimalField(
        _("advance at most (% of the value)"),
        max_digits=5,
        decimal_places=2,
        default=rules.DEFAULT_ADVANCE_PERCENT,
    )

    class Meta:
        verbose_name = _("contract settings")
        verbose_name_plural = _("contract settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(advance_max_percent__gte=0, advance_max_percent__lte=100),
                name="contracts_settings_advance_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme}: {self.advance_max_percent}%"


class ContractQuerySet(models.QuerySet["Contract"]):
    def visible_to(self, user: Any) -> ContractQuerySet:
        """The contracts of gminas in the user's scope; component-level contracts (no gmina) for
        a ministry role over the country; a provider user sees their own."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        query = Q(gmina__isnull=False) & prefix_q("gmina__teryt", user.scope_prefixes(READERS))
        if "" in user.scope_prefixes(MINISTRY_ROLES):
            query |= Q(gmina__isnull=True)
        own = provider_ids_of(user)
        if own:
            query |= Q(provider_id__in=own)
        return self.filter(query)

    def counting(self) -> ContractQuerySet:
        """The contracts that take money from their planned services (not terminated)."""
        return self.exclude(status=Contract.Status.TERMINATED)

    def of_gminas(self) -> ContractQuerySet:
        """Gmina-level contracts only (component-level ones have no gmina)."""
        return self.filter(gmina__isnull=False)


class Contract(models.Model):
    class Kind(models.TextChoices):
        AGREEMENT = rules.AGREEMENT, _("agreement (umowa)")
        ARRANGEMENT = rules.ARRANGEMENT, _("arrangement with the gmina's unit (porozumienie)")

    class Status(models.TextChoices):
        SIGNED = "signed", _("signed")
        IN_DELIVERY = "in_delivery", _("in delivery")
        FINAL_REPORT_ACCEPTED = "final_report_accepted", _("final report accepted")
        SETTLED = "settled", _("settled")
        CLOSED = "closed", _("closed")
        TERMINATED = "terminated", _("terminated")

    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.PROTECT,
        related_name="contracts",
        verbose_name=_("programme"),
    )
    # None for a component-level contract (signed by the ministry, no round, no services).
    gmina = models.ForeignKey(
        "territories.Territory",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contracts",
        verbose_name=_("gmina"),
    )
    provider = models.ForeignKey(
        "providers.Provider",
        on_delete=models.PROTECT,
        related_name="contracts",
        verbose_name=_("provider"),
    )
    # Where it comes from: the selected offer, or a direct selection after a failed round.
    offer = models.OneToOneField(
        "contracts.Offer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contract",
        verbose_name=_("offer"),
    )
    failed_round = models.ForeignKey(
        "contracts.ProcurementRound",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="direct_contracts",
        verbose_name=_("round that failed"),
    )
    direct_justification = models.TextField(
        _("justification of the direct selection"), max_length=rules.TEXT_MAX, blank=True
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    number = models.CharField(_("number"), max_length=rules.NUMBER_MAX)
    signed_on = models.DateField(_("signed on"))
    gmina_representative = models.CharField(_("for the gmina"), max_length=rules.NAME_MAX)
    provider_representative = models.CharField(_("for the provider"), max_length=rules.NAME_MAX)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    value_pln = models.DecimalField(_("value (PLN)"), max_digits=18, decimal_places=2)
    status = models.CharField(
        _("status"), max_length=24, choices=Status.choices, default=Status.SIGNED
    )
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True)
    termination_reason = models.TextField(
        _("reason for termination"), max_length=rules.SHORT_TEXT_MAX, blank=True
    )
    lock_version = models.PositiveIntegerField(_("edit version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ContractQuerySet.as_manager()

    class Meta:
        ordering = ["gmina__teryt", "-signed_on", "-pk"]
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        constraints = [
            models.UniqueConstraint(
                fields=["gmina", "number"], name="contracts_contract_number_in_gmina"
            ),
            models.UniqueConstraint(
                fields=["programme", "number"],
                condition=Q(gmina__isnull=True),
                name="contracts_contract_number_in_programme",
            ),
            models.CheckConstraint(
                condition=Q(value_pln__gt=0), name="contracts_contract_value_positive"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="contracts_contract_period",
            ),
            # A gmina's contract comes from an offer or a direct selection after a failed round;
            # a component-level contract (no gmina) from neither, and is an agreement (umowa).
            # That it carries no planned services is a trigger (migration 0002).
            models.CheckConstraint(
                condition=Q(gmina__isnull=True)
                | Q(offer__isnull=False, failed_round__isnull=True)
                | (Q(offer__isnull=True, failed_round__isnull=False) & ~Q(direct_justification="")),
                name="contracts_contract_from_offer_or_direct_selection",
            ),
            models.CheckConstraint(
                condition=Q(gmina__isnull=False)
                | Q(
                    offer__isnull=True,
                    failed_round__isnull=True,
                    direct_justification="",
                    kind=rules.AGREEMENT,
                ),
                name="contracts_contract_component_without_round",
            ),
        ]
        indexes = [
            models.Index(fields=["provider", "status"], name="contracts_contract_provider"),
            models.Index(fields=["status", "signed_on"], name="contracts_contract_status"),
            # The registers' order (newest first): the first page of 100,000 contracts is read
            # from the index instead of sorting them all.
            models.Index(fields=["-signed_on", "-id"], name="contracts_contract_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.provider})"

    @property
    def is_direct(self) -> bool:
        return self.offer_id is None

    @property
    def is_component_level(self) -> bool:
        return self.gmina_id is None

    @property
    def teryt(self) -> str:
        """The gmina's TERYT code, "" (the country) for a component-level contract."""
        return self.gmina.teryt if self.gmina is not None else ""


class ContractService(models.Model):
    """The part of a contract's value charged to one planned service (across plan versions the
    service is known by its key); the split of a contract sums to its value."""

    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="services", verbose_name=_("contract")
    )
    plan = models.ForeignKey(
        "action_plans.ActionPlan",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("action plan"),
    )
    service_key = models.UUIDField(_("planned service key"))
    # The planned service as it was in the approved version when the split was last set.
    planned_service = models.ForeignKey(
        "action_plans.PlannedService",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("planned service"),
    )
    # Services line or training line (catalog.ServiceType.Line), for the allocation check.
    line = models.CharField(_("line"), max_length=16)
    amount_pln = models.DecimalField(_("amount (PLN)"), max_digits=18, decimal_places=2)
    # At the approved version's EUR rate (the allocation is in EUR).
    amount_eur = models.DecimalField(_("amount (EUR)"), max_digits=18, decimal_places=2)

    class Meta:
        ordering = ["contract", "pk"]
        verbose_name = _("planned service of a contract")
        verbose_name_plural = _("planned services of a contract")
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "service_key"], name="contracts_contractservice_once"
            ),
            models.CheckConstraint(
                condition=Q(amount_pln__gt=0), name="contracts_contractservice_positive"
            ),
        ]
        indexes = [
            models.Index(fields=["plan", "service_key"], name="contracts_service_key"),
        ]

    def __str__(self) -> str:
        return f"{self.contract.number}: {self.planned_service}"


class Instalment(models.Model):
    """One payment of the schedule: the advance, or an instalment after an accepted report."""

    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="instalments", verbose_name=_("contract")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    due_on = models.DateField(_("due on"))
    amount_pln = models.DecimalField(_("amount (PLN)"), max_digits=18, decimal_places=2)
    is_advance = models.BooleanField(_("advance"), default=False)

    class Meta:
        ordering = ["contract", "number"]
        verbose_name = _("instalment")
        verbose_name_plural = _("instalments")
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "number"], name="contracts_instalment_number"
            ),
            models.CheckConstraint(
                condition=Q(amount_pln__gt=0), name="contracts_instalment_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contract.number} #{self.number}"


class ContractBeneficiaries(models.Model):
    """People the contract plans to reach in one target group."""

    contract = models.ForeignKey(
        Contract,
        on_delete=models.CASCADE,
        related_name="beneficiaries",
        verbose_name=_("contract"),
    )
    group = models.ForeignKey(
        "catalog.TargetGroup", on_delete=models.PROTECT, related_name="+", verbose_name=_("group")
    )
    people = models.PositiveIntegerField(_("people"))

    class Meta:
        ordering = ["contract", "group__position"]
        verbose_name = _("planned beneficiaries")
        verbose_name_plural = _("planned beneficiaries")
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "group"], name="contracts_beneficiaries_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group}: {self.people}"


class ContractAmendment(models.Model):
    """An annex: its reason and every changed field with its value before and after."""

    contract = models.ForeignKey(
        Contract, on_delete=models.PROTECT, related_name="amendments", verbose_name=_("contract")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    signed_on = models.DateField(_("signed on"))
    reason = models.TextField(_("reason"), max_length=rules.SHORT_TEXT_MAX)
    # {field: [before, after]} as text, in the order of the contract's fields.
    changes = models.JSONField(_("changes"), default=dict)
    value_before_pln = models.DecimalField(_("value before (PLN)"), max_digits=18, decimal_places=2)
    value_after_pln = models.DecimalField(_("value after (PLN)"), max_digits=18, decimal_places=2)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["contract", "number"]
        verbose_name = _("annex")
        verbose_name_plural = _("annexes")
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "number"], name="contracts_amendment_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contract.number} / {self.number}"

    @property
    def value_change_pln(self) -> Decimal:
        return self.value_after_pln - self.value_before_pln
