"""The territory pages over the small synthetic tree: list, search, unit page, map, exports and the
htmx fragment."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from django.urls import reverse

from integra.core.actors import SystemActor
from integra.core.tests.sheets import xlsx_rows
from integra.territories import demo, services
from integra.territories.models import PopulationRecord

LIST = reverse("territories:territory-list")
NBSP = "\xa0"


@pytest.fixture
def english(client):
    """Tests that read English wording pin the language: Polish translations come later."""
    client.cookies["django_language"] = "en"
    return client


def listed(response) -> list[str]:
    return [unit.teryt for unit in response.context["page"]]


def detail(teryt: str) -> str:
    return reverse("territories:territory-detail", args=[teryt])


def export(fmt: str) -> str:
    return reverse("territories:territory-export", args=[fmt])


def test_the_list_starts_at_the_voivodeships(client, small_tree):
    response = client.get(LIST)
    assert response.status_code == 200
    assert listed(response) == ["06", "10"]
    html = response.content.decode()
    assert "łódzkie" in html  # the register's capitals are lowered for reading
    assert '<caption class="px-2" id="territory-caption">' in html
    assert 'role="search"' in html and 'hx-get="/terytorium/"' in html


def test_a_search_by_name_ignores_case(client, small_tree):
    response = client.get(LIST, {"q": "gmina 1001"})
    assert listed(response) == ["1001011", "1001022", "1001033"]


def test_a_search_by_code_finds_the_unit_and_everything_below_it(client, small_tree):
    response = client.get(LIST, {"q": "1002"})
    assert listed(response) == ["1002", "1002011", "1002022", "1002033"]


def test_level_and_gmina_type_narrow_the_list(client, small_tree):
    response = client.get(LIST, {"level": "gmina", "gmina_type": "1"})
    assert listed(response) == ["0601011", "0602011", "1001011", "1002011"]


def test_an_invalid_filter_is_ignored_not_fatal(client, small_tree):
    response = client.get(LIST, {"q": "1001", "level": "planet"})
    assert response.status_code == 200
    assert listed(response) == ["1001", "1001011", "1001022", "1001033"]


def test_the_children_of_a_unit_come_with_its_breadcrumbs(client, small_tree):
    response = client.get(LIST, {"parent": "1001"})
    assert listed(response) == ["1001011", "1001022", "1001033"]
    html = response.content.decode()
    assert f'<a href="{detail("10")}">łódzkie</a>' in html
    assert 'aria-current="page">powiat powiat 1001</li>' in html


def test_an_unknown_parent_is_not_found(client, small_tree):
    assert client.get(LIST, {"parent": "9999"}).status_code == 404


def test_pages_keep_the_filters(client, small_tree, monkeypatch):
    monkeypatch.setattr("integra.territories.views.PAGE_SIZE", 5)
    response = client.get(LIST, {"q": "gmina"})
    assert len(listed(response)) == 5
    assert 'href="?q=gmina&amp;page=2"' in response.content.decode()
    second = client.get(LIST, {"q": "gmina", "page": "3"})
    assert listed(second) == ["1002022", "1002033"]


def test_live_search_returns_only_the_rows_for_htmx(english, small_tree):
    response = english.get(LIST, {"q": "1001"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'hx-swap-oob="innerHTML"' in html and "4 units found." in html
    assert response.templates[0].name == "territories/_territory_rows.html"
    assert "HX-Request" in response["Vary"]


def test_a_history_restore_gets_the_whole_page(client, small_tree):
    headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    response = client.get(LIST, {"q": "1001"}, headers=headers)
    assert "<html" in response.content.decode()


def test_a_gmina_page_shows_the_register_entry_population_and_outline(client, small_tree):
    # Polish, the default: dates and numbers follow it whatever the state of the translations.
    response = client.get(detail("1001011"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="h2 mb-0">Gmina 100101</h1>' in html
    assert "1 stycznia 2010" in html  # Polish is the default language
    assert f'<a href="{detail("1001")}">powiat powiat 1001</a>' in html
    years = re.findall(r'<th scope="row">(\d{4})</th>', html)
    assert years == ["2010", "2011", "2012"]
    first = PopulationRecord.objects.get(territory__teryt="1001011", year=2010)
    grouped = f"{first.total:,}".replace(",", NBSP)
    assert f'<td class="num">{grouped}</td>' in html
    outline = json.loads(
        re.search(r'id="outline-data" type="application/json">(.*?)</script>', html).group(1)
    )
    assert outline["features"][0]["properties"]["teryt"] == "1001011"
    assert 'role="img"' in html and response.context["children"] is None


def test_a_voivodeship_page_lists_its_powiats_and_sums_its_gminas(english, small_tree):
    response = english.get(detail("10"))
    html = response.content.decode()
    assert [c.teryt for c in response.context["children"]] == ["1001", "1002"]
    total_2010 = sum(
        PopulationRecord.objects.filter(territory__teryt__startswith="10", year=2010).values_list(
            "total", flat=True
        )
    )
    assert response.context["population"][0]["total"] == total_2010
    assert "No boundary has been loaded for this unit." in html
    assert f'href="{LIST}?parent=10"' in html


def test_an_unknown_teryt_code_is_not_found(client, small_tree):
    response = client.get(detail("9999999"))
    assert response.status_code == 404
    assert "9999999" in response.content.decode()
    assert "404.html" in [t.name for t in response.templates]


def test_the_csv_export_holds_every_row_of_the_search(english, small_tree):
    response = english.get(export("csv"), {"q": "1001", "page": "2"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][0] == "TERYT code"
    assert [row[0] for row in rows[1:]] == ["1001", "1001011", "1001022", "1001033"]
    assert rows[2][1:] == ["Gmina 100101", "gmina", "urban gmina", "1001", "powiat 1001"]


def test_the_xlsx_export_is_a_workbook_with_the_same_rows(client, small_tree):
    response = client.get(export("xlsx"), {"level": "gmina", "gmina_type": "2"})
    assert response.status_code == 200
    assert response.content[:4] == b"PK\x03\x04"
    rows = xlsx_rows(response.content)
    assert len(rows) == 1 + 4
    cells = {cell for row in rows for cell in row}
    for code in ("0601022", "0602022", "1001022", "1002022"):
        assert code in cells  # as text: the leading zero survives
    assert "1001011" not in cells


def test_an_unknown_export_format_is_not_found(client, small_tree):
    assert client.get(export("pdf")).status_code == 404


def test_the_map_page_without_outlines_still_shows_the_table(english, small_tree):
    response = english.get(reverse("territories:voivodeship-map"))
    html = response.content.decode()
    assert response.status_code == 200
    assert [row["teryt"] for row in response.context["rows"]] == ["06", "10"]
    assert response.context["map_data"] is None and "map-data" not in html
    assert "31 December 2012" in html
    assert sum(row["share"] for row in response.context["rows"]) == pytest.approx(1)


def test_the_map_page_draws_the_loaded_voivodeship_outlines(client, small_tree, write_file):
    squares = demo.square_boundaries(["06", "10"])
    services.import_boundaries(
        actor=SystemActor("test"),
        level="voivodeship",
        path=write_file("v.geojson", json.dumps(squares)),
    )
    response = client.get(reverse("territories:voivodeship-map"))
    data = response.context["map_data"]
    assert [feature["properties"]["teryt"] for feature in data["geojson"]["features"]] == [
        "06",
        "10",
    ]
    assert data["values"][1]["text"] == "łódzkie"
    assert data["values"][1]["url"] == detail("10")
    assert 'id="map-data"' in response.content.decode()


def test_english_visitors_get_english_number_formats(english, small_tree):
    html = english.get(reverse("territories:voivodeship-map")).content.decode()
    assert '<html lang="en"' in html
    assert re.search(r'<td class="num">\d{1,3}(,\d{3})+</td>', html)


def test_the_list_of_all_units_counts_the_register(client, small_tree):
    response = client.get(LIST)
    assert response.status_code == 200
    assert response.context["gmina_total"] == 12
    assert 'id="register-stats"' in response.content.decode()


def test_a_unit_s_list_and_the_live_search_leave_the_figures_out(client, small_tree):
    assert "stats" not in client.get(LIST, {"parent": "10"}).context
    assert "register-stats" not in client.get(LIST, HTTP_HX_REQUEST="true").content.decode()


def test_the_home_page_leaves_the_register_s_figures_to_the_territory_list(client, small_tree):
    html = client.get(reverse("dashboards:home")).content.decode()
    main = html.split("<main")[1].split("</main>")[0]
    assert "register-stats" not in main and 'href="/api/v1/docs"' not in main
    assert f'href="{LIST}"' in html


def test_the_sign_in_page_says_when_the_credentials_are_wrong(client, db):
    url = reverse("accounts:login")
    assert client.get(url).status_code == 200
    response = client.post(url, {"username": "nobody", "password": "not-the-password"})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()


def test_the_navigation_marks_the_current_page(client, small_tree):
    html = client.get(reverse("territories:voivodeship-map")).content.decode()
    assert re.search(r'href="/terytorium/mapa/" aria-current="page"', html)
    assert not re.search(r'href="/terytorium/" aria-current="page"', html)


def test_the_unit_page_reads_the_tree_in_a_few_queries(
    client, small_tree, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        client.get(detail("1001011"))


def test_the_list_reads_in_polish_alphabetical_order(client, small_tree):
    """Ś before Z and Ł right after L (issue 11, finding 9): neither binary order nor TERYT
    order gives this list; a search by code keeps TERYT order."""
    from integra.territories.tests.factories import VoivodeshipFactory

    VoivodeshipFactory(teryt="90", name="ZACHODNIOPOMORSKIE")
    VoivodeshipFactory(teryt="91", name="ŚWIĘTOKRZYSKIE")
    names = [unit.name.lower() for unit in client.get(LIST).context["page"]]
    assert names == ["lubelskie", "łódzkie", "świętokrzyskie", "zachodniopomorskie"]
    assert listed(client.get(LIST, {"q": "9"})) == ["90", "91"]


@pytest.mark.django_db(transaction=True)
def test_the_map_figures_are_cached_until_a_population_import_changes_them(settings, write_file):
    """The map's figures are computed once, and again after an import changes the population
    (integra.core.cache); the page shows the new total."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from integra.territories.tests.test_import_population import HEADER

    settings.INTEGRA_CACHE_PUBLIC_PAGES = True
    cache.clear()
    demo.load_synthetic(actor=SystemActor("test"), outlines=False)
    client, address = Client(), reverse("territories:voivodeship-map")
    before = client.get(address).content
    with CaptureQueriesContext(connection) as second:
        client.get(address)
    services.import_population(
        actor=SystemActor("test"),
        path=write_file(
            "p.csv", f"{HEADER}\n1001022,X (2),2012,987654,200000,587654,300000,287654,200000"
        ),
    )
    with CaptureQueriesContext(connection) as after_import:
        page = client.get(address)
    cache.clear()
    assert not any("populationrecord" in q["sql"] for q in second.captured_queries)
    assert any("populationrecord" in q["sql"] for q in after_import.captured_queries)
    assert page.content.count(b"<td") == before.count(b"<td")
    assert _totals(page.content) != _totals(before)


def _totals(html: bytes) -> list[bytes]:
    return re.findall(rb"\d[\d\xc2\xa0 ]{4,}\d", html)
