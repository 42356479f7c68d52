"""Allocation runs: the inputs, parameters and per-gmina results of one split of a budget."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from integra.allocations.policies import can_view_allocation_runs


class AllocationRunQuerySet(models.QuerySet):
    def visible_to(self, user) -> AllocationRunQuerySet:
        """Runs are national: every run for a ministry reader, none for anyone else."""
        return self.all() if can_view_allocation_runs(user) else self.none()


class AllocationRun(models.Model):
    class Method(models.TextChoices):
        POPULATION = "population", _("proportional to population")
        EQUAL = "equal", _("equal shares")
        IMPORT = "import", _("amounts imported from a file")

    class Indicator(models.TextChoices):
        TOTAL = "total", _("total population")
        AGE_0_17 = "age_0_17", _("people aged 0–17")
        POST_WORKING = "post_working", _("post-working age")
        WEIGHTED = "weighted", _("weighted sum of indicators")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        SUPERSEDED = "superseded", _("superseded")

    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.PROTECT,
        related_name="allocation_runs",
        verbose_name=_("programme"),
    )
    method = models.CharField(_("method"), max_length=12, choices=Method.choices)
    indicator = models.CharField(
        _("indicator"), max_length=12, choices=Indicator.choices, default=Indicator.TOTAL
    )
    # Frozen input of the weighted sum: {indicator code: weight as a decimal string}, e.g.
    # {"total": "1", "age_0_17": "0.5", "post_working": "0.5"}; empty for any other indicator.
    indicator_weights = models.JSONField(_("weights of the indicators"), default=dict, blank=True)
    data_year = models.PositiveSmallIntegerField(_("year of the data"))
    budget_eur = models.DecimalField(_("budget (EUR)"), max_digits=18, decimal_places=2)
    unit_eur = models.DecimalField(
        _("rounding unit (EUR)"), max_digits=18, decimal_places=2, default=100
    )
    floor_eur = models.DecimalField(
        _("floor per gmina (EUR)"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    cap_eur = models.DecimalField(
        _("cap per gmina (EUR)"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_by_label = models.CharField(_("created by (label)"), max_length=150)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    inputs = models.JSONField(_("inputs ({TERYT: indicator value})"), default=dict)

    objects = AllocationRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("allocation run")
        verbose_name_plural = _("allocation runs")
        constraints = [
            models.UniqueConstraint(
                fields=["programme"],
                condition=Q(status="published"),
                name="allocations_allocationrun_one_published_per_programme",
            ),
            models.CheckConstraint(
                condition=Q(budget_eur__gte=0), name="allocations_allocationrun_budget_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(unit_eur__gt=0), name="allocations_allocationrun_unit_positive"
            ),
            models.CheckConstraint(
                condition=Q(status="published", published_at__isnull=False)
                | ~Q(status="published"),
                name="allocations_allocationrun_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme.code} #{self.pk} ({self.get_method_display()}, {self.status})"

    @property
    def is_locked(self) -> bool:
        return self.status != self.Status.DRAFT


class AllocationResult(models.Model):
    """The amount one gmina receives in a run, with the indicator value it was computed from."""

    run = models.ForeignKey(
        AllocationRun, on_delete=models.CASCADE, related_name="results", verbose_name=_("run")
    )
    gmina = models.ForeignKey(
        "territories.Territory",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("gmina"),
    )
    indicator_value = models.DecimalField(
        _("indicator value"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    amount_eur = models.DecimalField(_("amount (EUR)"), max_digits=18, decimal_places=2)
    # The edit version of the gmina's allocation in the run — its amount and its schedule of
    # tranches: an amendment, a schedule edit or a transfer raises it; an edit states the one it
    # saw and is refused when another landed in between (no silent lost update).
    lock_version = models.PositiveIntegerField(_("edit version"), default=1)

    class Meta:
        ordering = ["run", "gmina__teryt"]
        verbose_name = _("allocation result")
        verbose_name_plural = _("allocation results")
        constraints = [
            models.UniqueConstraint(
                fields=["run", "gmina"], name="allocations_allocationresult_once_per_run"
            ),
            models.CheckConstraint(
                condition=Q(amount_eur__gte=0),
                name="allocations_allocationresult_amount_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.gmina.teryt}: {self.amount_eur}"


class AllocationAmendment(models.Model):
    """A recorded change of one gmina's amount in a published run, with its reason."""

    run = models.ForeignKey(
        AllocationRun, on_delete=models.PROTECT, related_name="amendments", verbose_name=_("run")
    )
    gmina = models.ForeignKey(
        "territories.Territory",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("gmina"),
    )
    amount_before_eur = models.DecimalField(
        _("amount before (EUR)"), max_digits=18, decimal_places=2
    )
    amount_after_eur = models.DecimalField(_("amount after (EUR)"), max_digits=18, decimal_places=2)
    reason = models.TextField(_("reason"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("amended by"),
    )
    actor_label = models.CharField(_("amended by (label)"), max_length=150)
    amended_at = models.DateTimeField(_("amended at"), auto_now_add=True)

    class Meta:
        ordering = ["-amended_at", "-pk"]
        verbose_name = _("allocation amendment")
        verbose_name_plural = _("allocation amendments")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_before_eur__gte=0, amount_after_eur__gte=0),
                name="allocations_allocationamendment_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=~Q(reason=""), name="allocations_allocationamendment_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.gmina.teryt}: {self.amount_before_eur} → {self.amount_after_eur}"


class Tranche(models.Model):
    """One annual instalment of a gmina's allocation (services and training lines, EUR) and, once
    transferred, the PLN paid with the exchange rate that converts it back to EUR."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        TRANSFERRED = "transferred", _("transferred")

    result = models.ForeignKey(
        AllocationResult,
        on_delete=models.PROTECT,
        related_name="tranches",
        verbose_name=_("allocation result"),
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("programme"),
    )
    gmina = models.ForeignKey(
        "territories.Territory",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("gmina"),
    )
    number = models.PositiveSmallIntegerField(_("number"))
    year = models.PositiveSmallIntegerField(_("year"))
    amount_eur = models.DecimalField(_("amount (EUR)"), max_digits=18, decimal_places=2)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    transferred_on = models.DateField(_("transferred on"), null=True, blank=True)
    amount_pln = models.DecimalField(
        _("amount transferred (PLN)"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    rate = models.DecimalField(
        _("rate (PLN per EUR)"), max_digits=14, decimal_places=8, null=True, blank=True
    )
    rate_table_no = models.CharField(_("rate table number"), max_length=20, blank=True)
    rate_table_on = models.DateField(_("rate table date"), null=True, blank=True)
    rate_source = models.CharField(_("rate source"), max_length=8, blank=True)
    eur_equivalent = models.DecimalField(
        _("EUR equivalent"), max_digits=18, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["result", "number"]
        verbose_name = _("tranche")
        verbose_name_plural = _("tranches")
        constraints = [
            models.UniqueConstraint(
                fields=["result", "number"], name="allocations_tranche_number_once_per_result"
            ),
            models.CheckConstraint(
                condition=Q(amount_eur__gte=0), name="allocations_tranche_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(status="planned", transferred_on__isnull=True, amount_pln__isnull=True)
                | Q(
                    status="transferred",
                    transferred_on__isnull=False,
                    amount_pln__gt=0,
                    rate__gt=0,
                    rate_table_on__isnull=False,
                    eur_equivalent__isnull=False,
                ),
                name="allocations_tranche_transfer_complete",
            ),
        ]

    def __str__(self) -> str:
        return _("%(programme)s %(teryt)s tranche %(number)s (%(year)s)") % {
            "programme": self.programme.code,
            "teryt": self.gmina.teryt,
            "number": self.number,
            "year": self.year,
        }

    @property
    def is_transferred(self) -> bool:
        return self.status == self.Status.TRANSFERRED
