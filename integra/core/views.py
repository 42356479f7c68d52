"""Technical endpoints (health checks) and the pages of a background job."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from integra.core import jobs
from integra.core.models import Job


@login_not_required
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


# Background jobs: the owner's page (progress by htmx polling), its file, a retry ---------------


def _own_job(request, job_id):
    job = Job.objects.visible_to(request.user).filter(pk=job_id).first()
    if job is None:  # someone else's job is not disclosed
        raise Http404(_("No such job."))
    return job


def _job_context(job):
    return {"job": job, "title": jobs.title_of(job.kind)}


def job_detail(request, job_id):
    job = _own_job(request, job_id)
    template = "core/_job_status.html" if request.htmx else "core/job_detail.html"
    return render(request, template, _job_context(job))


def job_download(request, job_id):
    job = _own_job(request, job_id)
    if job.status != Job.Status.DONE or not job.file:
        raise Http404(_("The job's file is not ready."))
    return FileResponse(
        job.file.open("rb"),
        as_attachment=True,
        filename=job.filename,
        content_type=job.content_type or "application/octet-stream",
    )


@require_POST
def job_retry(request, job_id):
    _own_job(request, job_id)
    try:
        job = jobs.retry_job(actor=request.user, job_id=job_id)
    except jobs.JobNotFailed as refusal:
        messages.error(request, refusal.message)
        return redirect("core:job-detail", job_id)
    return redirect(job.get_absolute_url())
