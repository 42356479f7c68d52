"""Reference data of eligible services: the target groups and the classified service types."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class LocalisedName(models.Model):
    """A stable code with a Polish and an English name; `name` follows the active language."""

    code = models.CharField(_("code"), max_length=16, unique=True)
    name_pl = models.CharField(_("name (Polish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "pl").startswith("en") else self.name_pl


class TargetGroup(LocalisedName):
    """Elderly (OS), children and youth (DM), families (RD), the whole community (SP)."""

    class Meta(LocalisedName.Meta):
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")


class ServiceTypeQuerySet(models.QuerySet):
    def active(self) -> ServiceTypeQuerySet:
        return self.filter(retired_on__isnull=True)


class ServiceType(LocalisedName):
    """One eligible kind of service, tied to the groups it serves and to the allocation line that
    pays for it (services, or training and expert support for the gmina's capacity)."""

    class Line(models.TextChoices):
        SERVICES = "services", _("services line")
        TRAINING = "training", _("training and expert support line")

    groups = models.ManyToManyField(
        TargetGroup, related_name="service_types", verbose_name=_("target groups"), blank=True
    )
    line = models.CharField(_("line"), max_length=10, choices=Line.choices, default=Line.SERVICES)
    description = models.TextField(_("description"), blank=True)
    retired_on = models.DateField(_("retired on"), null=True, blank=True)
    # Raised by every change; an edit states the one its editor saw (no silent lost update).
    lock_version = models.PositiveIntegerField(_("edit version"), default=1)

    objects = ServiceTypeQuerySet.as_manager()

    class Meta(LocalisedName.Meta):
        verbose_name = _("service type")
        verbose_name_plural = _("service types")
        constraints = [
            models.CheckConstraint(
                condition=Q(line__in=["services", "training"]),
                name="catalog_servicetype_line_known",
            ),
        ]

    @property
    def is_retired(self) -> bool:
        return self.retired_on is not None
