"""Monitoring: the indicators (definitions, targets per programme and territory, values entered
per period for those Integra cannot compute) and the gmina's quarterly progress report
(sprawozdanie kwartalne), whose accepted version keeps its figures as they were."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from integra.core.scope import prefix_q
from integra.monitoring import rules
from integra.monitoring.policies import READERS


class Indicator(models.Model):
    """One indicator: computed from the data by `selectors.indicators`, or entered per period."""

    class Level(models.TextChoices):
        OUTPUT = "output", _("output")
        RESULT = "result", _("result")
        IMPACT = "impact", _("impact")

    class Source(models.TextChoices):
        COMPUTED = "computed", _("computed from the data")
        ENTERED = "entered", _("entered")

    class Aggregation(models.TextChoices):
        # Counts and amounts: a voivodeship is the sum of its gminas, the country of its regions.
        SUM = "sum", _("sum")
        # A share: the sums of its numerator and denominator divided, at every level.
        RATIO = "ratio", _("ratio")
        # A mean of the gminas' values.
        MEAN = "mean", _("mean")
        # Things counted once however many gminas share them (a training session).
        DISTINCT = "distinct", _("distinct count")

    code = models.CharField(_("code"), max_length=rules.CODE_MAX, unique=True)
    name_pl = models.CharField(_("name (Polish)"), max_length=rules.NAME_MAX)
    name_en = models.CharField(_("name (English)"), max_length=rules.NAME_MAX)
    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    unit = models.CharField(_("unit"), max_length=rules.UNIT_MAX)
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    aggregation = models.CharField(_("aggregation"), max_length=8, choices=Aggregation.choices)
    # The dimensions the value is broken down by: group, sex, age_band, kind, category, gmina_type.
    disaggregations = models.JSONField(_("disaggregations"), default=list, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return f"{self.code} {self.name_pl}"

    @property
    def is_additive(self) -> bool:
        return self.aggregation == self.Aggregation.SUM


class TargetQuerySet(models.QuerySet["Target"]):
    def visible_to(self, user: Any) -> TargetQuerySet:
        """The targets of the areas the user reads: the country's only for the ministry."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(prefix_q("teryt", user.scope_prefixes(READERS)))


class Target(models.Model):
    """The baseline and the target of an indicator in a programme, for the whole country
    (`teryt` empty), a voivodeship or a gmina."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="targets", verbose_name=_("indicator")
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.CASCADE,
        related_name="indicator_targets",
        verbose_name=_("programme"),
    )
    teryt = models.CharField(_("territory (TERYT)"), max_length=7, blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=18, decimal_places=2, default=0)
    target = models.DecimalField(_("target"), max_digits=18, decimal_places=2)
    lock_version = models.PositiveIntegerField(_("edit version"), default=1)

    objects = TargetQuerySet.as_manager()

    class Meta:
        ordering = ["programme", "teryt", "indicator__position"]
        verbose_name = _("indicator target")
        verbose_name_plural = _("indicator targets")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "programme", "teryt"], name="monitoring_target_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.teryt or 'PL'}: {self.target}"


class IndicatorValueQuerySet(models.QuerySet["IndicatorValue"]):
    def visible_to(self, user: Any) -> IndicatorValueQuerySet:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(prefix_q("gmina__teryt", user.scope_prefixes(READERS)))


class IndicatorValue(models.Model):
    """A value of an entered indicator for a gmina and a period (what Integra cannot count)."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="values", verbose_name=_("indicator")
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.CASCADE,
        related_name="indicator_values",
        verbose_name=_("programme"),
    )
    gmina = models.ForeignKey(
        "territories.Territory",
        on_delete=models.PROTECT,
        related_name="indicator_values",
        verbose_name=_("gmina"),
    )
    period = models.CharField(_("period"), max_length=8)
    ends_on = models.DateField(_("period ends on"))
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=2)
    entered_at = models.DateTimeField(_("entered at"), auto_now=True)
    lock_version = models.PositiveIntegerField(_("edit version"), default=1)

    objects = IndicatorValueQuerySet.as_manager()

    class Meta:
        ordering = ["programme", "gmina__teryt", "ends_on"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "programme", "gmina", "period"],
                name="monitoring_value_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period}: {self.value}"


class ProgressReportQuerySet(models.QuerySet["ProgressReport"]):
    def visible_to(self, user: Any) -> ProgressReportQuerySet:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(prefix_q("gmina__teryt", user.scope_prefixes(READERS)))


class ProgressReport(models.Model):
    """A gmina's quarterly progress report: the figures computed from the data and the gmina's
    narrative; submitted by the coordinator, accepted or returned by the consultant. Once
    accepted, `figures` holds the snapshot the consultant accepted and the period is closed."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned for corrections")
        ACCEPTED = "accepted", _("accepted")

    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.PROTECT,
        related_name="progress_reports",
        verbose_name=_("programme"),
    )
    gmina = models.ForeignKey(
        "territories.Territory",
        on_delete=models.PROTECT,
        related_name="progress_reports",
        verbose_name=_("gmina"),
    )
    period = models.CharField(_("quarter"), max_length=8)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    problems = models.TextField(_("problems"), max_length=rules.NARRATIVE_MAX, blank=True)
    remedies = models.TextField(_("remedies"), max_length=rules.NARRATIVE_MAX, blank=True)
    # The figures as accepted (null until then): later changes of the data never rewrite them.
    figures = models.JSONField(_("figures as accepted"), null=True, blank=True)
    return_comment = models.TextField(
        _("comment on return"), max_length=rules.COMMENT_MAX, blank=True
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    lock_version = models.PositiveIntegerField(_("edit version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ProgressReportQuerySet.as_manager()

    class Meta:
        ordering = ["gmina__teryt", "-ends_on"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "gmina", "period"], name="monitoring_report_once"
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(return_comment=""),
                name="monitoring_report_return_has_comment",
            ),
            models.CheckConstraint(
                condition=~Q(status="accepted") | Q(figures__isnull=False),
                name="monitoring_report_accepted_keeps_figures",
            ),
        ]
        indexes = [models.Index(fields=["status", "ends_on"], name="monitoring_report_status")]

    def __str__(self) -> str:
        return f"{self.gmina} {self.period}"


class IndicatorSummary(models.Model):
    """What the costly computed indicators add up to, per gmina and per voivodeship and quarter:
    the contracts, their value, partnerships, providers and services, the NGOs brought in, the
    people reached and the EUR spent (`selectors.summaries` writes and reads them). A gmina row
    holds the events of one quarter (signatures, acceptances; a provider or an NGO counted on the
    day of its first contract); a voivodeship row is the sum of its gminas' rows, so that the
    national figures read a few thousand rows instead of every contract and row of reach.
    Derived data: the plain computation is the truth, and a test holds them equal."""

    class Level(models.TextChoices):
        GMINA = "G", _("gmina")
        VOIVODESHIP = "V", _("voivodeship")

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="+"
    )
    level = models.CharField(max_length=1, choices=Level.choices)
    # The key the plain computation uses (a gmina's TERYT; an organiser's shorter code), or the
    # voivodeship's two digits on its own rows.
    teryt = models.CharField(max_length=7)
    voivodeship = models.CharField(max_length=2)
    quarter = models.DateField(help_text="The first day of the quarter of the events.")
    last_on = models.DateField(help_text="The latest day of an event counted in the row.")
    code = models.CharField(max_length=40)
    # '' counts every target group; a group's code, its share (the indicators that know groups).
    group = models.CharField(max_length=20, blank=True)
    dimension = models.CharField(max_length=20, blank=True)
    part = models.CharField(max_length=60, blank=True)
    amount = models.DecimalField(max_digits=20, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "programme",
                    "level",
                    "teryt",
                    "quarter",
                    "code",
                    "group",
                    "dimension",
                    "part",
                ],
                name="monitoring_summary_once",
            ),
        ]
        indexes = [
            models.Index(
                fields=["programme", "level", "voivodeship", "quarter"],
                name="monitoring_summary_area",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.teryt} {self.quarter}: {self.amount}"


class SummaryState(models.Model):
    """A programme's summary rows were built whole (`selectors.summaries.build`): until then
    (data loaded before them, a bulk load under way) the computation reads the plain data."""

    programme = models.OneToOneField(
        "programmes.Programme", on_delete=models.CASCADE, related_name="+"
    )
    built_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.programme_id}: {self.built_at:%Y-%m-%d %H:%M}"
