"""Pages of allocation runs: who gets in, the new-run form and its refusals, a run's results and
exports, publishing through a confirmation, the comparison, and a gmina's allocation card."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from integra.allocations import services
from integra.allocations.models import AllocationRun
from integra.core.actors import SystemActor
from integra.programmes.services import ProgrammeSpec, create_programme, qualify_gminas

pytestmark = pytest.mark.django_db

TAKING_PART = ["0601022", "1001022", "1001033"]
LIST = reverse("allocations:run-list")


@pytest.fixture
def programme(small_tree):
    pis = create_programme(
        actor=SystemActor("test"),
        spec=ProgrammeSpec(
            code="PIS",
            name="Program Integracji Społecznej",
            starts_on=dt.date(2008, 1, 1),
            ends_on=dt.date(2010, 12, 31),
            budget_eur=Decimal("100000"),
        ),
        voivodeships=[small_tree["06"], small_tree["10"]],
    )
    qualify_gminas(
        actor=SystemActor("test"),
        programme=pis,
        gminas=[(small_tree[t], n) for n, t in enumerate(TAKING_PART)],
    )
    return pis


def make_run(programme, method="population", budget="100000"):
    return services.create_run(
        actor=SystemActor("test"),
        programme=programme,
        params=services.RunParameters(method=method, budget=Decimal(budget)),
    )


def form_data(programme, **changes):
    data = {
        "programme": programme.pk,
        "method": "population",
        "indicator": "total",
        "year": 2010,
        "budget": "100000",
        "unit": "100",
        "floor": "",
        "cap": "",
    }
    return {**data, **changes}


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    return list(csv.reader(io.StringIO(text.decode("utf-8-sig")), delimiter=";"))


def amount(text: str) -> Decimal:
    """An amount of the CSV for Excel, written with a decimal comma."""
    return Decimal(text.replace(",", "."))


# Who gets in ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "status"),
    [("admin", 200), ("analyst", 200), ("officer", 403), ("coordinator", 403)],
)
def test_the_runs_list_is_for_the_ministry_only(personas, signed_in, programme, name, status):
    make_run(programme)
    response = signed_in(getattr(personas, name)).get(LIST)
    assert response.status_code == status


@pytest.mark.parametrize("name", ["officer", "coordinator"])
def test_outside_the_ministry_a_run_and_its_comparison_are_not_found(
    personas, signed_in, programme, name
):
    run = make_run(programme)
    client = signed_in(getattr(personas, name))
    assert client.get(reverse("allocations:run-detail", args=[run.pk])).status_code == 404
    compare = reverse("allocations:run-compare", args=[run.pk, run.pk])
    assert client.get(compare).status_code == 404
    export = reverse("allocations:run-export", args=["csv"])
    assert client.get(export).status_code == 403


def test_an_anonymous_visitor_is_sent_to_sign_in(client, programme):
    run = make_run(programme)
    for url in (
        LIST,
        reverse("allocations:run-detail", args=[run.pk]),
        reverse("allocations:gmina-card", args=["1001022"]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_the_navigation_shows_allocations_to_the_ministry_only(personas, signed_in, programme):
    assert LIST in signed_in(personas.analyst).get(reverse("dashboards:home")).content.decode()
    page = signed_in(personas.coordinator).get(reverse("dashboards:home")).content.decode()
    assert f'href="{LIST}"' not in page


# The list and the new-run form --------------------------------------------------------------------


def test_the_list_shows_the_runs_and_the_admin_the_form(personas, signed_in, programme):
    run = make_run(programme)
    page = signed_in(personas.admin).get(LIST).content.decode()
    assert reverse("allocations:run-detail", args=[run.pk]) in page
    assert "PIS" in page
    assert 'id="run-form"' in page
    analyst_page = signed_in(personas.analyst).get(LIST).content.decode()
    assert 'id="run-form"' not in analyst_page


def test_an_admin_creates_a_run_from_the_form(personas, signed_in, programme):
    response = signed_in(personas.admin).post(LIST, form_data(programme))
    run = AllocationRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("allocations:run-detail", args=[run.pk])
    assert run.results.count() == len(TAKING_PART)
    assert sum(r.amount_eur for r in run.results.all()) == Decimal("100000")
    assert run.created_by == personas.admin


def test_an_impossible_run_is_refused_at_the_form(personas, signed_in, programme):
    response = signed_in(personas.admin).post(LIST, form_data(programme, floor="50000"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="form-errors"' in page
    assert "floor" in page.lower()
    assert not AllocationRun.objects.exists()


def test_invalid_fields_are_refused_at_the_form(personas, signed_in, programme):
    response = signed_in(personas.admin).post(LIST, form_data(programme, budget="-1", unit="0"))
    assert response.status_code == 200
    assert 'id="form-errors"' in response.content.decode()
    assert not AllocationRun.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("budget", "1e400"), ("budget", "1E+30"), ("unit", "1e-400"), ("cap", "NaN"), ("year", "1")],
)
def test_numbers_no_column_holds_are_refused_at_their_field(
    personas, signed_in, programme, field, value
):
    response = signed_in(personas.admin).post(LIST, form_data(programme, **{field: value}))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not AllocationRun.objects.exists()


def test_the_form_shows_the_weights_under_the_indicator(personas, signed_in, programme):
    page = signed_in(personas.admin).get(LIST).content.decode()

    positions = [
        page.index(f'id="id_{name}"')
        for name in ("indicator", "weight_total", "weight_age_0_17", "weight_post_working", "year")
    ]
    assert positions == sorted(positions)
    assert 'for="id_weight_age_0_17"' in page
    assert 'id="id_weight_total_helptext"' in page
    assert "Weighted sum of indicators only" in page
    assert "<script" not in page.split('id="run-form"')[1].split("</form>")[0]
    client = signed_in(personas.admin)
    client.cookies["django_language"] = "pl"
    polish = client.get(LIST).content.decode()
    assert "Waga ludności w wieku 0–17 lat" in polish
    assert "Tylko dla sumy ważonej wskaźników: liczba od 0 do 1000" in polish


def test_an_admin_creates_a_weighted_run_from_the_form(personas, signed_in, programme):
    data = form_data(
        programme,
        indicator="weighted",
        weight_total="1",
        weight_age_0_17="0,5",
        weight_post_working="0.50",
    )

    response = signed_in(personas.admin).post(LIST, data)

    run = AllocationRun.objects.get()
    assert response.status_code == 302
    assert run.indicator_weights == {"total": "1", "age_0_17": "0.5", "post_working": "0.5"}
    amounts = {r.gmina.teryt: r.amount_eur for r in run.results.select_related("gmina")}
    assert amounts == {"0601022": 42000, "1001022": 21900, "1001033": 36100}


def test_weights_are_ignored_with_another_indicator(personas, signed_in, programme):
    data = form_data(programme, weight_total="-5", weight_age_0_17="many")

    response = signed_in(personas.admin).post(LIST, data)

    assert response.status_code == 302
    run = AllocationRun.objects.get()
    assert run.indicator == "total"
    assert run.indicator_weights == {}


@pytest.mark.parametrize(
    ("weights", "errors"),
    [
        ({}, {"indicator": "the weighted sum needs weights"}),
        ({"weight_total": "0"}, {"indicator": "at least one weight must be above zero"}),
        (
            {"weight_total": "-1", "weight_post_working": "0.125", "weight_age_0_17": "2"},
            {
                "weight_total": "the weight must be a number from 0 to 1000",
                "weight_post_working": "the weight must be a number from 0 to 1000",
            },
        ),
    ],
)
def test_bad_weights_are_refused_at_their_fields(personas, signed_in, programme, weights, errors):
    data = form_data(programme, indicator="weighted", **weights)

    response = signed_in(personas.admin).post(LIST, data)

    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="form-errors"' in page
    form = response.context["form"]
    assert set(form.errors) == set(errors)
    for name, message in errors.items():
        assert message in form.errors[name][0]
        assert f'id="id_{name}_error"' in page
    assert not AllocationRun.objects.exists()


def test_an_analyst_may_not_create_a_run(personas, signed_in, programme):
    response = signed_in(personas.analyst).post(LIST, form_data(programme))
    assert response.status_code == 403
    assert not AllocationRun.objects.exists()


def test_the_runs_export_lists_every_run(personas, signed_in, programme):
    make_run(programme)
    make_run(programme, method="equal")
    client = signed_in(personas.analyst)
    rows = csv_rows(client.get(reverse("allocations:run-export", args=["csv"])))
    assert rows[0][:3] == ["Run", "Programme", "Method"]
    assert len(rows) == 3
    assert {row[1] for row in rows[1:]} == {"PIS"}
    assert {row[6] for row in rows[1:]} == {"3"}
    xlsx = client.get(reverse("allocations:run-export", args=["xlsx"]))
    assert xlsx.status_code == 200
    assert xlsx["Content-Disposition"].endswith('.xlsx"')
    assert client.get(reverse("allocations:run-export", args=["pdf"])).status_code == 404


# A run ------------------------------------------------------------------------------------------


def test_the_run_page_shows_parameters_totals_and_results(personas, signed_in, programme):
    run = make_run(programme)
    page = signed_in(personas.analyst).get(reverse("allocations:run-detail", args=[run.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    for teryt in TAKING_PART:
        assert teryt in text
    assert "100,000.00\xa0EUR" in text
    assert reverse("allocations:run-publish", args=[run.pk]) not in text  # analyst


def test_the_run_page_shows_the_weights_of_a_weighted_run(personas, signed_in, programme):
    weighted = services.create_run(
        actor=SystemActor("test"),
        programme=programme,
        params=services.RunParameters(
            method="population",
            indicator="weighted",
            budget=Decimal("100000"),
            weights={"total": Decimal(1), "age_0_17": Decimal("0.5")},
        ),
    )
    other = make_run(programme)
    client = signed_in(personas.analyst)

    text = client.get(reverse("allocations:run-detail", args=[weighted.pk])).content.decode()
    assert "weighted sum of indicators" in text
    weights = text.split('id="run-weights"')[1].split("</ul>")[0]
    assert "<li>total population: 1</li>" in weights
    assert "<li>people aged 0–17: 0.5</li>" in weights
    assert "<li>post-working age: 0</li>" in weights
    assert "43,066.50" in text  # 0601022: 39693 + 6747 / 2
    assert (
        'id="run-weights"'
        not in client.get(reverse("allocations:run-detail", args=[other.pk])).content.decode()
    )
    client.cookies["django_language"] = "pl"
    polish = client.get(reverse("allocations:run-detail", args=[weighted.pk])).content.decode()
    assert "0,5</li>" in polish


def test_the_run_page_is_in_polish_money_format_in_polish(personas, signed_in, programme):
    run = make_run(programme)
    client = signed_in(personas.admin)
    client.cookies["django_language"] = "pl"
    text = client.get(reverse("allocations:run-detail", args=[run.pk])).content.decode()
    assert "100\xa0000,00\xa0EUR" in text


def test_the_results_export_has_every_gmina(personas, signed_in, programme):
    run = make_run(programme)
    client = signed_in(personas.admin)
    rows = csv_rows(client.get(reverse("allocations:run-results-export", args=[run.pk, "csv"])))
    assert rows[0][0] == "TERYT code"
    assert [row[0] for row in rows[1:]] == TAKING_PART
    assert sum(amount(row[4]) for row in rows[1:]) == Decimal("100000")
    xlsx = client.get(reverse("allocations:run-results-export", args=[run.pk, "xlsx"]))
    assert xlsx.status_code == 200


def test_publishing_asks_for_confirmation_then_locks_the_run(personas, signed_in, programme):
    run = make_run(programme)
    client = signed_in(personas.admin)
    url = reverse("allocations:run-publish", args=[run.pk])
    detail = client.get(reverse("allocations:run-detail", args=[run.pk])).content.decode()
    assert url in detail
    confirmation = client.get(url)
    assert confirmation.status_code == 200
    run.refresh_from_db()
    assert run.status == AllocationRun.Status.DRAFT

    response = client.post(url)
    assert response["Location"] == reverse("allocations:run-detail", args=[run.pk])
    run.refresh_from_db()
    assert run.status == AllocationRun.Status.PUBLISHED
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="locked"' in page
    assert url not in page

    again = client.post(url, follow=True)
    assert "only a draft can be published" in again.content.decode()


def test_publishing_supersedes_the_published_run(personas, signed_in, programme):
    first = make_run(programme)
    services.publish_run(actor=SystemActor("test"), run=first)
    second = make_run(programme, method="equal")
    client = signed_in(personas.admin)
    url = reverse("allocations:run-publish", args=[second.pk])
    assert f"Run {first.pk}, published so far" in client.get(url).content.decode()
    client.post(url)
    first.refresh_from_db()
    assert first.status == AllocationRun.Status.SUPERSEDED


@pytest.mark.parametrize("name", ["analyst"])
def test_only_an_admin_publishes(personas, signed_in, programme, name):
    run = make_run(programme)
    client = signed_in(getattr(personas, name))
    url = reverse("allocations:run-publish", args=[run.pk])
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    run.refresh_from_db()
    assert run.status == AllocationRun.Status.DRAFT
    assert signed_in(personas.coordinator).post(url).status_code == 404


# The comparison ---------------------------------------------------------------------------------


def test_the_comparison_shows_gminas_and_voivodeships(personas, signed_in, programme):
    a = make_run(programme)
    b = make_run(programme, method="equal", budget="90000")
    client = signed_in(personas.analyst)
    detail = client.get(reverse("allocations:run-detail", args=[a.pk])).content.decode()
    url = reverse("allocations:run-compare", args=[a.pk, b.pk])
    assert url in detail
    page = client.get(url)
    text = page.content.decode()
    assert page.status_code == 200
    assert 'id="voivodeship-table"' in text
    assert 'id="gmina-table"' in text
    assert "łódzkie" in text
    assert "30,000.00\xa0EUR" in text  # equal share of 90 000 among three


def test_the_comparison_exports(personas, signed_in, programme):
    a = make_run(programme)
    b = make_run(programme, method="equal", budget="90000")
    client = signed_in(personas.analyst)
    gminas = csv_rows(
        client.get(reverse("allocations:compare-gminas-export", args=[a.pk, b.pk, "csv"]))
    )
    assert [row[0] for row in gminas[1:]] == TAKING_PART
    for row in gminas[1:]:
        assert amount(row[5]) == amount(row[4]) - amount(row[3])
    assert {row[4] for row in gminas[1:]} == {"30000,00"}
    voivodeships = csv_rows(
        client.get(reverse("allocations:compare-voivodeships-export", args=[a.pk, b.pk, "csv"]))
    )
    assert [row[0] for row in voivodeships[1:]] == ["06", "10"]
    assert sum(amount(row[2]) for row in voivodeships[1:]) == Decimal("100000")
    xlsx = client.get(reverse("allocations:compare-gminas-export", args=[a.pk, b.pk, "xlsx"]))
    assert xlsx.status_code == 200


# A gmina's card -----------------------------------------------------------------------------------


def test_a_coordinator_sees_the_published_allocation_of_their_gmina(personas, signed_in, programme):
    draft = make_run(programme, method="equal", budget="90000")
    published = make_run(programme, method="equal", budget="60000")
    services.publish_run(actor=SystemActor("test"), run=published)
    client = signed_in(personas.coordinator)
    page = client.get(reverse("allocations:gmina-card", args=["1001022"]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "20,000.00\xa0EUR" in text
    assert "30,000.00\xa0EUR" not in text  # the draft is not shown
    assert "tranches" in text
    assert draft.pk


def test_a_card_without_a_published_run_says_so(personas, signed_in, programme):
    make_run(programme)
    page = signed_in(personas.coordinator).get(reverse("allocations:gmina-card", args=["1001022"]))
    assert "No allocation has been published" in page.content.decode()


@pytest.mark.parametrize(
    ("name", "teryt", "status"),
    [
        ("coordinator", "1001033", 404),
        ("coordinator_lublin", "1001022", 404),
        ("officer", "1001022", 200),
        ("officer_lublin", "1001022", 404),
        ("analyst", "1001022", 200),
        ("admin", "10", 404),
        ("admin", "9999999", 404),
    ],
)
def test_the_card_is_for_those_who_see_the_gminas_participation(
    personas, signed_in, programme, name, teryt, status
):
    response = signed_in(getattr(personas, name)).get(
        reverse("allocations:gmina-card", args=[teryt])
    )
    assert response.status_code == status
