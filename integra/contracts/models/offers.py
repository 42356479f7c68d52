"""An offer to a round's service (a lot): the technical part (people per group, actions by
quarter, expected results), the financial part (cost lines), attachments, the non-duplication
statement; then the formal check and the committee's scores."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from integra.contracts import rules
from integra.contracts.models.rounds import (
    CommitteeMember,
    Criterion,
    ProcurementRound,
    RoundService,
)
from integra.contracts.policies import READERS, provider_ids_of
from integra.core.scope import prefix_q


class OfferQuerySet(models.QuerySet["Offer"]):
    def visible_to(self, user: Any) -> OfferQuerySet:
        """The offers of rounds in the user's scope; a provider user sees only their own
        organisations' offers."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        query = prefix_q("round__gmina__teryt", user.scope_prefixes(READERS))
        own = provider_ids_of(user)
        if own:
            query |= Q(provider_id__in=own)
        return self.filter(query)

    def current(self) -> OfferQuerySet:
        """Offers still in their round: neither withdrawn nor replaced."""
        return self.exclude(status__in=OUT_OF_ROUND)


def attachment_path(attachment: OfferAttachment, filename: str) -> str:
    # Private storage, never served directly: downloads go through a permission-checked view.
    offer = attachment.offer
    return f"offers/{offer.round.gmina.teryt}/{offer.round_id}/{offer.pk}/{filename}"


class Offer(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", _("received")
        REJECTED = "rejected", _("rejected (formal check)")
        EVALUATED = "evaluated", _("evaluated")
        SELECTED = "selected", _("selected")
        NOT_SELECTED = "not_selected", _("not selected")
        # Taken back by the provider before the deadline, or replaced by a newer offer: kept,
        # never checked, scored or ranked.
        WITHDRAWN = "withdrawn", _("withdrawn")
        REPLACED = "replaced", _("replaced by a new offer")

    class Channel(models.TextChoices):
        ONLINE = "online", _("online")
        PAPER = "paper", _("on paper")

    round = models.ForeignKey(
        ProcurementRound, on_delete=models.PROTECT, related_name="offers", verbose_name=_("round")
    )
    lot = models.ForeignKey(
        RoundService, on_delete=models.PROTECT, related_name="offers", verbose_name=_("service")
    )
    provider = models.ForeignKey(
        "providers.Provider",
        on_delete=models.PROTECT,
        related_name="offers",
        verbose_name=_("provider"),
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.RECEIVED
    )
    received_at = models.DateTimeField(_("received at"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    # Technical part.
    actions = models.TextField(_("actions"), max_length=rules.TEXT_MAX)
    expected_results = models.TextField(_("expected results"), max_length=rules.TEXT_MAX)
    has_partnership = models.BooleanField(_("done in partnership"), default=False)
    non_duplication_declared = models.BooleanField(
        _("does not repeat what the provider runs with public money"), default=False
    )
    non_duplication_statement = models.TextField(
        _("non-duplication statement"), max_length=rules.SHORT_TEXT_MAX, blank=True
    )
    # Financial part: the sum of the cost lines, kept for registers and ranking.
    total_pln = models.DecimalField(_("total (PLN)"), max_digits=18, decimal_places=2)
    # The provider was absent from the compulsory information meeting (set when received).
    absent_from_meeting = models.BooleanField(_("absent from the meeting"), default=False)
    # Formal check.
    formally_valid = models.BooleanField(_("formally valid"), null=True, blank=True)
    formal_reasons = models.TextField(
        _("formal check reasons"), max_length=rules.SHORT_TEXT_MAX, blank=True
    )
    # Withdrawal or replacement: when it arrived, and the offer that replaced this one.
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    replaced_by = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaces",
        verbose_name=_("replaced by"),
    )
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2, null=True, blank=True)
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    lock_version = models.PositiveIntegerField(_("edit version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        ordering = ["round", "lot", "rank", "pk"]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        constraints = [
            # One current offer per provider and service; withdrawn and replaced ones are kept.
            models.UniqueConstraint(
                fields=["lot", "provider"],
                condition=~Q(status__in=["withdrawn", "replaced"]),
                name="contracts_offer_one_per_provider_and_lot",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["withdrawn", "replaced"]) | Q(withdrawn_at__isnull=True),
                name="contracts_offer_withdrawn_only_when_out",
            ),
            models.CheckConstraint(
                condition=Q(status="replaced") | Q(replaced_by__isnull=True),
                name="contracts_offer_replaced_by_only_when_replaced",
            ),
            models.UniqueConstraint(
                fields=["lot"],
                condition=Q(status="selected"),
                name="contracts_offer_one_selected_per_lot",
            ),
            models.CheckConstraint(
                condition=Q(total_pln__gt=0), name="contracts_offer_total_positive"
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(formal_reasons=""),
                name="contracts_offer_rejection_has_reasons",
            ),
        ]
        indexes = [models.Index(fields=["provider", "status"], name="contracts_offer_provider")]

    def __str__(self) -> str:
        return f"{self.provider} — {self.lot}"

    @property
    def is_current(self) -> bool:
        """Neither withdrawn nor replaced: the offer the round checks, scores and ranks."""
        return self.status not in OUT_OF_ROUND


# Offers that take no further part in their round (kept for the record).
OUT_OF_ROUND = frozenset({Offer.Status.WITHDRAWN, Offer.Status.REPLACED})


class OfferGroup(models.Model):
    """People the offer will serve in one target group: how many, and who they are."""

    offer = models.ForeignKey(
        Offer, on_delete=models.CASCADE, related_name="groups", verbose_name=_("offer")
    )
    group = models.ForeignKey(
        "catalog.TargetGroup", on_delete=models.PROTECT, related_name="+", verbose_name=_("group")
    )
    people = models.PositiveIntegerField(_("people"))
    characteristics = models.TextField(
        _("characteristics"), max_length=rules.SHORT_TEXT_MAX, blank=True
    )

    class Meta:
        ordering = ["offer", "group__position"]
        verbose_name = _("people to serve")
        verbose_name_plural = _("people to serve")
        constraints = [
            models.UniqueConstraint(fields=["offer", "group"], name="contracts_offergroup_once"),
        ]

    def __str__(self) -> str:
        return f"{self.group}: {self.people}"


class OfferAction(models.Model):
    """One action of the offer's schedule, in the quarters it runs (e.g. 2008-Q2)."""

    offer = models.ForeignKey(
        Offer, on_delete=models.CASCADE, related_name="schedule", verbose_name=_("offer")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    description = models.CharField(_("action"), max_length=rules.TITLE_MAX)
    quarters = models.JSONField(_("quarters"), default=list)

    class Meta:
        ordering = ["offer", "position", "pk"]
        verbose_name = _("scheduled action")
        verbose_name_plural = _("scheduled actions")

    def __str__(self) -> str:
        return self.description


class OfferCostLine(models.Model):
    offer = models.ForeignKey(
        Offer, on_delete=models.CASCADE, related_name="cost_lines", verbose_name=_("offer")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("cost"), max_length=rules.NAME_MAX)
    amount_pln = models.DecimalField(_("amount (PLN)"), max_digits=18, decimal_places=2)

    class Meta:
        ordering = ["offer", "position", "pk"]
        verbose_name = _("cost line")
        verbose_name_plural = _("cost lines")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_pln__gt=0), name="contracts_offercostline_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class OfferAttachment(models.Model):
    class Kind(models.TextChoices):
        PARTNERSHIP = "partnership", _("partnership agreement")
        OTHER = "other", _("other attachment")

    offer = models.ForeignKey(
        Offer, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("offer")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    name = models.CharField(_("file name"), max_length=rules.NAME_MAX)
    size = models.PositiveIntegerField(_("size (bytes)"))
    content_type = models.CharField(_("type"), max_length=100)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["offer", "pk"]
        verbose_name = _("offer attachment")
        verbose_name_plural = _("offer attachments")
        constraints = [
            models.CheckConstraint(
                condition=Q(size__lte=rules.MAX_UPLOAD_BYTES),
                name="contracts_offerattachment_size",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Score(models.Model):
    """A committee member's points for one criterion of one offer."""

    offer = models.ForeignKey(
        Offer, on_delete=models.CASCADE, related_name="scores", verbose_name=_("offer")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="scores", verbose_name=_("criterion")
    )
    member = models.ForeignKey(
        CommitteeMember,
        on_delete=models.CASCADE,
        related_name="scores",
        verbose_name=_("committee member"),
    )
    points = models.PositiveSmallIntegerField(_("points"))

    class Meta:
        ordering = ["offer", "criterion", "member"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "criterion", "member"], name="contracts_score_once"
            ),
            models.CheckConstraint(
                condition=Q(points__lte=rules.MAX_POINTS), name="contracts_score_points_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.points}"
