"""The task that runs a background job (integra/core/jobs.py) — Django tasks API."""

from __future__ import annotations

from django.tasks import task

from integra.core import jobs


@task()
def run_job(job_id: str) -> str:
    """Run the queued job `job_id`; its own row records progress, file or error."""
    return jobs.run(job_id)
