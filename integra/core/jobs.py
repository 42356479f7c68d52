"""Background jobs: a long build (a report, a big export, a large plan's PDF) run by a worker.

An app declares what it can build with `@job_kind` (in its `exports.py`, imported from its
`AppConfig.ready`), a view starts one with `start_job` and redirects to the job's page, which
polls its progress and offers the file once done (only to its owner), or the error and a retry.

    @job_kind("finance.interim_report", title=_("Interim financial report"))
    def build_interim_report(ctx: JobContext) -> JobFile:
        ctx.progress(50, _("Summing the ledger"))
        return JobFile(filename="raport.xlsx", content_type=XLSX_TYPE, content=data)

    job = start_job(actor=request.user, kind="finance.interim_report", params={"year": 2026})
    return redirect(job.get_absolute_url())

The job row lives in core (`Job`); the task that runs it is `integra.core.tasks.run_job` (Django
tasks API: the database queue by default, RQ with INTEGRA_TASKS_BACKEND=rq, at once in tests).
A worker that dies while running a job leaves it `running`; `recover_stale_jobs` (at each worker
start and before every run) queues such a job once more and fails it the second time.
"""

from __future__ import annotations

import json
import logging
import os
import socket
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from integra.core.errors import DomainError
from integra.core.models import FILENAME_MAX_LENGTH, MESSAGE_MAX_LENGTH, Job
from integra.core.routers import replica_reads

logger = logging.getLogger("integra.jobs")

# A job is run at most this many times when its worker dies under it (issue 16: "run again, once").
MAX_ATTEMPTS = 2


@dataclass(frozen=True)
class JobFile:
    """What a builder returns: the file the owner downloads."""

    filename: str
    content_type: str
    content: bytes


@dataclass
class JobContext:
    """What a builder receives: its job, the parameters, the user who asked, and a way to report
    how far it got (each report is also the job's heartbeat)."""

    job: Job
    params: dict[str, Any] = field(default_factory=dict)
    actor: Any = None

    def progress(self, percent: int, message: str = "") -> None:
        percent = max(0, min(99, int(percent)))  # 100 means done, which only the runner says
        message = str(message)[:MESSAGE_MAX_LENGTH]
        Job.objects.filter(pk=self.job.pk, status=Job.Status.RUNNING).update(
            progress=percent, message=message, updated_at=timezone.now()
        )
        self.job.progress, self.job.message = percent, message


Builder = Callable[[JobContext], JobFile]


@dataclass(frozen=True)
class JobKind:
    code: str
    title: str | Promise
    builder: Builder
    replica: bool = False


KINDS: dict[str, JobKind] = {}


def job_kind(
    code: str, *, title: str | Promise, replica: bool = False
) -> Callable[[Builder], Builder]:
    """Register the decorated builder under `code` (`<app>.<what>`). `replica=True`: its reads
    may come from the read replica (a report over many rows; not a document just edited)."""

    def register(builder: Builder) -> Builder:
        KINDS[code] = JobKind(code, title, builder, replica)
        return builder

    return register


def title_of(kind: str) -> str:
    known = KINDS.get(kind)
    return str(known.title) if known else kind


class UnknownJobKind(DomainError):
    code = "unknown_job_kind"

    def __init__(self, kind: str) -> None:
        super().__init__(_("No background job of the kind “%(kind)s”.") % {"kind": kind})


class JobNotFailed(DomainError):
    code = "job_not_failed"
    status = 409

    def __init__(self) -> None:
        super().__init__(_("Only a failed job can be run again."))


class NotTheOwner(DomainError):
    code = "not_the_owner"
    status = 404

    def __init__(self) -> None:
        super().__init__(_("No such job."))


def can_see_job(user: Any, job: Job) -> bool:
    """A job, its page and its file are its owner's alone."""
    return bool(getattr(user, "is_authenticated", False)) and job.owner_id == user.pk


# Starting -----------------------------------------------------------------------------------------


def _json_safe(params: dict[str, Any]) -> dict[str, Any]:
    if not isinstance(params, dict):
        raise TypeError("job parameters must be a dict")
    # Refuses dates, Decimals, models: the builder gets back exactly what was stored.
    return dict(json.loads(json.dumps(params)))


def _enqueue(job: Job) -> None:
    from django.tasks.backends.immediate import ImmediateBackend

    from integra.core.tasks import run_job

    backend = run_job.get_backend()
    transactional = type(backend).__module__.startswith("django_tasks_db")
    if isinstance(backend, ImmediateBackend) or transactional:
        # The database queue commits the task with the job (or neither); the immediate backend
        # (tests, and the embedded mode without a worker) runs it now.
        run_job.enqueue(str(job.pk))
    else:
        # RQ's worker may pick the task up before this transaction commits the job row.
        job_id = str(job.pk)
        transaction.on_commit(lambda: run_job.enqueue(job_id))


@transaction.atomic
def start_job(*, actor: Any, kind: str, params: dict[str, Any] | None = None) -> Job:
    """Queue a job of `kind` for `actor` (who alone will see it); returns the job (finished at
    once under the immediate backend)."""
    if not getattr(actor, "is_authenticated", False):
        raise TypeError("a job belongs to a signed-in user")
    if kind not in KINDS:
        raise UnknownJobKind(kind)
    job = Job.objects.create(owner=actor, kind=kind, params=_json_safe(params or {}))
    _enqueue(job)
    job.refresh_from_db()
    return job


@transaction.atomic
def retry_job(*, actor: Any, job_id: Any) -> Job:
    """Run a failed job again from the start, for its owner."""
    job = Job.objects.visible_to(actor).select_for_update().filter(pk=job_id).first()
    if job is None:
        raise NotTheOwner()
    if job.status != Job.Status.FAILED:
        raise JobNotFailed()
    job.status, job.progress, job.message, job.error = Job.Status.QUEUED, 0, "", ""
    job.attempts, job.worker, job.started_at, job.finished_at = 0, "", None, None
    job.save()
    _enqueue(job)
    job.refresh_from_db()
    return job


# Running ------------------------------------------------------------------------------------------


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def run(job_id: str) -> str:
    """Run one queued job (the task's body). Returns the job's final status."""
    recover_stale_jobs()
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING,
        attempts=F("attempts") + 1,
        started_at=now,
        updated_at=now,
        worker=worker_id()[: Job._meta.get_field("worker").max_length],
        progress=0,
        message="",
        error="",
    )
    if not claimed:  # run already, or retried meanwhile: never twice at once
        return "skipped"
    job = Job.objects.select_related("owner").get(pk=job_id)
    try:
        kind = KINDS.get(job.kind)
        if kind is None:
            raise UnknownJobKind(job.kind)
        context = JobContext(job=job, params=dict(job.params), actor=job.owner)
        with replica_reads() if kind.replica else nullcontext():
            result = kind.builder(context)
        _finish(job, result)
    except Exception as error:
        _fail(job, error)
    return Job.objects.values_list("status", flat=True).get(pk=job_id)


def _finish(job: Job, result: JobFile) -> None:
    filename = get_valid_filename(result.filename)[-FILENAME_MAX_LENGTH:] or "plik"
    field_ = Job._meta.get_field("file")
    name = field_.storage.save(field_.generate_filename(job, filename), ContentFile(result.content))
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.DONE,
        progress=100,
        message="",
        file=name,
        filename=filename,
        content_type=result.content_type[:100],
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )
    size = len(result.content)
    logger.info("job done", extra={"job": str(job.pk), "kind": job.kind, "bytes": size})


def _fail(job: Job, error: Exception) -> None:
    if isinstance(error, DomainError):
        shown = error.message
    else:
        shown = _(
            "The build stopped on an unexpected error. Try again; if it fails again, report the "
            "job number %(job)s to the administrator."
        ) % {"job": job.pk}
    logger.exception("job failed", extra={"job": str(job.pk), "kind": job.kind})
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.FAILED,
        error=shown[: Job._meta.get_field("error").max_length],
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )


# Recovery -----------------------------------------------------------------------------------------


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _dead_here(worker: str) -> bool:
    """True when `worker` ("host:pid") ran on this host in a process that is gone (or is this
    very process, which runs one job at a time and so is not running that one any more)."""
    host, _sep, pid = worker.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    return int(pid) == os.getpid() or not _pid_alive(int(pid))


def recover_stale_jobs(*, now: datetime | None = None) -> int:
    """Requeue (once) or fail every running job whose worker died. A job is stale when its
    heartbeat is older than INTEGRA_JOB_STALE_MINUTES, or when its worker ran on this host and its
    process is gone. Returns how many jobs were recovered."""
    now = now or timezone.now()
    cutoff = now - timedelta(minutes=settings.INTEGRA_JOB_STALE_MINUTES)
    host = socket.gethostname()
    running = Job.objects.filter(status=Job.Status.RUNNING)
    suspects = running.filter(Q(updated_at__lt=cutoff) | Q(worker__startswith=f"{host}:"))
    recovered = 0
    for job_id, worker, updated_at in suspects.values_list("pk", "worker", "updated_at"):
        if updated_at >= cutoff and not _dead_here(worker):
            continue
        recovered += _recover(job_id, worker)
    return recovered


@transaction.atomic
def _recover(job_id: Any, worker: str) -> int:
    job = (
        Job.objects.select_for_update()
        .filter(pk=job_id, status=Job.Status.RUNNING, worker=worker)
        .first()
    )
    if job is None:  # finished or recovered by someone else meanwhile
        return 0
    if job.attempts < MAX_ATTEMPTS:
        job.status, job.worker = Job.Status.QUEUED, ""
        job.message = _("Its worker stopped; queued again.")
        job.save(update_fields=["status", "worker", "message", "updated_at"])
        logger.warning("job requeued after its worker stopped", extra={"job": str(job.pk)})
        _enqueue(job)
    else:
        job.status, job.finished_at = Job.Status.FAILED, timezone.now()
        job.error = _("Its worker stopped twice while building it. Start it again.")
        job.save(update_fields=["status", "error", "finished_at", "updated_at"])
        logger.error("job failed: its worker stopped twice", extra={"job": str(job.pk)})
    return 1


# Cleanup -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cleanup:
    """What `clean_old_jobs` removed: job rows and the files among them."""

    jobs: int
    files: int


def clean_old_jobs(*, now: datetime | None = None, days: int | None = None) -> Cleanup:
    """Delete every finished (done or failed) job that finished more than `days` ago
    (INTEGRA_JOB_FILES_DAYS by default) with its file. Queued and running jobs are never touched,
    however old. A file is deleted before its row, so a failure leaves a row to try again the
    next day, never a file nobody points at; a file already gone counts as deleted."""
    days = settings.INTEGRA_JOB_FILES_DAYS if days is None else days
    if days < 1:
        raise ValueError("jobs are kept at least one day")
    cutoff = (now or timezone.now()) - timedelta(days=days)
    old = Job.objects.filter(status__in=Job.FINISHED, finished_at__lt=cutoff)
    storage = Job._meta.get_field("file").storage
    jobs = files = 0
    for job_id, name in old.values_list("pk", "file").iterator(chunk_size=500):
        if name:
            storage.delete(name)
            files += 1
        jobs += Job.objects.filter(pk=job_id, status__in=Job.FINISHED).delete()[0]
    logger.info("old jobs cleaned", extra={"jobs": jobs, "files": files, "days": days})
    return Cleanup(jobs=jobs, files=files)
