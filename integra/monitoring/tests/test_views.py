"""The progress report's pages: the list with its exports, a new report, the report with its
figures and narrative, submit, the consultant's accept and return — and refusals that write
nothing, 404 outside the scope, 403 for an action the role may not take."""

from __future__ import annotations

import pytest
from django.urls import reverse

from integra.monitoring import services
from integra.monitoring.models import ProgressReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(world):
    return services.create_report(
        actor=world.people.coordinator,
        programme=world.programme,
        gmina=world.gmina,
        period="2007-Q3",
    )


def detail(report):
    return reverse("monitoring:report-detail", args=[report.pk])


def test_the_coordinator_creates_describes_and_submits_a_report(world, signed_in):
    client = signed_in(world.people.coordinator)
    page = client.get(reverse("monitoring:report-create"))
    assert page.status_code == 200
    response = client.post(
        reverse("monitoring:report-create"),
        {"programme": world.programme.pk, "gmina": "1001022", "period": "2007-q4"},
    )
    report = ProgressReport.objects.get(period="2007-Q4")
    assert response.status_code == 302 and response["Location"] == detail(report)
    html = client.get(detail(report)).content.decode()
    assert 'id="narrative-form"' in html and 'id="report-figures"' in html
    response = client.post(
        reverse("monitoring:report-edit", args=[report.pk]),
        {"problems": "Brak ofert.", "remedies": "Drugi nabór.", "lock_version": 1},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("monitoring:report-submit", args=[report.pk]), {"lock_version": 2}
    )
    report.refresh_from_db()
    assert report.status == "submitted" and report.problems == "Brak ofert."


def test_a_bad_period_is_shown_at_its_field_and_nothing_is_written(world, signed_in):
    client = signed_in(world.people.coordinator)
    for period in ("2007-Q9", "", "x" * 50, "2015-Q1"):
        response = client.post(
            reverse("monitoring:report-create"),
            {"programme": world.programme.pk, "gmina": "1001022", "period": period},
        )
        assert response.status_code == 200
        assert "is-invalid" in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_a_stale_narrative_keeps_the_input_and_says_why(world, signed_in, report):
    client = signed_in(world.people.coordinator)
    services.update_narrative(
        actor=world.people.coordinator, report=report, problems="A", remedies="", lock_version=1
    )
    response = client.post(
        reverse("monitoring:report-edit", args=[report.pk]),
        {"problems": "Mój tekst", "remedies": "", "lock_version": 1},
    )
    assert response.status_code == 422
    assert "Mój tekst" in response.content.decode()
    assert ProgressReport.objects.get(pk=report.pk).problems == "A"


def test_the_consultant_accepts_or_returns(world, signed_in, report):
    report = services.submit_report(actor=world.people.coordinator, report=report, lock_version=1)
    consultant = signed_in(world.people.consultant)
    html = consultant.get(detail(report)).content.decode()
    assert 'id="accept-report"' in html and 'id="narrative-form"' not in html
    empty = consultant.post(
        reverse("monitoring:report-return", args=[report.pk]), {"comment": "", "lock_version": 2}
    )
    assert empty.status_code == 422
    assert ProgressReport.objects.get(pk=report.pk).status == "submitted"
    consultant.post(reverse("monitoring:report-accept", args=[report.pk]), {"lock_version": 2})
    report.refresh_from_db()
    assert report.status == "accepted" and report.figures is not None
    html = consultant.get(detail(report)).content.decode()
    assert 'id="accept-report"' not in html


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("coordinator", 200),
        ("viewer", 200),
        ("consultant", 200),
        ("admin", 200),
        ("neighbour", 404),
        ("coordinator_lublin", 404),
        ("officer_lublin", 404),
        ("provider", 403),
    ],
)
def test_who_sees_a_report(world, personas, signed_in, report, persona, status):
    assert signed_in(getattr(personas, persona)).get(detail(report)).status_code == status


def test_a_reader_may_not_act(world, personas, signed_in, report):
    viewer = signed_in(personas.viewer)
    response = viewer.post(
        reverse("monitoring:report-edit", args=[report.pk]),
        {"problems": "x", "remedies": "y", "lock_version": 1},
    )
    assert response.status_code == 403
    assert viewer.get(reverse("monitoring:report-create")).status_code == 403
    assert ProgressReport.objects.get(pk=report.pk).problems == ""


def test_the_list_and_its_exports_show_only_the_scope(world, personas, signed_in, report):
    for persona, seen in (("consultant", True), ("officer_lublin", False)):
        client = signed_in(getattr(personas, persona))
        html = client.get(reverse("monitoring:report-list")).content.decode()
        assert (detail(report) in html) is seen
        csv = client.get(reverse("monitoring:report-export", args=["dane.csv"]))
        assert ("2007-Q3" in csv.content.decode()) is seen
    assert (
        signed_in(personas.admin)
        .get(reverse("monitoring:report-list"), {"status": "<script>"})
        .status_code
        == 200
    )


def test_the_api_lists_and_reads_reports_within_the_scope(world, personas, signed_in, report):
    consultant = signed_in(personas.consultant)
    listed = consultant.get("/api/v1/progress-reports").json()
    assert [r["id"] for r in listed["items"]] == [report.pk]
    one = consultant.get(f"/api/v1/progress-reports/{report.pk}").json()
    assert one["period"] == "2007-Q3" and "contracts_signed" in one["figures"]
    far = signed_in(personas.officer_lublin)
    assert far.get(f"/api/v1/progress-reports/{report.pk}").status_code == 404
    assert far.get("/api/v1/progress-reports").json()["items"] == []
    assert consultant.get("/api/v1/progress-reports?status=nope").status_code == 422
