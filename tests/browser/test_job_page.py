"""A background job's page in real Chromium: the progress bar polls (htmx, under the strict CSP)
and turns into the download link once the worker is done; a failed job shows its error and the
retry button; every state is free of accessibility issues and fits a phone's width."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from integra.core.actors import SystemActor
from integra.core.models import Job
from tests.browser.conftest import PHONE, assert_no_sideways_scroll, check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def owner(small_tree, page, live_server):
    from integra.accounts.models import Role
    from integra.accounts.services import create_user

    user = create_user(
        actor=SystemActor("test"),
        username="koordynator",
        email="koordynator@example.org",
        password="a-long-unusual-passphrase-7",
        assignments=[(Role.GMINA_COORDINATOR, small_tree["1001022"])],
    )
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return user


def test_the_page_follows_the_job_to_its_file(owner, page, visit):
    job = Job.objects.create(owner=owner, kind="action_plans.plan_pdf", params={})
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING, progress=40, message="Składanie stron"
    )
    page.set_viewport_size(PHONE)
    visit(page, job.get_absolute_url())
    expect(page.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "40")
    assert_no_sideways_scroll(page)

    job.file.save("plan.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.DONE,
        progress=100,
        file=job.file.name,
        filename="plan.pdf",
        content_type="application/pdf",
        finished_at=timezone.now(),
    )
    expect(page.locator("#job-download")).to_be_visible(timeout=10_000)
    check_page(page)
    with page.expect_download() as download:
        page.locator("#job-download").click()
    assert download.value.suggested_filename == "plan.pdf"


def test_a_failed_job_offers_a_retry(owner, page, visit):
    job = Job.objects.create(owner=owner, kind="action_plans.plan_pdf", params={})
    Job.objects.filter(pk=job.pk).update(status=Job.Status.FAILED, error="Nie ma takiego planu.")
    visit(page, job.get_absolute_url())
    expect(page.locator("#job-error")).to_have_text("Nie ma takiego planu.")
    expect(page.locator("#job-retry")).to_be_visible()
    assert_no_sideways_scroll(page)
