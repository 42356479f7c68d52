"""The indicator dashboards (pages, exports, API) and the programme's reports agree with the one
computation at every level, on a generated world with trainings: every figure of a dashboard
equals the same figure in the API and in the reports; the additive ones add up level against
level in the API as a client would check them. Rights: 404 outside the scope, the national
figures the ministry's."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from integra.core.models import Job
from integra.monitoring import services
from integra.monitoring.exports import build_programme_report
from integra.monitoring.models import Indicator
from integra.monitoring.rules import parse_period
from integra.monitoring.selectors import indicators as ind
from integra.monitoring.selectors.programme_reports import report_content
from integra.monitoring.tests.factories import GMINAS, SYSTEM, make_monitoring_world
from integra.outreach.tests.trainings import add_training

pytestmark = pytest.mark.django_db

PERIOD = "2008-H1"
AREAS = {
    "": "/api/v1/dashboards/national",
    "10": "/api/v1/dashboards/voivodeships/10",
    "06": "/api/v1/dashboards/voivodeships/06",
}
AREAS.update({g: f"/api/v1/dashboards/gminas/{g}" for g in GMINAS})


@pytest.fixture
def world(personas, small_tree):
    world = make_monitoring_world(personas, small_tree, seed=11)
    add_training(world, small_tree)
    services.set_target(
        actor=SYSTEM,
        indicator=Indicator.objects.get(code="CONTRACTS"),
        programme=world.programme,
        teryt="",
        target=Decimal("40"),
    )
    return world


def api_figures(client, url, **query):
    response = client.get(url, {"programme": "PIS", "period": PERIOD, **query})
    assert response.status_code == 200, response.content[:300]
    return {row["code"]: row for row in response.json()["indicators"]}


def page_values(html: str, code: str) -> str:
    start = html.index(f'id="indicator-{code}"')
    cell = html.index("data-value=", start)
    return html[cell:].split('"', 2)[1]


def test_every_figure_agrees_across_api_page_reports_and_levels(world, personas, signed_in):
    admin = signed_in(personas.admin)
    period = parse_period(PERIOD)
    by_area = {area: api_figures(admin, url) for area, url in AREAS.items()}
    for area, figures in by_area.items():
        computed = {f.code: f for f in ind.indicator_values(world.programme, period, area)}
        assert set(figures) == set(computed)
        for code, row in figures.items():
            value = computed[code].value
            assert (Decimal(row["value"]) if row["value"] is not None else None) == value
            assert row["aggregation"] == computed[code].aggregation
        # The page shows the same figures.
        if area == "":
            url = reverse("dashboards:indicators-national")
        elif len(area) == 2:
            url = reverse("dashboards:indicators-voivodeship", args=[area])
        else:
            url = reverse("dashboards:indicators-gmina", args=[area])
        html = admin.get(url, {"programme": "PIS", "period": PERIOD}).content.decode()
        for code, f in computed.items():
            shown = page_values(html, code)
            assert shown == ("" if f.value is None else str(f.value)), (area, code)
    # A client's check: the additive indicators add up level against level.
    for code, row in by_area[""].items():
        if row["aggregation"] != "sum":
            continue
        regions = sum(Decimal(by_area[v][code]["value"]) for v in ("06", "10"))
        gminas = sum(Decimal(by_area[g][code]["value"]) for g in GMINAS)
        assert Decimal(row["value"]) == regions == gminas, code
    assert by_area[""]["CONTRACTS"]["target"] is not None
    assert Decimal(by_area[""]["TRAINING_PARTICIPANTS"]["value"]) == 2
    # The reports say the same: the WB report nationally, the region's report by gmina.
    wb = report_content(
        user=personas.admin, programme=world.programme, kind="world_bank", period=period
    )
    assert {f.code: f.value for f in wb.figures} == {
        c: (Decimal(r["value"]) if r["value"] is not None else None) for c, r in by_area[""].items()
    }
    region = report_content(
        user=personas.admin,
        programme=world.programme,
        kind="region_half_yearly",
        period=period,
        teryt="10",
    )
    for teryt, _name, figures in region.units:
        assert {f.code: f.value for f in figures if f.is_additive} == {
            c: Decimal(r["value"]) for c, r in by_area[teryt].items() if r["aggregation"] == "sum"
        }


def test_the_units_table_and_its_export_hold_the_same_figures(world, personas, signed_in):
    admin = signed_in(personas.admin)
    url = reverse("dashboards:indicators-national-export", args=["xlsx"])
    response = admin.get(url, {"programme": "PIS", "period": PERIOD, "table": "units"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    column = header.index("CONTRACTS")
    national = api_figures(admin, AREAS[""])
    assert sum(row[column] or 0 for row in body) == int(Decimal(national["CONTRACTS"]["value"]))
    csv = admin.get(
        reverse("dashboards:indicators-gmina-export", args=["1001022", "dane.csv"]),
        {"programme": "PIS", "period": PERIOD},
    )
    assert csv.status_code == 200 and b"CONTRACTS" in csv.content


def test_a_programme_report_is_built_as_xlsx_and_pdf(world, personas):
    for fmt in ("xlsx", "pdf"):
        steps: list[int] = []
        built = build_programme_report(
            {"kind": "world_bank", "programme": "PIS", "period": PERIOD, "teryt": "", "fmt": fmt},
            personas.admin,
            lambda percent, message="", steps=steps: steps.append(percent),
        )
        assert built.filename.endswith(fmt) and built.content
        assert steps[-1] == 100
    assert built.content.startswith(b"%PDF")


def test_the_report_is_built_as_a_job_and_downloaded_by_its_owner(world, personas, signed_in):
    client = signed_in(personas.officer)
    query = {
        "kind": "region_half_yearly",
        "programme": "PIS",
        "period": PERIOD,
        "voivodeship": "10",
        "fmt": "xlsx",
    }
    address = reverse("monitoring:programme-report")
    response = client.post(address, query)
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.status == Job.Status.DONE, job.error
    download = client.get(job.get_download_url())
    assert download.status_code == 200 and job.filename.endswith(".xlsx")
    assert signed_in(personas.consultant).get(job.get_download_url()).status_code == 404
    # Another region's report is not the officer's to build; a bad period stays on the form.
    assert client.post(address, {**query, "voivodeship": "06"}).status_code == 404
    bad = client.post(address, {**query, "period": "2008-Q9"})
    assert bad.status_code == 200 and b"is-invalid" in bad.content
    assert Job.objects.count() == 1


# Rights and bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "area", "status"),
    [
        ("admin", "", 200),
        ("officer", "", 404),
        ("officer", "10", 200),
        ("officer", "06", 404),
        ("coordinator", "1001022", 200),
        ("coordinator", "1001033", 404),
        ("coordinator", "10", 404),
        ("provider", "1001022", 404),
    ],
)
def test_each_role_reads_the_dashboards_of_its_territory(
    world, personas, signed_in, persona, area, status
):
    client = signed_in(getattr(personas, persona))
    assert client.get(AREAS[area]).status_code == status
    if area == "":
        page = reverse("dashboards:indicators-national")
    elif len(area) == 2:
        page = reverse("dashboards:indicators-voivodeship", args=[area])
    else:
        page = reverse("dashboards:indicators-gmina", args=[area])
    assert client.get(page).status_code == status


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/dashboards/voivodeships/99",
        "/api/v1/dashboards/gminas/9999999",
        "/api/v1/dashboards/national?programme=NOPE",
    ],
)
def test_unknown_units_and_programmes_answer_404(world, personas, signed_in, url):
    assert signed_in(personas.admin).get(url).status_code == 404


@pytest.mark.parametrize(
    "query", [{"period": "2008-Q5"}, {"period": "x"}, {"programme": "=A1"}, {"group": "<b>"}]
)
def test_bad_filters_answer_422_in_the_api_and_defaults_on_the_page(
    world, personas, signed_in, query
):
    client = signed_in(personas.admin)
    response = client.get(AREAS[""], query)
    assert response.status_code == 422 or (response.status_code == 404 and "programme" in query)
    page = client.get(reverse("dashboards:indicators-national"), query)
    assert page.status_code == 200


def test_a_group_filter_narrows_people_and_services(world, personas, signed_in):
    client = signed_in(personas.admin)
    everyone = api_figures(client, AREAS[""])
    only = api_figures(client, AREAS[""], group="DM")
    assert Decimal(only["PEOPLE_REACHED"]["value"]) <= Decimal(everyone["PEOPLE_REACHED"]["value"])
    assert only["CONTRACTS"]["value"] == everyone["CONTRACTS"]["value"]


@pytest.mark.parametrize("language", ["pl", "en"])
def test_the_units_table_formats_its_cells_as_the_number_filter(language):
    import random

    from django.utils import translation

    from integra.core.templatetags.formats import number
    from integra.dashboards.views.indicators import _two_decimals

    rng = random.Random(language)
    values = [Decimal(rng.randint(-(10**9), 10**9)) / 100 for _ in range(500)]
    values += [Decimal(0), Decimal("-0.004"), Decimal("999.995"), Decimal(7), Decimal("1E+3")]
    with translation.override(language):
        cell = _two_decimals()
        assert [cell(v) for v in values] == [number(v, 2) for v in values]
        assert cell(Decimal("1234567.891")) == (
            "1\xa0234\xa0567,89" if language == "pl" else "1,234,567.89"
        )
