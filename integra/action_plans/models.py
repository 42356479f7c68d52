"""Action Plans: one per gmina, programme and year, kept as reviewed versions ("stan na dzień")
of planned services, with review comments and public-consultation comments. The tables keep the
names of the `plans` app the models came from (docs/adr/0008)."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from integra.action_plans import rules
from integra.action_plans.policies import PLAN_READERS
from integra.core.money import Money
from integra.core.scope import prefix_q


class ActionPlanQuerySet(models.QuerySet["ActionPlan"]):
    def visible_to(self, user: Any) -> ActionPlanQuerySet:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(prefix_q("gmina__teryt", user.scope_prefixes(PLAN_READERS)))


class ActionPlan(models.Model):
    """The plan of a gmina for one year of a programme; its content lives in its versions."""

    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.PROTECT,
        related_name="action_plans",
        verbose_name=_("programme"),
    )
    gmina = models.ForeignKey(
        "territories.Territory",
        on_delete=models.PROTECT,
        related_name="action_plans",
        verbose_name=_("gmina"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ActionPlanQuerySet.as_manager()

    class Meta:
        db_table = "plans_actionplan"
        ordering = ["programme", "gmina__teryt", "year"]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "gmina", "year"], name="plans_actionplan_once_per_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme.code} {self.gmina.name} {self.year}"


class PlanVersionQuerySet(models.QuerySet["PlanVersion"]):
    def visible_to(self, user: Any) -> PlanVersionQuerySet:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(prefix_q("plan__gmina__teryt", user.scope_prefixes(PLAN_READERS)))


class PlanVersion(models.Model):
    """One version of an Action Plan as of a date: its sections and planned services."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned for corrections")
        APPROVED = "approved", _("approved")
        SUPERSEDED = "superseded", _("superseded")

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="versions", verbose_name=_("plan")
    )
    number = models.PositiveSmallIntegerField(_("version"))
    as_of = models.DateField(_("as of"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    strategy = models.ForeignKey(
        "strategies.Strategy",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_versions",
        verbose_name=_("strategy"),
    )
    # Sections of the plan.
    gmina_address = models.TextField(_("gmina address"), max_length=rules.ADDRESS_MAX, blank=True)
    contact_name = models.CharField(
        _("contact person for the region"), max_length=rules.CONTACT_NAME_MAX, blank=True
    )
    contact_email = models.EmailField(_("contact e-mail"), max_length=rules.EMAIL_MAX, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=rules.PHONE_MAX, blank=True)
    diagnosis_summary = models.TextField(
        _("diagnosis summary"), max_length=rules.SECTION_MAX, blank=True
    )
    continuity = models.TextField(
        _("continuity of the services"), max_length=rules.SECTION_MAX, blank=True
    )
    consultation = models.TextField(_("consultation"), max_length=rules.SECTION_MAX, blank=True)
    # The EUR equivalents of planned costs use one rate per version, kept with its table.
    rate_pln_per_eur = models.DecimalField(
        _("EUR rate (PLN)"), max_digits=10, decimal_places=4, null=True, blank=True
    )
    rate_table_no = models.CharField(_("rate table"), max_length=32, blank=True)
    rate_table_on = models.DateField(_("rate table date"), null=True, blank=True)
    rate_source = models.CharField(_("rate source"), max_length=32, blank=True)
    # Public consultation: a read-only page of the draft, reached by an unguessable key.
    public_key = models.UUIDField(_("public consultation key"), null=True, blank=True, unique=True)
    # Review.
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approval_letter_number = models.CharField(
        _("approval letter number"), max_length=rules.LETTER_NUMBER_MAX, blank=True
    )
    approval_letter_on = models.DateField(_("approval letter date"), null=True, blank=True)
    lock_version = models.PositiveIntegerField(_("edit version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PlanVersionQuerySet.as_manager()

    class Meta:
        db_table = "plans_planversion"
        ordering = ["plan", "-number"]
        verbose_name = _("action plan version")
        verbose_name_plural = _("action plan versions")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plans_planversion_number"),
            models.UniqueConstraint(
                fields=["plan"],
                condition=Q(status="approved"),
                name="plans_planversion_one_approved_per_plan",
            ),
            models.UniqueConstraint(
                fields=["plan"],
                condition=Q(status__in=["draft", "submitted", "returned"]),
                name="plans_planversion_one_open_per_plan",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["approved", "superseded"])
                | (
                    Q(approved_at__isnull=False, approval_letter_on__isnull=False)
                    & ~Q(approval_letter_number="")
                ),
                name="plans_planversion_approved_has_letter",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} v{self.number} ({self.as_of})"

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    def eur(self, amount_pln: Decimal) -> Decimal | None:
        """The EUR equivalent of a PLN amount at the version's rate, half-up to the cent."""
        if not self.rate_pln_per_eur:
            return None
        return Money(amount_pln / self.rate_pln_per_eur, "EUR").rounded().amount


class PlannedService(models.Model):
    """One row of the plan: a service of a catalogue type for some groups, with its schedule,
    beneficiaries and cost. `key` stays the same across versions so that versions can be diffed."""

    class ProviderKind(models.TextChoices):
        NGO = "ngo", _("non-governmental organisation")
        INFORMAL_GROUP = "informal_group", _("informal group")
        PUBLIC_UNIT = "public_unit", _("gmina's own unit")
        NATURAL_PERSON = "natural_person", _("natural person")
        FIRM = "firm", _("firm")

    version = models.ForeignKey(
        PlanVersion, on_delete=models.CASCADE, related_name="services", verbose_name=_("version")
    )
    key = models.UUIDField(_("key"), default=uuid.uuid4)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    service_type = models.ForeignKey(
        "catalog.ServiceType",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("service type"),
    )
    groups = models.ManyToManyField(
        "catalog.TargetGroup", related_name="+", verbose_name=_("target groups")
    )
    goal = models.ForeignKey(
        "strategies.Goal",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("strategy goal"),
    )
    for_disabled = models.BooleanField(_("for disabled people"), default=False)
    title = models.CharField(_("service"), max_length=rules.SERVICE_TITLE_MAX)
    description = models.TextField(_("description"), max_length=rules.DESCRIPTION_MAX, blank=True)
    villages = models.TextField(_("villages"), max_length=rules.VILLAGES_MAX, blank=True)
    quarters = models.JSONField(_("quarters"), default=list, help_text=_("e.g. 2007-Q1"))
    planned_beneficiaries = models.PositiveIntegerField(_("planned beneficiaries"))
    planned_cost_pln = models.DecimalField(_("planned cost (PLN)"), max_digits=18, decimal_places=2)
    provider_kind = models.CharField(
        _("provider type"), max_length=16, choices=ProviderKind.choices
    )
    non_duplication_declared = models.BooleanField(
        _("does not duplicate services paid from public funds"), default=False
    )
    non_duplication_justification = models.TextField(
        _("justification"), max_length=rules.JUSTIFICATION_MAX, blank=True
    )

    class Meta:
        db_table = "plans_plannedservice"
        ordering = ["version", "position", "pk"]
        verbose_name = _("planned service")
        verbose_name_plural = _("planned services")
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="plans_plannedservice_key"),
            models.CheckConstraint(
                condition=Q(planned_cost_pln__gte=0),
                name="plans_plannedservice_cost_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def planned_cost_eur(self) -> Decimal | None:
        return self.version.eur(self.planned_cost_pln)


class ReviewComment(models.Model):
    """A consultant's opinion or an officer's comment on a section of a submitted version."""

    class Kind(models.TextChoices):
        OPINION = "opinion", _("consultant's opinion")
        RETURN = "return", _("comment on return")
        NOTE = "note", _("note")

    class Section(models.TextChoices):
        GENERAL = "general", _("whole plan")
        CONTACT = "contact", _("gmina address and contact person")
        GOALS = "goals", _("strategy goals")
        DIAGNOSIS = "diagnosis", _("diagnosis")
        SERVICES = "services", _("planned services")
        TRAINING = "training", _("training and expert support")
        BUDGET = "budget", _("budget")
        CONTINUITY = "continuity", _("continuity")
        CONSULTATION = "consultation", _("consultation")

    class Recommendation(models.TextChoices):
        APPROVE = "approve", _("recommends approval")
        RETURN = "return", _("recommends return")

    version = models.ForeignKey(
        PlanVersion, on_delete=models.CASCADE, related_name="comments", verbose_name=_("version")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    section = models.CharField(
        _("section"), max_length=16, choices=Section.choices, default=Section.GENERAL
    )
    recommendation = models.CharField(
        _("recommendation"), max_length=8, choices=Recommendation.choices, blank=True
    )
    text = models.TextField(_("comment"), max_length=rules.COMMENT_MAX)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    author_label = models.CharField(_("author (label)"), max_length=150)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        db_table = "plans_reviewcomment"
        ordering = ["version", "created_at", "pk"]
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_section_display()})"


class PublicComment(models.Model):
    """A resident's comment on a draft put to public consultation."""

    version = models.ForeignKey(
        PlanVersion,
        on_delete=models.CASCADE,
        related_name="public_comments",
        verbose_name=_("version"),
    )
    author_name = models.CharField(
        _("name (optional)"), max_length=rules.AUTHOR_NAME_MAX, blank=True
    )
    text = models.TextField(_("comment"), max_length=rules.COMMENT_MAX)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        db_table = "plans_publiccomment"
        ordering = ["version", "created_at", "pk"]
        verbose_name = _("public comment")
        verbose_name_plural = _("public comments")

    def __str__(self) -> str:
        return self.text[:60]
