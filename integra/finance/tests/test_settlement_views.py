"""The settlement's pages and the reports page: the journey through the pages, every role ×
own / neighbouring / other voivodeship (404 outside the scope, 403 for a forbidden action),
refusals at their field with nothing written, and the report files (XLSX read back, PDF)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from integra.core.models import Job
from integra.core.tests.sheets import xlsx_sheet
from integra.finance.models import Settlement
from integra.finance.services import settlement as services

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(settlement_world, personas):
    world = settlement_world
    settlement = services.prepare_settlement(
        actor=personas.coordinator, programme=world.programme, gmina=world.gmina, year=2007
    )
    return services.submit_settlement(actor=personas.coordinator, settlement=settlement)


def test_the_pages_carry_a_settlement_from_draft_to_accepted(settlement_world, personas, signed_in):
    gmina = signed_in(personas.coordinator)
    page = gmina.get(reverse("finance:settlements"))
    assert page.status_code == 200
    assert "Prepare the settlement" in page.content.decode()
    created = gmina.post(
        reverse("finance:settlement-create", args=["1001022"]),
        {"programme": "PIS", "1001022-year": "2007"},
    )
    settlement = Settlement.objects.get()
    assert created.url == reverse("finance:settlement", args=[settlement.pk])
    detail = gmina.get(created.url).content.decode()
    assert "Submit to regional finance" in detail and "40" in detail
    gmina.post(reverse("finance:settlement-submit", args=[settlement.pk]))
    finance = signed_in(personas.finance)
    refused = finance.post(reverse("finance:settlement-return", args=[settlement.pk]), {})
    assert refused.status_code == 200 and "is-invalid" in refused.content.decode()
    assert Settlement.objects.get().status == "submitted"
    finance.post(
        reverse("finance:settlement-return", args=[settlement.pk]),
        {"comment": "Proszę uzupełnić wyjaśnienie."},
    )
    assert Settlement.objects.get().status == "returned"
    stale = gmina.post(
        reverse("finance:settlement-update", args=[settlement.pk]),
        {"disposition": "carry_over", "explanation": "Nowe", "lock_version": "1"},
    )
    assert stale.status_code == 409
    current = Settlement.objects.get().lock_version
    gmina.post(
        reverse("finance:settlement-update", args=[settlement.pk]),
        {"disposition": "return", "explanation": "Reszta wraca.", "lock_version": current},
    )
    gmina.post(reverse("finance:settlement-submit", args=[settlement.pk]))
    finance.post(reverse("finance:settlement-accept", args=[settlement.pk]))
    done = Settlement.objects.get()
    assert (done.status, done.disposition) == ("accepted", "return")
    page = gmina.get(reverse("finance:settlement", args=[settlement.pk])).content.decode()
    assert "Submit to regional finance" not in page and "Accepted by finance" in page
    sheet = gmina.get(
        reverse("finance:settlement-statement", args=[settlement.pk]) + "?format=xlsx"
    )
    assert sheet.status_code == 200
    cells = [c.value for row in xlsx_sheet(sheet.content).iter_rows() for c in row]
    assert 40000.0 in cells and 13000.0 in cells
    pdf = gmina.get(reverse("finance:settlement-statement", args=[settlement.pk]) + "?format=pdf")
    assert pdf.content.startswith(b"%PDF")


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("admin", 200),
        ("analyst", 200),
        ("officer", 200),
        ("finance", 200),
        ("consultant", 200),
        ("coordinator", 200),
        ("viewer", 200),
        ("neighbour", 404),  # another gmina of the voivodeship
        ("officer_lublin", 404),  # another voivodeship
        ("coordinator_lublin", 404),
        ("provider", 403),
        ("expert", 403),
    ],
)
def test_who_sees_a_settlement(submitted, personas, signed_in, persona, status):
    response = signed_in(getattr(personas, persona)).get(
        reverse("finance:settlement", args=[submitted.pk])
    )
    assert response.status_code == status


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("finance", 302),
        ("officer", 403),
        ("coordinator", 403),
        ("admin", 403),
        ("neighbour", 404),
        ("officer_lublin", 404),
    ],
)
def test_only_regional_finance_accepts(submitted, personas, signed_in, persona, status):
    response = signed_in(getattr(personas, persona)).post(
        reverse("finance:settlement-accept", args=[submitted.pk])
    )
    assert response.status_code == status
    expected = "accepted" if status == 302 else "submitted"
    assert Settlement.objects.get().status == expected


@pytest.mark.parametrize(
    ("persona", "status"),
    [("coordinator", 302), ("viewer", 403), ("finance", 403), ("neighbour", 404)],
)
def test_only_the_coordinator_prepares(settlement_world, personas, signed_in, persona, status):
    response = signed_in(getattr(personas, persona)).post(
        reverse("finance:settlement-create", args=["1001022"]),
        {"programme": "PIS", "1001022-year": "2007"},
    )
    assert response.status_code == status
    assert Settlement.objects.exists() == (status == 302)


def test_the_list_is_scoped_and_exported(submitted, personas, signed_in):
    own = signed_in(personas.finance).get(reverse("finance:settlements")).content.decode()
    assert reverse("finance:settlement", args=[submitted.pk]) in own
    other = signed_in(personas.officer_lublin).get(reverse("finance:settlements"))
    assert reverse("finance:settlement", args=[submitted.pk]) not in other.content.decode()
    sheet = signed_in(personas.finance).get(reverse("finance:settlement-export", args=["xlsx"]))
    rows = list(xlsx_sheet(sheet.content).iter_rows(values_only=True))
    assert rows[1][1] == "1001022" and rows[1][6] == 40000.0
    hostile = signed_in(personas.finance).get(
        reverse("finance:settlements") + "?year=abcd&status=%00"
    )
    assert hostile.status_code == 200


@pytest.mark.parametrize(
    ("persona", "status", "interim"),
    [
        ("admin", 200, True),
        ("analyst", 200, True),
        ("finance", 200, False),
        ("officer", 200, False),
        ("coordinator", 403, False),
        ("provider", 403, False),
    ],
)
def test_the_reports_page(settlement_world, personas, signed_in, persona, status, interim):
    response = signed_in(getattr(personas, persona)).get(reverse("finance:reports"))
    assert response.status_code == status
    if status == 200:
        page = response.content.decode()
        assert ("Interim financial report" in page) == interim
        assert reverse("finance:settlements") in page


def built(client, url: str, data: dict):
    """Start the report's job (run at once in tests) and download its file."""
    started = client.post(url + "?programme=PIS", data)
    assert started.status_code == 302, started.content[:500]
    job = Job.objects.get(pk=started.url.rstrip("/").rsplit("/", 1)[1])
    assert job.status == "done", (job.status, job.error)
    response = client.get(job.get_download_url())
    response.body = b"".join(response.streaming_content)
    return response


def test_the_ministry_downloads_the_ifr(settlement_world, personas, signed_in):
    client = signed_in(personas.admin)
    url = reverse("finance:report-interim")
    xlsx = built(client, url, {"year": "2007", "semester": "1", "format": "xlsx"})
    assert xlsx.status_code == 200
    assert 'ifr-pis-2007-h1.xlsx"' in xlsx["Content-Disposition"]
    sheet = xlsx_sheet(xlsx.body)
    assert sheet.cell(1, 1).value == "Interim financial report"
    pdf = built(client, url, {"year": "2007", "semester": "1", "format": "pdf"})
    assert pdf.body.startswith(b"%PDF")
    bad = client.post(url, {"year": "x", "semester": "7", "format": "exe"})
    assert bad.status_code == 200 and "is-invalid" in bad.content.decode()
    assert not Job.objects.filter(status="failed").exists()
    assert signed_in(personas.finance).post(url, {"year": "2007", "semester": "1"}).status_code == (
        403
    )
    assert client.get(url).status_code == 405


def test_the_programme_report_and_a_gmina_statement(settlement_world, personas, signed_in):
    finance = signed_in(personas.finance)
    report = built(
        finance,
        reverse("finance:report-programme"),
        {"until": "2007-12-31", "format": "xlsx"},
    )
    assert report.status_code == 200
    rows = list(xlsx_sheet(report.body).iter_rows(values_only=True))
    assert any(row[0] == "10 łódzkie" for row in rows if row[0]), rows
    statement = built(
        finance,
        reverse("finance:report-statement"),
        {"gmina": "1001022", "year": "2007", "format": "xlsx"},
    )
    assert statement.status_code == 200
    outside = finance.post(
        reverse("finance:report-statement") + "?programme=PIS",
        {"gmina": "0601022", "year": "2007", "format": "xlsx"},
    )
    assert outside.status_code == 200
    assert "No gmina with this code in your area." in outside.content.decode()
