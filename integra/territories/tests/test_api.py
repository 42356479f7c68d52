"""The territory API over the small tree: filters, search, pages, detail, and error bodies."""

from __future__ import annotations

from datetime import date

import pytest

from integra.territories.models import Territory
from integra.territories.selectors import territory_stats

LIST = "/api/v1/territories"


@pytest.fixture
def get(client, small_tree):
    """GET as an anonymous visitor, in English, returning the response."""

    def request(path: str, **params):
        return client.get(path, params, HTTP_ACCEPT_LANGUAGE="en")

    return request


def codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["teryt"] for item in response.json()["items"]]


def test_an_anonymous_visitor_reads_the_register_without_a_login_redirect(get):
    response = get(LIST)

    assert response.status_code == 200
    assert "Location" not in response
    assert response.json()["count"] == 19  # the country, 2 voivodeships, 4 powiats, 12 gminas


def test_a_signed_in_user_reads_the_register_too(personas, signed_in, api_as):
    assert signed_in(personas.coordinator).get(LIST).status_code == 200
    assert api_as(personas.provider).get(LIST).status_code == 200


def test_lists_in_teryt_order_with_the_page_it_served(get):
    body = get(LIST, page_size=5).json()

    assert [item["teryt"] for item in body["items"]] == [
        "06",
        "0601",
        "0601011",
        "0601022",
        "0601033",
    ]
    assert (body["count"], body["page"], body["page_size"]) == (19, 1, 5)


def test_the_default_page_holds_fifty(get):
    assert get(LIST).json()["page_size"] == 50


def test_the_last_page_holds_the_rest_and_a_page_beyond_is_empty(get):
    assert len(codes(get(LIST, page_size=5, page=4))) == 4
    beyond = get(LIST, page_size=5, page=5).json()
    assert (beyond["items"], beyond["count"]) == ([], 19)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"level": "voivodeship"}, ["06", "10"]),
        ({"level": "powiat", "parent": "10"}, ["1001", "1002"]),
        ({"parent": "1001"}, ["1001011", "1001022", "1001033"]),
        ({"level": "gmina", "type": "2"}, ["0601022", "0602022", "1001022", "1002022"]),
        ({"type": "1", "parent": "0602"}, ["0602011"]),
        ({"q": "1001"}, ["1001", "1001011", "1001022", "1001033"]),
        ({"q": "gmina 06010"}, ["0601011", "0601022", "0601033"]),
        ({"q": "LUBEL"}, ["06"]),
        ({"parent": "99"}, []),
    ],
)
def test_filters_and_search(get, params, expected):
    assert codes(get(LIST, **params)) == expected


def test_a_retired_unit_is_listed_only_on_request(get):
    Territory.objects.filter(teryt="1001033").update(retired_on=date(2012, 1, 1))

    assert "1001033" not in codes(get(LIST, parent="1001"))
    assert "1001033" in codes(get(LIST, parent="1001", include_retired="true"))


def test_an_item_carries_its_type_parent_dates_and_link(get):
    [item] = get(LIST, q="1001022").json()["items"]

    assert item == {
        "teryt": "1001022",
        "name": item["name"],
        "level": "gmina",
        "gmina_type": "2",
        "gmina_type_label": "rural gmina",
        "parent_teryt": "1001",
        "register_on": "2010-01-01",
        "retired_on": None,
        "url": "/api/v1/territories/1001022",
    }
    assert get(item["url"]).status_code == 200


def test_a_unit_above_gmina_level_has_no_type(get):
    [item] = get(LIST, q="10", level="voivodeship").json()["items"]

    assert (item["gmina_type"], item["gmina_type_label"], item["parent_teryt"]) == (
        None,
        None,
        "PL",
    )


def test_the_list_costs_two_queries_whatever_its_length(get, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        assert len(codes(get(LIST, page_size=500))) == 19


def test_the_detail_of_a_gmina_has_ancestors_population_and_boundary(
    get, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        body = get(f"{LIST}/1001011").json()

    assert [a["teryt"] for a in body["ancestors"]] == ["PL", "10", "1001"]
    assert body["ancestors"][0] == {
        "teryt": "PL",
        "name": body["ancestors"][0]["name"],
        "level": "country",
    }
    assert body["children_count"] == 0
    assert [row["year"] for row in body["population"]] == [2010, 2011, 2012]
    for row in body["population"]:
        assert row["total"] == row["age_0_17"] + row["working_age"] + row["post_working_age"]
    assert body["boundary"]["type"] == "Polygon"
    assert len(body["boundary"]["coordinates"][0]) == 5


def test_the_detail_of_a_powiat_sums_its_gminas_and_has_no_boundary(get):
    powiat = get(f"{LIST}/1001").json()
    gminas = [get(f"{LIST}/{code}").json() for code in ("1001011", "1001022", "1001033")]

    assert powiat["children_count"] == 3
    assert powiat["boundary"] is None
    assert powiat["population"][0]["total"] == sum(g["population"][0]["total"] for g in gminas)


def test_children_are_the_units_directly_below(get):
    assert codes(get(f"{LIST}/10/children")) == ["1001", "1002"]
    assert codes(get(f"{LIST}/PL/children")) == ["06", "10"]
    assert get(f"{LIST}/1001/children", page_size=2).json()["count"] == 3


def test_stats_are_the_counts_of_the_register(get):
    body = get(f"{LIST}/stats").json()

    assert body == territory_stats()
    assert body["gminas"] == {"urban": 4, "rural": 4, "urban_rural": 4}
    assert body["population_years"] == [2010, 2011, 2012]


@pytest.mark.parametrize("path", [f"{LIST}/1099999", f"{LIST}/1099/children"])
def test_an_unknown_unit_is_a_404_body(get, path):
    response = get(path)

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "code": "not_found", "errors": []}


def test_a_bad_level_is_a_422_body_naming_the_parameter(get):
    response = get(LIST, level="region")

    assert response.status_code == 422
    body = response.json()
    assert (body["code"], body["detail"]) == (
        "validation_error",
        "The request parameters are not valid.",
    )
    assert [error["loc"] for error in body["errors"]] == [["query", "level"]]
    assert body["errors"][0]["type"] == "enum"


@pytest.mark.parametrize(
    ("path", "params", "loc"),
    [
        (LIST, {"page": 0}, ["query", "page"]),
        (LIST, {"page_size": 501}, ["query", "page_size"]),
        (LIST, {"page_size": -1}, ["query", "page_size"]),
        (LIST, {"type": "4"}, ["query", "type"]),
        (LIST, {"parent": "1"}, ["query", "parent"]),
        (LIST, {"q": "x" * 101}, ["query", "q"]),
        (LIST, {"q": "a\x00b"}, ["query", "q"]),
        (f"{LIST}/abc", {}, ["path", "teryt"]),
    ],
)
def test_refuses_bad_parameters_with_a_422_body(get, path, params, loc):
    response = get(path, **params)

    assert response.status_code == 422
    assert [error["loc"] for error in response.json()["errors"]] == [loc]
