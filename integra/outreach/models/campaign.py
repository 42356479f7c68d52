"""The information campaign (component C): an events register — national seminar, regional
conferences, gmina information meetings, media actions — with participants, reach, costs and
materials. No personal data: every programme role reads the whole register."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from integra.outreach import rules
from integra.outreach.policies import PROGRAMME_ROLES


class EventQuerySet(models.QuerySet["CampaignEvent"]):
    def visible_to(self, user: Any) -> EventQuerySet:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.all() if user.scope_prefixes(PROGRAMME_ROLES) else self.none()


class CampaignEvent(models.Model):
    class Kind(models.TextChoices):
        NATIONAL_SEMINAR = rules.NATIONAL_SEMINAR, _("national seminar")
        REGIONAL_CONFERENCE = rules.REGIONAL_CONFERENCE, _("regional conference")
        GMINA_MEETING = rules.GMINA_MEETING, _("gmina information meeting")
        MEDIA_ACTION = rules.MEDIA_ACTION, _("media action")

    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("programme"),
    )
    kind = models.CharField(_("type"), max_length=24, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=rules.TITLE_LENGTH)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=rules.PLACE_LENGTH, blank=True)
    organiser = models.ForeignKey(
        "territories.Territory",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organiser"),
    )
    participants = models.PositiveIntegerField(_("participants"), default=0)
    reach = models.PositiveIntegerField(_("people reached"), default=0)
    reach_note = models.TextField(
        _("how the reach was counted"), max_length=rules.REACH_NOTE_LENGTH, blank=True
    )
    # Charged to component C (the campaign); finance posts it later.
    cost_pln = models.DecimalField(_("cost (PLN)"), max_digits=18, decimal_places=2, default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "pk"]
        verbose_name = _("campaign event")
        verbose_name_plural = _("campaign events")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=rules.EVENT_KINDS), name="outreach_event_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d.%m.%Y})"


def material_path(instance: CampaignMaterial, filename: str) -> str:
    return f"outreach/campaign/{instance.event_id}/{filename}"


class CampaignMaterial(models.Model):
    event = models.ForeignKey(
        CampaignEvent, on_delete=models.CASCADE, related_name="materials", verbose_name=_("event")
    )
    title = models.CharField(_("title"), max_length=rules.OUTPUT_TITLE_LENGTH)
    file = models.FileField(_("file"), upload_to=material_path, max_length=300)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("campaign material")
        verbose_name_plural = _("campaign materials")

    def __str__(self) -> str:
        return self.title
