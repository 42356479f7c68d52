"""A gmina's strategy for solving social problems (GSRPS): diagnosis, goals, team, participation.

The tables keep the names of the `plans` app the models came from (docs/adr/0008)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from integra.core.scope import prefix_q
from integra.strategies import rules
from integra.strategies.policies import STRATEGY_READERS


def strategy_path(strategy: Strategy, filename: str) -> str:
    # Private storage, never served directly: downloads go through a permission-checked view.
    return f"strategies/{strategy.gmina.teryt}/{filename}"


class StrategyQuerySet(models.QuerySet["Strategy"]):
    def visible_to(self, user: Any) -> StrategyQuerySet:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(prefix_q("gmina__teryt", user.scope_prefixes(STRATEGY_READERS)))


class Strategy(models.Model):
    class Status(models.TextChoices):
        IN_PREPARATION = "in_preparation", _("in preparation")
        CONSULTATION = "consultation", _("in consultation")
        ADOPTED = "adopted", _("adopted")
        UPDATED = "updated", _("updated")

    gmina = models.ForeignKey(
        "territories.Territory",
        on_delete=models.PROTECT,
        related_name="strategies",
        verbose_name=_("gmina"),
    )
    title = models.CharField(_("title"), max_length=rules.TITLE_MAX)
    period_from = models.DateField(_("period from"))
    period_until = models.DateField(_("period until"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.IN_PREPARATION
    )
    resolution_number = models.CharField(
        _("council resolution number"), max_length=rules.NUMBER_MAX, blank=True
    )
    resolution_on = models.DateField(_("council resolution date"), null=True, blank=True)
    document = models.FileField(_("strategy document"), upload_to=strategy_path, blank=True)
    team_ordinance_number = models.CharField(
        _("ordinance appointing the working team"), max_length=rules.NUMBER_MAX, blank=True
    )
    team_ordinance_on = models.DateField(_("ordinance date"), null=True, blank=True)
    lock_version = models.PositiveIntegerField(_("edit version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = StrategyQuerySet.as_manager()

    class Meta:
        db_table = "plans_strategy"
        ordering = ["gmina__teryt", "-period_from"]
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_until__gt=models.F("period_from")),
                name="plans_strategy_period_positive",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["adopted", "updated"])
                | (Q(resolution_on__isnull=False) & ~Q(resolution_number="")),
                name="plans_strategy_adopted_has_resolution",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.gmina.name}: {self.title}"

    @property
    def period_last_day(self) -> dt.date:
        """The last day of the period (stored is the first day after it): what pages show."""
        return self.period_until - dt.timedelta(days=1)

    @property
    def resolution_label(self) -> str:
        return rules.act_number(self.resolution_number)

    @property
    def team_ordinance_label(self) -> str:
        return rules.act_number(self.team_ordinance_number)


class DiagnosisEntry(models.Model):
    """One problem of a target group, with its figure and where the figure comes from."""

    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="diagnosis", verbose_name=_("strategy")
    )
    target_group = models.ForeignKey(
        "catalog.TargetGroup",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("target group"),
    )
    problem = models.TextField(_("problem"), max_length=rules.PROBLEM_MAX)
    figure = models.DecimalField(
        _("figure"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    figure_unit = models.CharField(
        _("unit of the figure"), max_length=rules.FIGURE_UNIT_MAX, blank=True
    )
    source = models.CharField(_("source"), max_length=rules.SOURCE_MAX, blank=True)
    # The version of the item an editor saw: a save over a newer one is refused.
    lock_version = models.PositiveIntegerField(_("edit version"), default=1)

    class Meta:
        db_table = "plans_diagnosisentry"
        ordering = ["strategy", "target_group__position", "pk"]
        verbose_name = _("diagnosis entry")
        verbose_name_plural = _("diagnosis entries")

    def __str__(self) -> str:
        return f"{self.target_group.code}: {self.problem[:60]}"


class Goal(models.Model):
    """A strategic goal, or an operational goal under one."""

    class Kind(models.TextChoices):
        STRATEGIC = "strategic", _("strategic goal")
        OPERATIONAL = "operational", _("operational goal")

    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="goals", verbose_name=_("strategy")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("strategic goal"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    code = models.CharField(_("number"), max_length=rules.GOAL_CODE_MAX)
    title = models.CharField(_("goal"), max_length=rules.GOAL_TITLE_MAX)
    # The version of the item an editor saw: a save over a newer one is refused.
    lock_version = models.PositiveIntegerField(_("edit version"), default=1)

    class Meta:
        db_table = "plans_goal"
        ordering = ["strategy", "code"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        constraints = [
            models.UniqueConstraint(fields=["strategy", "code"], name="plans_goal_code_unique"),
            models.CheckConstraint(
                condition=(Q(kind="strategic") & Q(parent__isnull=True))
                | (Q(kind="operational") & Q(parent__isnull=False)),
                name="plans_goal_operational_has_parent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class TeamMember(models.Model):
    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="team", verbose_name=_("strategy")
    )
    name = models.CharField(_("name"), max_length=rules.NAME_MAX)
    institution = models.CharField(_("institution"), max_length=rules.INSTITUTION_MAX, blank=True)
    team_role = models.CharField(_("role in the team"), max_length=rules.TEAM_ROLE_MAX, blank=True)
    # The version of the item an editor saw: a save over a newer one is refused.
    lock_version = models.PositiveIntegerField(_("edit version"), default=1)

    class Meta:
        db_table = "plans_teammember"
        ordering = ["strategy", "pk"]
        verbose_name = _("working team member")
        verbose_name_plural = _("working team members")

    def __str__(self) -> str:
        return self.name


class ParticipationEvent(models.Model):
    """A step of preparing the strategy with residents and partners."""

    class Kind(models.TextChoices):
        TEAM_MEETING = "team_meeting", _("working team meeting")
        VILLAGE_MEETING = "village_meeting", _("village meeting")
        SURVEY = "survey", _("survey")
        WORKSHOP = "workshop", _("workshop")
        CONSULTANT_MEETING = "consultant_meeting", _("meeting with the consultant")

    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="events", verbose_name=_("strategy")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=rules.PLACE_MAX)
    participants = models.PositiveIntegerField(_("participants"))
    notes = models.TextField(_("notes"), max_length=rules.NOTES_MAX, blank=True)
    # The version of the item an editor saw: a save over a newer one is refused.
    lock_version = models.PositiveIntegerField(_("edit version"), default=1)

    class Meta:
        db_table = "plans_participationevent"
        ordering = ["strategy", "held_on", "pk"]
        verbose_name = _("participation event")
        verbose_name_plural = _("participation events")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on}"
