"""API of the caller's own background jobs (`/jobs/{id}`): status, progress, file, retry."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from integra.core import jobs
from integra.core.api.schemas import caller
from integra.core.models import Job

router = Router(tags=["jobs"])


class JobItem(Schema):
    id: UUID
    kind: str = Field(description="What is built, e.g. 'action_plans.plan_pdf'.")
    title: str = Field(description="The kind in words, in the language of the request.")
    status: str = Field(description="queued, running, done or failed.")
    progress: int = Field(ge=0, le=100, description="Percent done.")
    message: str = Field(description="What the build is doing now.")
    error: str = Field(description="Why it failed (empty unless failed).")
    attempts: int
    filename: str = Field(description="The file's name once done.")
    download_url: str | None = Field(description="Where the owner downloads the file once done.")
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None

    @staticmethod
    def resolve_title(job: Job) -> str:
        return jobs.title_of(job.kind)

    @staticmethod
    def resolve_download_url(job: Job) -> str | None:
        return job.get_download_url() if job.status == Job.Status.DONE else None


def _own_job(request: HttpRequest, job_id: UUID) -> Job:
    job = Job.objects.visible_to(caller(request)).filter(pk=job_id).first()
    if job is None:  # someone else's job answers as a missing one
        raise Http404(_("No such job."))
    return job


@router.get("/{job_id}", response=JobItem, summary="A background job of mine")
def jobs_detail(request: HttpRequest, job_id: UUID) -> Job:
    return _own_job(request, job_id)


@router.post("/{job_id}/retry", response=JobItem, summary="Run a failed job of mine again")
def jobs_retry(request: HttpRequest, job_id: UUID) -> Job:
    _own_job(request, job_id)
    return jobs.retry_job(actor=caller(request), job_id=job_id)
