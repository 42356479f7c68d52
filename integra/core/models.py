"""Core's one model: the background job (integra/core/jobs.py builds and runs it).

A job is a row that tracks one long build (a report, a big export, a large plan's PDF) run by a
task of the Django tasks API: who asked, what and with which parameters, how far it got, and its
file once done. Only its owner sees it (`visible_to`).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# The limits of a job's fields (the API schema reads them too).
KIND_MAX_LENGTH = 100
MESSAGE_MAX_LENGTH = 200
FILENAME_MAX_LENGTH = 200
ERROR_MAX_LENGTH = 2000
WORKER_MAX_LENGTH = 200


class JobQuerySet(models.QuerySet["Job"]):
    def visible_to(self, user: Any) -> JobQuerySet:
        """A job is its owner's only: nobody else sees it, whatever their role."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(owner_id=user.pk)


def job_file_path(job: Job, filename: str) -> str:
    return f"jobs/{job.created_at:%Y/%m}/{job.pk}/{filename}"


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    FINISHED = (Status.DONE, Status.FAILED)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs"
    )
    kind = models.CharField(_("kind"), max_length=KIND_MAX_LENGTH)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    message = models.CharField(_("message"), max_length=MESSAGE_MAX_LENGTH, blank=True)
    # Private storage, never served directly: downloads go through the owner-only view.
    file = models.FileField(_("file"), upload_to=job_file_path, max_length=400, blank=True)
    filename = models.CharField(_("file name"), max_length=FILENAME_MAX_LENGTH, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    error = models.TextField(_("error"), max_length=ERROR_MAX_LENGTH, blank=True)
    # Runs started: a worker that dies while running a job leaves it running; the recovery
    # (jobs.recover_stale_jobs) queues it once more, then gives up.
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # "host:pid" of the worker running it: lets a restarted worker recognise its dead runs.
    worker = models.CharField(max_length=WORKER_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # The heartbeat: every progress report moves it.
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ("-created_at",)
        indexes = [
            models.Index(fields=["owner", "-created_at"], name="core_job_owner_idx"),
            models.Index(fields=["status", "updated_at"], name="core_job_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="core_job_progress_max_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("core:job-detail", args=[self.pk])

    def get_download_url(self) -> str:
        return reverse("core:job-download", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.status in self.FINISHED
