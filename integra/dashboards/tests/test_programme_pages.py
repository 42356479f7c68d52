"""The programme pages of the ministry: the list, the overview of a published allocation (lines,
gminas by voivodeship, exports of exactly that table) and the allocation map with its table,
its JSON and its exports; everyone else is refused."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from integra.core.tests.sheets import xlsx_rows
from integra.dashboards.tests.factories import run_of
from integra.territories.models import Outline, PopulationRecord, Territory

pytestmark = pytest.mark.django_db

NBSP = "\xa0"


def overview_url(code: str = "PIS") -> str:
    return reverse("dashboards:programme-overview", args=[code])


def map_url(code: str = "PIS") -> str:
    return reverse("dashboards:allocation-map", args=[code])


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def population(teryt: str, year: int = 2010) -> int:
    return PopulationRecord.objects.get(territory__teryt=teryt, year=year).total


# Who gets in ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "status"),
    [("admin", 200), ("analyst", 200), ("officer", 403), ("coordinator", 403), ("provider", 403)],
)
def test_the_programme_pages_are_for_the_ministry_only(
    personas, signed_in, published, name, status
):
    client = signed_in(getattr(personas, name))
    for url in (
        reverse("dashboards:programme-list"),
        overview_url(),
        reverse("dashboards:programme-overview-export", args=["PIS", "csv"]),
        map_url(),
        reverse("dashboards:allocation-map-data", args=["PIS"]),
        reverse("dashboards:allocation-map-export", args=["PIS", "xlsx"]),
    ):
        assert client.get(url).status_code == status, url


def test_an_unknown_programme_is_not_found(personas, signed_in, published):
    client = signed_in(personas.analyst)
    assert client.get(overview_url("NOPE")).status_code == 404
    assert client.get(map_url("NOPE")).status_code == 404


def test_the_navigation_and_the_home_page_lead_the_ministry_to_the_programmes(
    personas, signed_in, published
):
    analyst = signed_in(personas.analyst).get(reverse("dashboards:home"))
    keys = {item["key"] for item in analyst.context["nav_items"]}
    assert "programmes" in keys
    assert map_url().encode() in analyst.content
    assert overview_url().encode() in analyst.content

    coordinator = signed_in(personas.coordinator).get(reverse("dashboards:home"))
    assert "programmes" not in {item["key"] for item in coordinator.context["nav_items"]}
    assert overview_url().encode() not in coordinator.content


def test_the_list_links_each_programme_to_its_overview_and_map(personas, signed_in, published):
    response = signed_in(personas.analyst).get(reverse("dashboards:programme-list"))
    assert response.status_code == 200
    assert overview_url().encode() in response.content
    assert map_url().encode() in response.content


# The overview -----------------------------------------------------------------------------------


def test_the_overview_shows_the_lines_of_the_published_allocation(personas, signed_in, published):
    response = signed_in(personas.analyst).get(overview_url())
    assert response.status_code == 200
    figures = response.context["figures"]
    assert figures.run == published
    assert figures.totals.services == Decimal("90000.00")
    assert figures.totals.training == Decimal("9000.00")
    assert figures.totals.total == Decimal("99000.00")
    assert figures.unallocated == Decimal("10000.00")
    assert figures.participating == 3
    html = response.content.decode()
    assert f"90,000.00{NBSP}EUR" in html
    assert f"9,000.00{NBSP}EUR" in html
    assert f"99,000.00{NBSP}EUR" in html
    assert f"10,000.00{NBSP}EUR" in html
    assert f"100,000.00{NBSP}EUR" in html  # the budget
    assert reverse("allocations:run-detail", args=[published.pk]) in html


def test_the_overview_sums_the_gminas_by_voivodeship_with_a_totals_row(
    personas, signed_in, published
):
    figures = signed_in(personas.analyst).get(overview_url()).context["figures"]
    lubelskie, lodzkie = figures.voivodeships
    assert (lubelskie.teryt, lubelskie.gminas, lubelskie.services) == ("06", 1, Decimal(30000))
    assert (lodzkie.teryt, lodzkie.gminas, lodzkie.training) == ("10", 2, Decimal(6000))
    assert lodzkie.total == Decimal(66000)
    people = population("1001022") + population("1001033")
    assert lodzkie.population == people
    assert lodzkie.per_inhabitant == (Decimal(60000) / people).quantize(Decimal("0.01"))
    assert figures.totals.population == people + population("0601022")


def test_the_overview_export_holds_exactly_the_rows_shown_and_the_totals(
    personas, signed_in, published
):
    client = signed_in(personas.analyst)
    page = client.get(overview_url())
    shown = page.context["figures"].voivodeships
    html = page.content.decode()
    rows = csv_rows(
        client.get(reverse("dashboards:programme-overview-export", args=["PIS", "csv"]))
    )
    header, body, total = rows[0], rows[1:-1], rows[-1]
    assert header[3] == "Population 2010"
    assert [row[:3] for row in body] == [[v.teryt, v.name, str(v.gminas)] for v in shown]
    assert html.count("<tr>") == len(body) + 2  # head, rows, totals
    assert body[1][4:7] == ["60000,00", "6000,00", "66000,00"]
    assert total[1] == "Total"
    assert total[4:7] == ["90000,00", "9000,00", "99000,00"]
    xlsx = xlsx_rows(
        client.get(reverse("dashboards:programme-overview-export", args=["PIS", "xlsx"])).content
    )
    assert [row[1] for row in xlsx] == [row[1] for row in rows]
    assert (xlsx[2][4:7], xlsx[-1][4:7]) == ([60000, 6000, 66000], [90000, 9000, 99000])


def test_the_overview_says_clearly_when_no_run_is_published(personas, signed_in, programme):
    run_of(programme)  # a draft only
    response = signed_in(personas.analyst).get(overview_url())
    assert response.status_code == 200
    assert b'id="no-published-run"' in response.content
    assert response.context["figures"].totals.services == 0
    assert response.context["figures"].unallocated == Decimal("100000")
    map_page = signed_in(personas.analyst).get(map_url())
    assert b'id="no-published-run"' in map_page.content
    assert b"allocation_map.js" not in map_page.content


def test_the_overview_reads_a_fixed_number_of_queries(
    personas, signed_in, published, django_assert_max_num_queries
):
    client = signed_in(personas.analyst)
    with django_assert_max_num_queries(20):
        client.get(overview_url())


# The map ----------------------------------------------------------------------------------------


def test_the_map_page_renders_its_switches_config_and_gmina_table(personas, signed_in, published):
    response = signed_in(personas.analyst).get(map_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="allocation-map"' in html
    assert 'id="map-config"' in html
    assert 'name="level" id="id_level_0"' in html
    assert "<script>" not in html  # everything runs from static files under the CSP
    assert [row.teryt for row in response.context["rows"]] == ["0601022", "1001022", "1001033"]
    assert html.count(f"30,000.00{NBSP}EUR") == 3


def test_the_map_table_comes_a_page_at_a_time_and_any_page_asked_answers(
    personas, signed_in, published, monkeypatch
):
    from integra.dashboards.views import programmes as views

    monkeypatch.setattr(views, "MAP_TABLE_PAGE", 2)
    client = signed_in(personas.analyst)
    first = client.get(map_url(), {"group": "DM"})
    assert [row.teryt for row in first.context["rows"]] == ["0601022", "1001022"]
    html = first.content.decode()
    assert "1 / 2" in html and "?group=DM&amp;page=2" in html
    assert html.count(f"30,000.00{NBSP}EUR") == 2  # the two rows; the total is 90,000
    second = client.get(map_url(), {"group": "DM", "page": "2"})
    assert [row.teryt for row in second.context["rows"]] == ["1001033"]
    for hostile in ("999", "0", "-1", "abc", "1" * 400):
        response = client.get(map_url(), {"page": hostile})
        assert response.status_code == 200 and len(response.context["rows"]) in (1, 2)


def test_htmx_switches_swap_only_the_table_at_the_chosen_level(personas, signed_in, published):
    response = signed_in(personas.analyst).get(
        map_url(), {"level": "voivodeship", "measure": "per_inhabitant"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "<html" not in html
    assert 'data-level="voivodeship"' in html
    assert [row.teryt for row in response.context["rows"]] == ["06", "10"]
    assert "?level=voivodeship" in html  # the exports follow the switch


def test_the_map_data_is_geojson_with_the_figures_of_the_table(personas, signed_in, published):
    Outline.objects.filter(territory__teryt="1001022").delete()
    client = signed_in(personas.analyst)
    data = client.get(reverse("dashboards:allocation-map-data", args=["PIS"])).json()
    assert data["type"] == "FeatureCollection"
    assert [f["properties"]["teryt"] for f in data["features"]] == ["0601022", "1001033"]
    assert [u["teryt"] for u in data["unmapped"]] == ["1001022"]
    feature = data["features"][0]
    assert feature["geometry"]["type"] in {"Polygon", "MultiPolygon"}
    people = population("0601022")
    assert feature["properties"] == {
        "teryt": "0601022",
        "name": Territory.objects.get(teryt="0601022").name,
        "amount_eur": "30000.00",
        "population": people,
        "eur_per_inhabitant": str((Decimal(30000) / people).quantize(Decimal("0.01"))),
        # No contract yet: nothing committed, paid or reached.
        "committed_percent": "0.00",
        "paid_percent": "0.00",
        "people_reached": 0,
        "reached_per_1000": "0.00",
        "contracts_by_group": {},
    }
    page = client.get(map_url())
    assert b'id="unmapped-note"' in page.content
    assert b"1 gmina has no boundary on the map" in page.content


def test_voivodeships_without_an_outline_are_listed_as_unmapped(personas, signed_in, published):
    client = signed_in(personas.analyst)
    url = reverse("dashboards:allocation-map-data", args=["PIS"])
    data = client.get(url, {"level": "voivodeship"}).json()
    # The small tree loads gmina outlines only.
    assert data["features"] == []
    assert [(u["teryt"], u["amount_eur"]) for u in data["unmapped"]] == [
        ("06", "30000.00"),
        ("10", "60000.00"),
    ]
    page = client.get(map_url(), {"level": "voivodeship"})
    assert b"2 voivodeships have no boundary on the map" in page.content


@pytest.mark.parametrize("level", ["gmina", "voivodeship"])
def test_the_map_export_holds_exactly_the_table_shown(personas, signed_in, published, level):
    client = signed_in(personas.analyst)
    page = client.get(map_url(), {"level": level})
    shown = page.context["rows"]
    url = reverse("dashboards:allocation-map-export", args=["PIS", "csv"])
    rows = csv_rows(client.get(url, {"level": level}))
    body, total = rows[1:-1], rows[-1]
    assert [row[0] for row in body] == [row.teryt for row in shown]
    assert page.content.decode().count("<tr>") == len(body) + 2
    assert [row[3] for row in body] == [f"{row.services:f}".replace(".", ",") for row in shown]
    assert total[1] == "Total" and total[3] == "90000,00"
    xlsx = xlsx_rows(
        client.get(
            reverse("dashboards:allocation-map-export", args=["PIS", "xlsx"]), {"level": level}
        ).content
    )
    assert [row[1] for row in xlsx] == [row[1] for row in rows]
    assert [row[3] for row in xlsx[1:]] == [*(float(row.services) for row in shown), 90000]


def test_a_mistyped_switch_falls_back_to_the_gminas(personas, signed_in, published):
    response = signed_in(personas.analyst).get(map_url(), {"level": "x", "measure": "y"})
    assert response.status_code == 200
    assert (response.context["level"], response.context["measure"]) == ("gmina", "amount")


# Measures beyond the allocation ------------------------------------------------------------------


def test_the_map_measures_come_from_the_contracts_and_agree_with_the_api(
    personas, signed_in, small_tree
):
    """Committed and paid % of the allocation, people reached per 1,000 and contracts per group
    per gmina: the table, the export, the page's data and the API give the same figures."""
    from integra.contracts.models import ContractBeneficiaries, Instalment, ReportReach
    from integra.contracts.tests.factories import make_contract, make_world

    world = make_world(personas, small_tree)
    contract = make_contract(world, value=Decimal("4000.00"), status="in_delivery")
    Instalment.objects.create(
        contract=contract, number=1, due_on=dt.date(2007, 7, 1), amount_pln=Decimal("1200.00")
    )
    ContractBeneficiaries.objects.create(contract=contract, group=world.catalogue.OS, people=12)
    report = contract.reports.create(
        kind="partial", number=1, due_on=dt.date(2007, 9, 1), status="accepted"
    )
    ReportReach.objects.create(
        report=report, group=world.catalogue.OS, sex="f", age_band="60_65_plus", people=9
    )
    client = signed_in(personas.analyst)

    data = client.get(
        reverse("dashboards:allocation-map-data", args=["PIS"]), {"level": "gmina"}
    ).json()
    api = client.get("/api/v1/programmes/PIS/allocation-map", {"level": "gmina"}).json()

    units = {u["properties"]["teryt"]: u["properties"] for u in data["features"]}
    units |= {u["teryt"]: u for u in data["unmapped"]}
    mine = units["1001022"]
    assert mine["committed_percent"] not in (None, "0.00")
    assert mine["paid_percent"] not in (None, "0.00")
    assert mine["people_reached"] == 9
    assert mine["contracts_by_group"] == {"OS": 1}
    api_units = {u["properties"]["teryt"]: u["properties"] for u in api["features"]}
    api_units |= {u["teryt"]: u for u in api["unmapped"]}
    assert api_units["1001022"]["people_reached"] == 9
    assert Decimal(str(api_units["1001022"]["committed_percent"])) == Decimal(
        mine["committed_percent"]
    )
    page = client.get(
        reverse("dashboards:allocation-map", args=["PIS"]), {"measure": "group", "group": "OS"}
    )
    assert page.status_code == 200
    assert b'value="group" checked' in page.content
    rows = client.get(
        reverse("dashboards:allocation-map-export", args=["PIS", "dane.csv"]), {"group": "OS"}
    ).content.decode()
    assert "Contracts for the chosen target group" in rows.splitlines()[0]
