"""Background jobs: a builder's file reaches its owner only; a failure shows its error and a retry
runs it again; a job whose worker died is queued once more, then failed; the page and the API."""

from __future__ import annotations

import os
import socket
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from integra.core import jobs
from integra.core.errors import DomainError
from integra.core.jobs import JobContext, JobFile, job_kind, start_job
from integra.core.models import Job

pytestmark = pytest.mark.django_db

CALLS: list[dict] = []
FAILING = {"on": True}


@job_kind("tests.echo", title="Echo")
def build_echo(ctx: JobContext) -> JobFile:
    CALLS.append(dict(ctx.params))
    ctx.progress(50, "halfway")
    assert Job.objects.get(pk=ctx.job.pk).progress == 50  # the page sees the progress meanwhile
    text = f"{ctx.params['text']} for {ctx.actor.username}"
    return JobFile(filename="echo ż.txt", content_type="text/plain", content=text.encode())


@job_kind("tests.flaky", title="Flaky")
def build_flaky(ctx: JobContext) -> JobFile:
    if FAILING["on"]:
        raise DomainError("The ledger is closed for that day.")
    return JobFile(filename="ok.txt", content_type="text/plain", content=b"ok")


@job_kind("tests.crash", title="Crash")
def build_crash(ctx: JobContext) -> JobFile:
    raise ZeroDivisionError("secret internals")


@pytest.fixture
def owner():
    return get_user_model().objects.create(username="owner", email="owner@example.org")


@pytest.fixture
def stranger():
    return get_user_model().objects.create(username="stranger", email="stranger@example.org")


def client_of(user) -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    client.force_login(user)
    return client


def test_a_job_runs_at_once_in_tests_and_keeps_its_file(owner):
    job = start_job(actor=owner, kind="tests.echo", params={"text": "hello"})
    assert job.status == Job.Status.DONE
    assert job.progress == 100
    assert job.attempts == 1
    assert job.filename == "echo_ż.txt"
    assert job.file.read() == b"hello for owner"
    assert job.finished_at is not None


def test_only_the_owner_sees_the_page_and_downloads(owner, stranger):
    job = start_job(actor=owner, kind="tests.echo", params={"text": "hi"})
    page = client_of(owner).get(job.get_absolute_url())
    assert page.status_code == 200
    assert job.get_download_url().encode() in page.content
    download = client_of(owner).get(job.get_download_url())
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"hi for owner"
    assert "attachment" in download["Content-Disposition"]
    for address in (job.get_absolute_url(), job.get_download_url()):
        assert client_of(stranger).get(address).status_code == 404
    assert client_of(stranger).post(reverse("core:job-retry", args=[job.pk])).status_code == 404
    anonymous = Client().get(job.get_absolute_url())
    assert anonymous.status_code == 302


def test_the_api_answers_the_owner_only(owner, stranger, api_as):
    job = start_job(actor=owner, kind="tests.echo", params={"text": "hi"})
    body = api_as(owner).get(f"/api/v1/jobs/{job.pk}").json()
    assert body["status"] == "done"
    assert body["progress"] == 100
    assert body["title"] == "Echo"
    assert body["download_url"] == job.get_download_url()
    missing = api_as(stranger).get(f"/api/v1/jobs/{job.pk}")
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found"
    assert api_as(owner).get("/api/v1/jobs/not-a-uuid").status_code == 422


def test_a_failure_shows_its_error_and_a_retry_runs_it_again(owner):
    FAILING["on"] = True
    job = start_job(actor=owner, kind="tests.flaky")
    assert job.status == Job.Status.FAILED
    assert job.error == "The ledger is closed for that day."
    page = client_of(owner).get(job.get_absolute_url())
    assert b"The ledger is closed for that day." in page.content
    assert b'id="job-retry"' in page.content
    assert client_of(owner).get(job.get_download_url()).status_code == 404

    FAILING["on"] = False
    response = client_of(owner).post(reverse("core:job-retry", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert job.error == ""
    assert job.file.read() == b"ok"


def test_a_done_job_is_not_retried(owner, api_as):
    job = start_job(actor=owner, kind="tests.echo", params={"text": "x"})
    with pytest.raises(jobs.JobNotFailed):
        jobs.retry_job(actor=owner, job_id=job.pk)
    assert api_as(owner).post(f"/api/v1/jobs/{job.pk}/retry").status_code == 409


def test_an_unexpected_error_is_not_shown_but_named_by_the_job(owner):
    job = start_job(actor=owner, kind="tests.crash")
    assert job.status == Job.Status.FAILED
    assert "secret internals" not in job.error
    assert str(job.pk) in job.error


def test_unknown_kinds_and_unsafe_parameters_are_refused(owner):
    with pytest.raises(jobs.UnknownJobKind):
        start_job(actor=owner, kind="tests.nothing")
    with pytest.raises(TypeError):
        start_job(actor=owner, kind="tests.echo", params={"when": timezone.now()})
    assert not Job.objects.exists()


def test_the_polling_fragment_stops_once_finished(owner):
    job = Job.objects.create(owner=owner, kind="tests.echo", params={"text": "x"})
    running = client_of(owner).get(job.get_absolute_url(), headers={"HX-Request": "true"})
    assert b'hx-trigger="every 2s"' in running.content
    assert b"<html" not in running.content
    jobs.run(str(job.pk))
    done = client_of(owner).get(job.get_absolute_url(), headers={"HX-Request": "true"})
    assert b"hx-trigger" not in done.content
    assert b'id="job-download"' in done.content


def test_a_job_is_never_run_twice(owner):
    job = start_job(actor=owner, kind="tests.echo", params={"text": "once"})
    CALLS.clear()
    assert jobs.run(str(job.pk)) == "skipped"
    assert CALLS == []


def _abandoned(owner, *, attempts: int, worker: str, minutes_ago: int = 0) -> Job:
    job = Job.objects.create(owner=owner, kind="tests.echo", params={"text": "again"})
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING,
        attempts=attempts,
        worker=worker,
        updated_at=timezone.now() - timedelta(minutes=minutes_ago),
    )
    return job


def test_a_job_whose_worker_died_runs_again_once(owner, settings):
    settings.INTEGRA_JOB_STALE_MINUTES = 15
    dead = _abandoned(owner, attempts=1, worker="elsewhere:1", minutes_ago=20)
    assert jobs.recover_stale_jobs() == 1
    dead.refresh_from_db()
    assert dead.status == Job.Status.DONE  # queued again, and run (at once in tests)
    assert dead.attempts == 2


def test_a_job_whose_worker_died_twice_fails(owner):
    dead = _abandoned(owner, attempts=2, worker="elsewhere:1", minutes_ago=60)
    assert jobs.recover_stale_jobs() == 1
    dead.refresh_from_db()
    assert dead.status == Job.Status.FAILED
    assert "stopped twice" in dead.error


def test_a_restarted_worker_recognises_its_dead_runs_at_once(owner):
    """A job marked running by a process of this host that is gone is recovered without waiting
    for its heartbeat to age."""
    gone = _gone_pid()
    dead = _abandoned(owner, attempts=1, worker=f"{socket.gethostname()}:{gone}")
    alive = _abandoned(owner, attempts=1, worker=f"{socket.gethostname()}:1")  # pid 1 lives
    elsewhere = _abandoned(owner, attempts=1, worker="another-host:12345")
    assert jobs.recover_stale_jobs() == 1
    for job, status in ((dead, "done"), (alive, "running"), (elsewhere, "running")):
        job.refresh_from_db()
        assert job.status == status


def _gone_pid() -> int:
    pid = 4_000_000
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return pid
        except PermissionError:
            pass
        pid -= 1


def test_the_worker_command_recovers_before_working(owner):
    from django.core.management import call_command

    dead = _abandoned(owner, attempts=1, worker="elsewhere:1", minutes_ago=600)
    call_command("jobs_worker", "--recover-only")
    dead.refresh_from_db()
    assert dead.status == Job.Status.DONE


# Cleanup of old jobs ------------------------------------------------------------------------------


def _finished(owner, *, days_ago: float, kind: str = "tests.echo") -> Job:
    job = start_job(actor=owner, kind=kind, params={"text": "old"})
    Job.objects.filter(pk=job.pk).update(finished_at=timezone.now() - timedelta(days=days_ago))
    job.refresh_from_db()
    return job


def test_old_finished_jobs_are_deleted_with_their_files(owner, settings):
    settings.INTEGRA_JOB_FILES_DAYS = 30
    old = _finished(owner, days_ago=31)
    storage, name = old.file.storage, old.file.name
    assert storage.exists(name)
    FAILING["on"] = True
    failed = _finished(owner, days_ago=40, kind="tests.flaky")
    assert failed.status == Job.Status.FAILED

    done = jobs.clean_old_jobs()

    assert (done.jobs, done.files) == (2, 1)
    assert not storage.exists(name)
    assert not Job.objects.filter(pk__in=[old.pk, failed.pk]).exists()
    assert client_of(owner).get(reverse("core:job-detail", args=[old.pk])).status_code == 404


def test_recent_and_unfinished_jobs_are_kept_however_old(owner, settings):
    settings.INTEGRA_JOB_FILES_DAYS = 30
    recent = _finished(owner, days_ago=29)
    queued = Job.objects.create(owner=owner, kind="tests.echo", params={"text": "x"})
    running = _abandoned(owner, attempts=1, worker="elsewhere:1", minutes_ago=60 * 24 * 90)
    Job.objects.filter(pk__in=[queued.pk, running.pk]).update(
        created_at=timezone.now() - timedelta(days=90)
    )

    done = jobs.clean_old_jobs()

    assert (done.jobs, done.files) == (0, 0)
    assert Job.objects.filter(pk__in=[recent.pk, queued.pk, running.pk]).count() == 3
    assert recent.file.storage.exists(recent.file.name)


def test_a_file_already_gone_does_not_stop_the_cleanup(owner):
    old = _finished(owner, days_ago=100)
    old.file.storage.delete(old.file.name)
    assert jobs.clean_old_jobs(days=30).jobs == 1
    assert not Job.objects.filter(pk=old.pk).exists()


def test_the_daily_task_and_the_command_clean_with_the_setting_or_the_days_given(owner, settings):
    from io import StringIO

    from django.core.management import CommandError, call_command

    from integra.core.tasks import clean_old_jobs as daily_task

    settings.INTEGRA_JOB_FILES_DAYS = 30
    ten_days = _finished(owner, days_ago=10)
    _finished(owner, days_ago=40)
    assert daily_task.enqueue().return_value == {"jobs": 1, "files": 1}
    assert list(Job.objects.values_list("pk", flat=True)) == [ten_days.pk]

    out = StringIO()
    call_command("clean_old_jobs", "--days", "7", stdout=out)
    assert out.getvalue().strip() == "deleted 1 old job(s) and 1 file(s)"
    assert not Job.objects.exists()
    with pytest.raises(CommandError, match="at least 1"):
        call_command("clean_old_jobs", "--days", "0")
    with pytest.raises(ValueError):
        jobs.clean_old_jobs(days=0)
