"""Components of the loan and the World Bank procurement plan."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from integra.finance import rules
from integra.finance.policies import can_view_components


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
    The contracts that carry it out are linked here (`ItemContract`): contracts sits below
    finance and knows nothing of components."""

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


class ItemContractQuerySet(models.QuerySet["ItemContract"]):
    def visible_to(self, user: Any) -> ItemContractQuerySet:
        return self.all() if can_view_components(user) else self.none()


class ItemContract(models.Model):
    """A contract that carries out a procurement-plan item (a contract carries out one item at
    most). A component-level contract (no gmina) is committed against the item's component: its
    EUR equivalent at the NBP rate of the last table before its signing is kept here, and the
    ledger's commitment and the component's budget count it. A gmina's contract is linked for
    the report only (its money sits on its planned services): no rate, no EUR kept."""

    item = models.ForeignKey(
        ProcurementItem,
        on_delete=models.PROTECT,
        related_name="contract_links",
        verbose_name=_("procurement-plan item"),
    )
    contract = models.OneToOneField(
        "contracts.Contract",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("procurement", "contract"),
    )
    amount_eur = models.DecimalField(
        _("committed (EUR)"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    rate = models.DecimalField(
        _("NBP rate"), max_digits=14, decimal_places=8, null=True, blank=True
    )
    rate_table = models.CharField(_("NBP table"), max_length=40, blank=True)
    rate_on = models.DateField(_("NBP table of"), null=True, blank=True)
    linked_at = models.DateTimeField(_("linked at"), auto_now_add=True)

    objects = ItemContractQuerySet.as_manager()

    class Meta:
        ordering = ["item", "pk"]
        verbose_name = _("contract of a procurement-plan item")
        verbose_name_plural = _("contracts of procurement-plan items")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_eur__isnull=True, rate__isnull=True, rate_on__isnull=True)
                | Q(amount_eur__gt=0, rate__gt=0, rate_on__isnull=False),
                name="finance_itemcontract_rate_kept",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.contract_id}"

    @property
    def is_committed(self) -> bool:
        """A component-level contract, committed against the component in EUR."""
        return self.amount_eur is not None


# Transfers to gminas --------------------------------------------------------------------------
