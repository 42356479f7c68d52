"""Documents of an Action Plan version: the Polish A4 PDF (its text, with Polish letters, read
back with pypdf) and the XLSX of its planned services."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from integra.action_plans import services
from integra.action_plans.exports import plan_version_pdf, services_table
from integra.action_plans.tests.factories import AS_OF, care_service, content
from integra.core.tests.sheets import xlsx_rows

pytestmark = pytest.mark.django_db
LETTERS = "ąęłńóśźż"


@pytest.fixture
def version(world):
    draft = services.create_action_plan(
        actor=world.people.coordinator,
        programme=world.programme,
        gmina=world.gmina,
        year=2007,
        as_of=AS_OF,
    )
    training = care_service(
        world,
        service_type=world.catalogue.training,
        groups=(world.catalogue.SP,),
        title="Szkolenie koordynatorów",
        planned_cost_pln=Decimal("400"),
    )
    return services.save_plan_version(
        actor=world.people.coordinator,
        version=draft,
        content=content(
            world, care_service(world, description=f"Opis z literami {LETTERS}."), training
        ),
        lock_version=draft.lock_version,
    )


def pdf_text(data: bytes) -> str:
    """The text of every page, with line breaks of the narrow table cells made spaces."""
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_the_pdf_renders_in_polish_with_the_gmina_and_its_letters(version):
    data = plan_version_pdf(version)
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert LETTERS in text
    assert version.plan.gmina.name in text
    assert "Sąsiedzka pomoc dla osób starszych" in text
    assert "Szkolenie koordynatorów" in text
    assert "PIS 2007" in text  # years are not grouped like amounts


def test_the_pdf_page_is_served_to_who_may_view_the_plan(version, world, signed_in):
    address = reverse("action_plans:plan-version-pdf", args=[version.plan_id, version.number])
    response = signed_in(world.people.consultant).get(address)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert LETTERS in pdf_text(response.content)
    assert signed_in(world.people.coordinator_lublin).get(address).status_code == 404


def test_the_xlsx_lists_the_services(version, world, signed_in):
    address = reverse("action_plans:plan-version-xlsx", args=[version.plan_id, version.number])
    response = signed_in(world.people.coordinator).get(address)
    assert response.status_code == 200
    rows = xlsx_rows(response.content)
    header = rows[0]
    assert header[:3] == ["No.", "Service", "Service type"]
    by_title = {row[1]: dict(zip(header, row, strict=False)) for row in rows[1:]}
    assert set(by_title) == {"Sąsiedzka pomoc dla osób starszych", "Szkolenie koordynatorów"}
    care = by_title["Sąsiedzka pomoc dla osób starszych"]
    assert (care["Planned cost (PLN)"], care["Planned cost (EUR)"]) == (8000, 2000)
    assert care["Quarters"] == "2007-Q2, 2007-Q3"
    assert LETTERS in care["Description"]
    assert signed_in(world.people.neighbour).get(address).status_code == 404


def test_the_services_table_has_one_row_per_service(version):
    assert len(list(services_table(version).rows)) == 2


def test_the_page_header_keeps_a_hyphen_of_the_gmina_and_the_programme(version):
    """Kędzierzyn-Koźle, PIS-2006: the header read "PIS\\u002D2006" when escaped for JavaScript."""
    gmina, programme = version.plan.gmina, version.plan.programme
    gmina.name, programme.code = "Kędzierzyn-Koźle", "PIS-2006"
    gmina.save(update_fields=["name"])
    programme.save(update_fields=["code"])
    version.refresh_from_db()

    text = pdf_text(plan_version_pdf(version))

    assert "Kędzierzyn-Koźle — PIS-2006 2007" in text
    assert "\\u002D" not in text and "\\2d" not in text


def test_the_pdf_is_built_in_the_background_for_its_owner(version, world, signed_in, settings):
    """A POST builds the PDF as a job; its page and file are the asker's, and the version page
    offers the background build for a large plan."""
    from integra.core.models import Job

    address = reverse("action_plans:plan-version-pdf", args=[version.plan_id, version.number])
    consultant = signed_in(world.people.consultant)
    response = consultant.post(address)
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == job.get_absolute_url()
    assert job.status == Job.Status.DONE, job.error
    assert job.owner == world.people.consultant
    assert job.filename.endswith(".pdf")
    download = consultant.get(job.get_download_url())
    assert LETTERS in pdf_text(b"".join(download.streaming_content))
    assert signed_in(world.people.coordinator).get(job.get_download_url()).status_code == 404
    assert signed_in(world.people.coordinator_lublin).post(address).status_code == 404

    detail = reverse("action_plans:plan-version-detail", args=[version.plan_id, version.number])
    settings.INTEGRA_PDF_BACKGROUND_SERVICES = 2
    assert b'id="pdf-in-background"' in consultant.get(detail).content
    settings.INTEGRA_PDF_BACKGROUND_SERVICES = 3
    assert b'id="pdf-in-background"' not in consultant.get(detail).content
