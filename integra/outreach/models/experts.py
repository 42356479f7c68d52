"""Expert support: the roster of experts (users with the role `expert`), a gmina's requests, the
region's assignment, and what the expert delivered (hours, cost, output files)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from integra.core.scope import prefix_q
from integra.core.workflow import Transition, TransitionRefused, Workflow
from integra.outreach import rules
from integra.outreach.policies import EXPERTS, PROGRAMME_ROLES


class ExpertProfile(models.Model):
    """An expert of the roster: what they know, where they work, when they are free."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="expert_profile",
        verbose_name=_("expert"),
    )
    skills = models.TextField(_("skills"), max_length=rules.SKILLS_LENGTH)
    regions = models.ManyToManyField(
        "territories.Territory", related_name="+", verbose_name=_("voivodeships"), blank=True
    )
    available = models.BooleanField(_("available for new assignments"), default=True)
    availability = models.CharField(
        _("availability"), max_length=rules.AVAILABILITY_LENGTH, blank=True
    )

    class Meta:
        ordering = ["user__last_name", "user__username"]
        verbose_name = _("expert of the roster")
        verbose_name_plural = _("experts' roster")

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()


class RequestRefused(TransitionRefused):
    code = "expert_request_state"


class RequestQuerySet(models.QuerySet["ExpertRequest"]):
    def visible_to(self, user: Any) -> RequestQuerySet:
        """A gmina's requests for the programme roles over it; an expert's own assignments."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        query = Q(pk__in=[])
        prefixes = user.scope_prefixes(PROGRAMME_ROLES)
        if prefixes:
            query = prefix_q("gmina__teryt", prefixes)
            if "" in prefixes:
                return self.all()
        if user.scope_prefixes(EXPERTS):
            query |= Q(expert_id=user.pk)
        return self.filter(query)


class ExpertRequest(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("requested")
        ASSIGNED = "assigned", _("expert assigned")
        DONE = "done", _("done")

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
    topic = models.CharField(_("topic"), max_length=rules.TOPIC_LENGTH)
    need = models.TextField(_("need"), max_length=rules.NEED_LENGTH)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.REQUESTED
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("expert"),
    )
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=7, decimal_places=1, null=True, blank=True)
    cost_pln = models.DecimalField(
        _("cost (PLN)"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)

    objects = RequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("expert support request")
        verbose_name_plural = _("expert support requests")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="requested") | Q(expert__isnull=False),
                name="outreach_request_assigned_has_expert",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.topic} — {self.gmina.name}"


WORKFLOW = Workflow(
    Transition.of(
        "assign",
        {ExpertRequest.Status.REQUESTED, ExpertRequest.Status.ASSIGNED},
        ExpertRequest.Status.ASSIGNED,
        _("assign an expert"),
    ),
    Transition.of(
        "report",
        {ExpertRequest.Status.ASSIGNED, ExpertRequest.Status.DONE},
        ExpertRequest.Status.DONE,
        _("report the work"),
    ),
    Transition.of(
        "upload",
        {ExpertRequest.Status.ASSIGNED, ExpertRequest.Status.DONE},
        None,
        _("add an output"),
    ),
    refused=RequestRefused,
)


def output_path(instance: ExpertOutput, filename: str) -> str:
    return f"outreach/experts/{instance.request_id}/{filename}"


class ExpertOutput(models.Model):
    """A file the expert delivered (a report, a diagnosis, materials)."""

    request = models.ForeignKey(
        ExpertRequest, on_delete=models.CASCADE, related_name="outputs", verbose_name=_("request")
    )
    title = models.CharField(_("title"), max_length=rules.OUTPUT_TITLE_LENGTH)
    file = models.FileField(_("file"), upload_to=output_path, max_length=300)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("expert's output")
        verbose_name_plural = _("expert's outputs")

    def __str__(self) -> str:
        return self.title
