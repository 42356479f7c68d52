"""Core tasks (Django tasks API): the one that runs a background job (integra/core/jobs.py) and the
daily cleanup of old jobs' files."""

from __future__ import annotations

from django.tasks import task

from integra.core import jobs


@task()
def run_job(job_id: str) -> str:
    """Run the queued job `job_id`; its own row records progress, file or error."""
    return jobs.run(job_id)


@task()
def clean_old_jobs() -> dict[str, int]:
    """Run once a day (cron or a systemd timer enqueues it): finished jobs older than
    INTEGRA_JOB_FILES_DAYS are deleted with their files; safe to run twice."""
    done = jobs.clean_old_jobs()
    return {"jobs": done.jobs, "files": done.files}
