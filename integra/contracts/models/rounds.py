"""A procurement round (zaproszenie do składania ofert, World Bank CPP): the services it offers
with their budgets, the criteria, the compulsory information meeting and its attendance, and the
evaluation committee."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from integra.contracts import rules
from integra.contracts.policies import READERS, is_provider_user
from integra.core.scope import prefix_q


class ProcurementRoundQuerySet(models.QuerySet["ProcurementRound"]):
    def visible_to(self, user: Any) -> ProcurementRoundQuerySet:
        """The rounds of the gminas in the user's scope; a provider user also sees every round
        once published (they make offers anywhere)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        query = prefix_q("gmina__teryt", user.scope_prefixes(READERS))
        if is_provider_user(user):
            query |= ~Q(status=ProcurementRound.Status.PLANNED)
        return self.filter(query)

    def public(self) -> ProcurementRoundQuerySet:
        """The rounds anyone may read: published, and everything after."""
        return self.exclude(status=ProcurementRound.Status.PLANNED)


class ProcurementRound(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        PUBLISHED = "published", _("published")
        OFFERS_CLOSED = "offers_closed", _("offers closed")
        EVALUATED = "evaluated", _("evaluated")
        RESULTS_PUBLISHED = "results_published", _("results published")
        CANCELLED = "cancelled", _("cancelled")

    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.PROTECT,
        related_name="procurement_rounds",
        verbose_name=_("programme"),
    )
    gmina = models.ForeignKey(
        "territories.Territory",
        on_delete=models.PROTECT,
        related_name="procurement_rounds",
        verbose_name=_("gmina"),
    )
    plan = models.ForeignKey(
        "action_plans.ActionPlan",
        on_delete=models.PROTECT,
        related_name="procurement_rounds",
        verbose_name=_("action plan"),
    )
    # The approved version the round was built from (its services and their costs).
    built_from = models.ForeignKey(
        "action_plans.PlanVersion",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("built from the plan version"),
    )
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=rules.TITLE_MAX)
    invitation = models.TextField(_("invitation"), max_length=rules.TEXT_MAX, blank=True)
    deadline_at = models.DateTimeField(_("deadline for offers"))
    meeting_at = models.DateTimeField(_("information meeting"))
    meeting_place = models.CharField(_("meeting place"), max_length=rules.PLACE_MAX)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    repeats = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="repeated_by",
        verbose_name=_("repeats the round"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("offers closed at"), null=True, blank=True)
    evaluated_at = models.DateTimeField(_("evaluated at"), null=True, blank=True)
    results_published_at = models.DateTimeField(_("results published at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.TextField(
        _("reason for cancelling"), max_length=rules.SHORT_TEXT_MAX, blank=True
    )
    lock_version = models.PositiveIntegerField(_("edit version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ProcurementRoundQuerySet.as_manager()

    class Meta:
        ordering = ["gmina__teryt", "-number"]
        verbose_name = _("procurement round")
        verbose_name_plural = _("procurement rounds")
        constraints = [
            models.UniqueConstraint(
                fields=["gmina", "programme", "number"], name="contracts_round_number_in_gmina"
            ),
            models.CheckConstraint(
                condition=Q(meeting_at__lt=models.F("deadline_at")),
                name="contracts_round_meeting_before_deadline",
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancel_reason=""),
                name="contracts_round_cancel_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}/{self.programme.code}: {self.title}"


class RoundService(models.Model):
    """A planned service put to the round (a lot), with its budget: the planned cost in the
    approved version less what contracts already took when the round was built."""

    round = models.ForeignKey(
        ProcurementRound,
        on_delete=models.CASCADE,
        related_name="services",
        verbose_name=_("round"),
    )
    planned_service = models.ForeignKey(
        "action_plans.PlannedService",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("planned service"),
    )
    # The planned service's identity across plan versions (PlannedService.key).
    service_key = models.UUIDField(_("planned service key"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("service"), max_length=rules.TITLE_MAX)
    budget_pln = models.DecimalField(_("budget (PLN)"), max_digits=18, decimal_places=2)

    class Meta:
        ordering = ["round", "position", "pk"]
        verbose_name = _("service of a round")
        verbose_name_plural = _("services of a round")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "service_key"], name="contracts_roundservice_once"
            ),
            models.CheckConstraint(
                condition=Q(budget_pln__gt=0), name="contracts_roundservice_budget_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Criterion(models.Model):
    round = models.ForeignKey(
        ProcurementRound,
        on_delete=models.CASCADE,
        related_name="criteria",
        verbose_name=_("round"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("criterion"), max_length=rules.NAME_MAX)
    description = models.TextField(_("description"), max_length=rules.SHORT_TEXT_MAX, blank=True)
    weight = models.PositiveSmallIntegerField(_("weight (%)"))

    class Meta:
        ordering = ["round", "position", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gte=1, weight__lte=rules.WEIGHTS_TOTAL),
                name="contracts_criterion_weight_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.weight}%)"


class MeetingAttendance(models.Model):
    """A provider present at the compulsory information meeting."""

    round = models.ForeignKey(
        ProcurementRound,
        on_delete=models.CASCADE,
        related_name="attendance",
        verbose_name=_("round"),
    )
    provider = models.ForeignKey(
        "providers.Provider",
        on_delete=models.PROTECT,
        related_name="meetings_attended",
        verbose_name=_("provider"),
    )
    representative = models.CharField(_("representative"), max_length=rules.NAME_MAX, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["round", "provider__name"]
        verbose_name = _("meeting attendance")
        verbose_name_plural = _("meeting attendance")
        constraints = [
            models.UniqueConstraint(fields=["round", "provider"], name="contracts_attendance_once"),
        ]

    def __str__(self) -> str:
        return str(self.provider)


class CommitteeMember(models.Model):
    """A member of the evaluation committee, who declares impartiality before scoring."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("chair")
        MEMBER = "member", _("member")
        SECRETARY = "secretary", _("secretary")

    round = models.ForeignKey(
        ProcurementRound,
        on_delete=models.CASCADE,
        related_name="committee",
        verbose_name=_("round"),
    )
    name = models.CharField(_("name"), max_length=rules.NAME_MAX)
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    impartiality_declared_on = models.DateField(
        _("impartiality declared on"), null=True, blank=True
    )

    class Meta:
        ordering = ["round", "pk"]
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")

    def __str__(self) -> str:
        return self.name

    @property
    def has_declared(self) -> bool:
        return self.impartiality_declared_on is not None
