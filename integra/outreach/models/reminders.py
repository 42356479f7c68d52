"""Reminders: a notification per user and deadline (shown in the app, e-mailed when the user
wants), and each user's choice of e-mail."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationQuerySet(models.QuerySet["Notification"]):
    def visible_to(self, user: Any) -> NotificationQuerySet:
        """A user's own notifications, nobody else's."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user_id=user.pk)

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    class Kind(models.TextChoices):
        PLAN_DUE = "plan_due", _("Action Plan to submit")
        PLAN_OVERDUE = "plan_overdue", _("Action Plan overdue")
        REVIEW_OVERDUE = "review_overdue", _("review overdue")
        TRAINING_CLOSING = "training_closing", _("training registration closing")
        ESCALATION = "escalation", _("escalation to the consultant")
        REPORT_DUE = "report_due", _("progress report to submit")
        REPORT_OVERDUE = "report_overdue", _("progress report overdue")
        SETTLEMENT_DUE = "settlement_due", _("settlement to submit")
        SETTLEMENT_OVERDUE = "settlement_overdue", _("settlement overdue")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    # One notification per user and deadline stage: a second run of the day finds it.
    key = models.CharField(_("key"), max_length=200)
    message = models.CharField(_("message"), max_length=500)
    link = models.CharField(_("link"), max_length=300)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="outreach_notification_once"),
        ]

    def __str__(self) -> str:
        return self.message


class ReminderPreference(models.Model):
    """A user's choice: reminders by e-mail too (the default), or in the app only."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminder_preference",
        verbose_name=_("user"),
    )
    email_enabled = models.BooleanField(_("send reminders by e-mail"), default=True)

    class Meta:
        verbose_name = _("reminder preference")
        verbose_name_plural = _("reminder preferences")

    def __str__(self) -> str:
        return f"{self.user}: {self.email_enabled}"
