"""The maps' summary rows: per programme and gmina the figures `selectors.measures` sums, kept
in the same transaction as the writes that change them (`summaries`), read once a full build of
the programme wrote them (`MeasuresState`)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class GminaMeasures(models.Model):
    """One gmina's committed, paid to date, people reached and contracts per target group in a
    programme — exactly the plain aggregates of `selectors.measures` (tests compare them)."""

    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("programme"),
    )
    gmina = models.ForeignKey(
        "territories.Territory",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("gmina"),
    )
    committed_pln = models.DecimalField(
        _("committed (PLN)"), max_digits=18, decimal_places=2, default=0
    )
    committed_eur = models.DecimalField(
        _("committed (EUR)"), max_digits=18, decimal_places=2, default=0
    )
    paid_pln = models.DecimalField(
        _("paid to date (PLN)"), max_digits=18, decimal_places=2, default=0
    )
    last_paid_on = models.DateField(_("last payment counted"), null=True, blank=True)
    people_reached = models.PositiveBigIntegerField(_("people reached"), default=0)
    contracts_by_group = models.JSONField(_("contracts per target group"), default=dict)

    class Meta:
        verbose_name = _("gmina's measures")
        verbose_name_plural = _("gminas' measures")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "gmina"], name="dashboards_gminameasures_one_per_gmina"
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme_id}/{self.gmina_id}"


class MeasuresState(models.Model):
    """A programme's summary: its row is the lock writers take before refreshing their gminas;
    `built_at` is set by a full build — until then the rows are never read."""

    programme = models.OneToOneField(
        "programmes.Programme",
        on_delete=models.CASCADE,
        related_name="measures_state",
        verbose_name=_("programme"),
    )
    built_at = models.DateTimeField(_("built at"), null=True, blank=True)

    class Meta:
        verbose_name = _("measures' state")
        verbose_name_plural = _("measures' states")

    def __str__(self) -> str:
        return f"{self.programme_id}: {self.built_at}"
