"""Training sessions and their registrations (more documents of outreach follow: expert support,
the campaign, reminders). Every queryset shown to a user starts from `visible_to(user)`."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from integra.core.scope import prefix_q
from integra.outreach import rules
from integra.outreach.policies import (
    EXPERTS,
    PROGRAMME_ROLES,
    ancestors,
)


class SessionQuerySet(models.QuerySet["TrainingSession"]):
    def visible_to(self, user: Any) -> SessionQuerySet:
        """Sessions organised at, below or above the user's units; an expert's own sessions."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        prefixes = user.scope_prefixes(PROGRAMME_ROLES)
        if "" in prefixes:  # the ministry (an empty Q would vanish in the | below)
            return self.all()
        query = Q(pk__in=[])
        if prefixes:
            above: set[str] = set()
            for prefix in prefixes:
                above |= ancestors(prefix)
            query = prefix_q("organiser__teryt", prefixes) | Q(organiser__teryt__in=above)
        if user.scope_prefixes(EXPERTS):
            query |= Q(trainer_user_id=user.pk)
        return self.filter(query)


class TrainingSession(models.Model):
    class Charge(models.TextChoices):
        GMINA_LINE = "gmina_line", _("the gmina's training line")
        COMPONENT = "component", _("the programme's component (ministry or region)")

    class Audience(models.TextChoices):
        COORDINATORS = rules.COORDINATORS, _("gmina coordinators")
        GMINA_STAFF = rules.GMINA_STAFF, _("gmina staff")
        SOCIAL_PARTNERS = rules.SOCIAL_PARTNERS, _("social partners")
        PROVIDERS = rules.PROVIDERS, _("service providers")

    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("programme"),
    )
    # The ministry (the country), a voivodeship or a gmina.
    organiser = models.ForeignKey(
        "territories.Territory",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organiser"),
    )
    topic = models.CharField(_("topic"), max_length=rules.TOPIC_LENGTH)
    trainer_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("trainer (expert of the roster)"),
    )
    trainer_name = models.CharField(
        _("trainer's name"), max_length=rules.TRAINER_NAME_LENGTH, blank=True
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    online = models.BooleanField(_("online"), default=False)
    place = models.CharField(_("place"), max_length=rules.PLACE_LENGTH, blank=True)
    audience = models.JSONField(_("audience"), default=list)
    capacity = models.PositiveIntegerField(_("places"))
    registration_closes_on = models.DateField(_("registration closes on"))
    charged_to = models.CharField(_("charged to"), max_length=16, choices=Charge.choices)
    cost_pln = models.DecimalField(_("cost (PLN)"), max_digits=18, decimal_places=2, default=0)
    # The EUR equivalent at the NBP rate of the day before the first day (gmina line only).
    cost_eur = models.DecimalField(
        _("cost (EUR)"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    rate_pln_per_eur = models.DecimalField(max_digits=14, decimal_places=8, null=True, blank=True)
    rate_table_no = models.CharField(max_length=20, blank=True)
    attendance_taken_at = models.DateTimeField(_("attendance taken at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="outreach_session_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(cost_pln__gte=0), name="outreach_session_cost_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.topic} ({self.starts_on:%d.%m.%Y})"

    @property
    def trainer(self) -> str:
        if self.trainer_user_id:
            return self.trainer_user.get_full_name() or self.trainer_user.get_username()
        return self.trainer_name

    @property
    def organiser_label(self) -> str:
        """The ministry, a voivodeship or a gmina, as people say it."""
        level = self.organiser.level
        if level == "country":
            return str(_("the ministry"))
        if level == "voivodeship":
            return str(_("voivodeship %(name)s") % {"name": self.organiser.name})
        return str(_("gmina %(name)s") % {"name": self.organiser.name})

    def audience_labels(self) -> list[str]:
        labels = dict(self.Audience.choices)
        return [str(labels[code]) for code in self.audience if code in labels]


class RegistrationQuerySet(models.QuerySet["Registration"]):
    def visible_to(self, user: Any) -> RegistrationQuerySet:
        """Personal data: the organiser's own staff and the registering gmina's staff."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        prefixes = user.scope_prefixes(PROGRAMME_ROLES)
        organisers = [("PL" if p == "" else p) for p in prefixes]
        return self.filter(
            Q(session__organiser__teryt__in=organisers) | Q(gmina__teryt__in=list(prefixes))
        )


class Registration(models.Model):
    session = models.ForeignKey(
        TrainingSession,
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("training"),
    )
    gmina = models.ForeignKey(
        "territories.Territory", on_delete=models.PROTECT, related_name="+", verbose_name=_("gmina")
    )
    full_name = models.CharField(_("name and surname"), max_length=rules.PERSON_LENGTH)
    function = models.CharField(_("function"), max_length=rules.FUNCTION_LENGTH)
    email = models.EmailField(_("e-mail"), max_length=rules.EMAIL_LENGTH)
    # None until the organiser takes the attendance.
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["session", "full_name", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "email"], name="outreach_registration_one_per_email"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} — {self.session.topic}"
