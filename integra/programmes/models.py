"""Programmes (editions), the gminas taking part in them, and the exchange rates their money is
converted at."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from integra.core.scope import prefix_q
from integra.programmes.policies import PARTICIPATION_READERS
from integra.programmes.rules import AGREEMENT_NUMBER_LENGTH, CODE_LENGTH, NAME_LENGTH


def default_eligible_types() -> list[str]:
    return ["2", "3"]


class Programme(models.Model):
    code = models.CharField(_("code"), max_length=CODE_LENGTH, unique=True)
    name = models.CharField(_("name"), max_length=NAME_LENGTH)
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))
    budget_eur = models.DecimalField(_("budget (EUR)"), max_digits=18, decimal_places=2)
    payment_currency = models.CharField(_("payment currency"), max_length=3, default="PLN")
    training_percent = models.DecimalField(
        _("training and expert line (% of the allocation, on top)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("10.00"),
    )
    rounding_unit_eur = models.DecimalField(
        _("rounding unit of allocations (EUR)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("100.00"),
    )
    eligible_gmina_types = models.JSONField(
        _("eligible gmina types"),
        default=default_eligible_types,
        help_text=_("TERYT type digits: 2 rural, 3 urban-rural (urban gminas never take part)."),
    )
    voivodeships = models.ManyToManyField(
        "territories.Territory", related_name="+", verbose_name=_("voivodeships"), blank=True
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")),
                name="programmes_programme_period_positive",
            ),
            models.CheckConstraint(
                condition=Q(budget_eur__gte=0), name="programmes_programme_budget_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(training_percent__gte=0, training_percent__lte=100),
                name="programmes_programme_training_percent_range",
            ),
            models.CheckConstraint(
                condition=Q(rounding_unit_eur__gt=0), name="programmes_programme_unit_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class ParticipationQuerySet(models.QuerySet):
    def visible_to(self, user) -> ParticipationQuerySet:
        """Participations of the gminas where the user holds a reader role (at the gmina or
        above it); none for an anonymous or inactive user."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(prefix_q("gmina__teryt", user.scope_prefixes(PARTICIPATION_READERS)))


class Participation(models.Model):
    """A gmina taking part in a programme."""

    class Status(models.TextChoices):
        QUALIFIED = "qualified", _("qualified")
        AGREEMENT_SIGNED = "agreement_signed", _("agreement signed")
        ACTIVE = "active", pgettext_lazy("participation status", "active")
        CLOSING = "closing", _("closing")
        CLOSED = "closed", _("closed")
        WITHDRAWN = "withdrawn", _("withdrawn")

    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        related_name="participations",
        verbose_name=_("programme"),
    )
    gmina = models.ForeignKey(
        "territories.Territory",
        on_delete=models.PROTECT,
        related_name="participations",
        verbose_name=_("gmina"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUALIFIED
    )
    selection_rank = models.PositiveIntegerField(_("rank in the selection"), null=True, blank=True)

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        ordering = ["programme", "gmina__teryt"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "gmina"], name="programmes_participation_once_per_programme"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme.code}: {self.gmina.name}"


def agreement_path(agreement: ParticipationAgreement, filename: str) -> str:
    # Private storage, never served directly: downloads go through a permission-checked view.
    participation = agreement.participation
    return f"agreements/{participation.programme.code}/{participation.gmina.teryt}/{filename}"


class ParticipationAgreement(models.Model):
    """The agreement (porozumienie) of a gmina with the voivodeship board."""

    participation = models.ForeignKey(
        Participation,
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("participation"),
    )
    number = models.CharField(_("agreement number"), max_length=AGREEMENT_NUMBER_LENGTH)
    signed_on = models.DateField(_("signed on"))
    signatories = models.TextField(_("signatories"))
    amount_eur = models.DecimalField(_("amount (EUR)"), max_digits=18, decimal_places=2)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    document = models.FileField(_("scanned agreement"), upload_to=agreement_path, blank=True)

    class Meta:
        ordering = ["participation", "signed_on"]
        verbose_name = _("participation agreement")
        verbose_name_plural = _("participation agreements")
        constraints = [
            models.UniqueConstraint(
                fields=["participation", "number"], name="programmes_agreement_unique_number"
            ),
            models.CheckConstraint(
                condition=Q(amount_eur__gt=0), name="programmes_agreement_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__gt=models.F("valid_from")),
                name="programmes_agreement_period_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.participation})"


# The sources of rates: NBP table A (mid rates) and the ECB reference rates.
NBP_TABLE_A = "NBP-A"
ECB = "ECB"


class ExchangeRate(models.Model):
    """PLN per one unit of a currency, as published in one table on one day."""

    class Source(models.TextChoices):
        NBP_A = NBP_TABLE_A, _("NBP table A (mid rate)")
        ECB = "ECB", _("ECB reference rate")

    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    currency = models.CharField(_("currency"), max_length=3)
    effective_on = models.DateField(_("table date"))
    table_no = models.CharField(_("table number"), max_length=20, blank=True)
    mid = models.DecimalField(_("rate (PLN per unit)"), max_digits=14, decimal_places=8)

    class Meta:
        ordering = ["source", "currency", "effective_on"]
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "currency", "effective_on"],
                name="programmes_exchangerate_one_per_day",
            ),
            models.CheckConstraint(
                condition=models.Q(mid__gt=0), name="programmes_exchangerate_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.currency} {self.effective_on} {self.mid} ({self.table_no or self.source})"
