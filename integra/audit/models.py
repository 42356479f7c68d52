"""Append-only audit events, hash-chained so that an edited or deleted row is detected."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from integra.audit.policies import AUDIT_READERS
from integra.core.scope import prefix_q


class AuditEventQuerySet(models.QuerySet):
    def visible_to(self, user) -> AuditEventQuerySet:
        """Events filed under a unit within the user's audit scope (ministry roles: all events,
        including those filed under no territory); nothing for anyone else."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        prefixes = user.scope_prefixes(AUDIT_READERS)
        if "" in prefixes:
            return self.all()
        if not prefixes:
            return self.none()
        # A prefix such as "10" never matches "" (an event of no territory) nor "PL".
        return self.filter(prefix_q("territory_teryt", prefixes))

    def update(self, **kwargs):  # pragma: no cover - guard against accidental bulk edits
        raise TypeError("audit events are append-only")


class AuditEvent(models.Model):
    occurred_at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_label = models.CharField(_("actor name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    target_type = models.CharField(_("object type"), max_length=100, blank=True)
    target_id = models.CharField(_("object id"), max_length=64, blank=True)
    target_repr = models.CharField(_("object"), max_length=255, blank=True)
    territory_teryt = models.CharField(
        _("territory (TERYT)"), max_length=7, blank=True, db_index=True
    )
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"


class AuditChainHead(models.Model):
    """One row holding the hash of the newest event; locking it serialises writers of the chain."""

    last_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return self.last_hash
