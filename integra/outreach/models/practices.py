"""Good practices (dobre praktyki): a gmina proposes what worked — the service, the groups it
served, what was done, the results with figures, photos with their alternative text and an office
contact — with its contracts and provider reports as evidence; the regional consultant edits it;
the ministry publishes it to the public library or rejects it. One `Workflow`."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from integra.core.scope import prefix_q
from integra.core.workflow import Transition, TransitionRefused, Workflow
from integra.outreach import rules
from integra.outreach.policies import PROGRAMME_ROLES


class PracticeRefused(TransitionRefused):
    code = "good_practice_state"


class PracticeQuerySet(models.QuerySet["GoodPractice"]):
    def visible_to(self, user: Any) -> PracticeQuerySet:
        """The programme roles over the gmina see its practices in every state; everybody
        (anonymous included) sees the published ones."""
        published = Q(status=GoodPractice.Status.PUBLISHED)
        if not getattr(user, "is_authenticated", False):
            return self.filter(published)
        prefixes = user.scope_prefixes(PROGRAMME_ROLES)
        if "" in prefixes:
            return self.all()
        if not prefixes:
            return self.filter(published)
        return self.filter(published | prefix_q("gmina__teryt", prefixes))

    def published(self) -> PracticeQuerySet:
        return self.filter(status=GoodPractice.Status.PUBLISHED)


class GoodPractice(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        PUBLISHED = "published", _("published")
        REJECTED = "rejected", _("rejected")

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
    title = models.CharField(_("title"), max_length=rules.PRACTICE_TITLE_LENGTH)
    service_type = models.ForeignKey(
        "catalog.ServiceType",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("service type"),
    )
    groups = models.ManyToManyField(
        "catalog.TargetGroup", related_name="+", verbose_name=_("target groups")
    )
    what_was_done = models.TextField(_("what was done"), max_length=rules.PRACTICE_TEXT_LENGTH)
    results = models.TextField(_("results"), max_length=rules.PRACTICE_TEXT_LENGTH)
    people_reached = models.PositiveIntegerField(_("people reached"))
    # An office's contact (the GOPS, the gmina office): never a natural person's own data.
    contact_office = models.CharField(_("contact office"), max_length=rules.OFFICE_LENGTH)
    contact_email = models.EmailField(_("office e-mail"), max_length=rules.EMAIL_LENGTH, blank=True)
    contact_phone = models.CharField(_("office phone"), max_length=rules.PHONE_LENGTH, blank=True)
    contracts = models.ManyToManyField(
        "contracts.Contract", related_name="+", blank=True, verbose_name=_("contracts")
    )
    reports = models.ManyToManyField(
        "contracts.ProviderReport", related_name="+", blank=True, verbose_name=_("provider reports")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED
    )
    decision_note = models.TextField(
        _("reason for the decision"), max_length=rules.PRACTICE_NOTE_LENGTH, blank=True
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    lock_version = models.PositiveIntegerField(_("edit version"), default=1)
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PracticeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="outreach_practice_published_dated",
            ),
        ]
        indexes = [models.Index(fields=["status", "gmina"], name="outreach_practice_status")]

    def __str__(self) -> str:
        return self.title


WORKFLOW = Workflow(
    Transition.of("edit", {GoodPractice.Status.PROPOSED}, None, _("edit")),
    Transition.of("add_photo", {GoodPractice.Status.PROPOSED}, None, _("add a photo")),
    Transition.of(
        "publish", {GoodPractice.Status.PROPOSED}, GoodPractice.Status.PUBLISHED, _("publish")
    ),
    Transition.of(
        "reject", {GoodPractice.Status.PROPOSED}, GoodPractice.Status.REJECTED, _("reject")
    ),
    refused=PracticeRefused,
)


def photo_path(instance: PracticePhoto, filename: str) -> str:
    return f"outreach/practices/{instance.practice_id}/{filename}"


class PracticePhoto(models.Model):
    """A photo of the practice with its alternative text (shown publicly once published)."""

    practice = models.ForeignKey(
        GoodPractice, on_delete=models.CASCADE, related_name="photos", verbose_name=_("practice")
    )
    file = models.FileField(_("file"), upload_to=photo_path, max_length=300)
    alt_text = models.CharField(_("alternative text"), max_length=rules.ALT_TEXT_LENGTH)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("photo of a good practice")
        verbose_name_plural = _("photos of good practices")

    def __str__(self) -> str:
        return self.alt_text
