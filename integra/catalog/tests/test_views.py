"""Pages of the catalogue: who gets in, the filters and their exports, a type's page, and the
admin's forms (errors by field) and confirmations."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from integra.accounts.services import create_user
from integra.audit.models import AuditEvent
from integra.catalog.models import ServiceType
from integra.core.actors import SystemActor
from integra.core.tests.sheets import xlsx_rows

pytestmark = pytest.mark.django_db

LIST = reverse("catalog:service-type-list")
CREATE = reverse("catalog:service-type-create")


def url(name: str, code: str = "OS-05") -> str:
    return reverse(f"catalog:service-type-{name}", kwargs={"code": code})


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def xlsx_first_column(response) -> list[str]:
    """The first cell of each row of the first sheet."""
    return [row[0] for row in xlsx_rows(response.content)]


def shown_codes(response) -> list[str]:
    return [service_type.code for service_type in response.context["service_types"]]


def form_data(**changes) -> dict:
    data = {
        "code": "OS-11",
        "name_pl": "Klub seniora",
        "name_en": "Seniors' club",
        "groups": ["OS"],
        "line": "services",
        "position": "111",
        "description": "",
    }
    return {**data, **changes}


# Who gets in ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["admin", "analyst", "officer", "coordinator", "provider"])
def test_everyone_with_a_role_reads_the_catalogue(personas, signed_in, catalogue, name):
    client = signed_in(getattr(personas, name))

    assert client.get(LIST).status_code == 200
    assert client.get(url("detail")).status_code == 200


def test_a_user_without_a_role_is_refused(small_tree, signed_in, catalogue):
    nobody = create_user(
        actor=SystemActor("test"), username="nobody", email="", password="x-long-pass-99"
    )

    assert signed_in(nobody).get(LIST).status_code == 403


def test_an_anonymous_visitor_is_sent_to_sign_in(client, catalogue):
    response = client.get(LIST)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_navigation_offers_the_catalogue(personas, signed_in, catalogue):
    response = signed_in(personas.viewer).get(reverse("territories:territory-list"))

    assert LIST in [item["url"] for item in response.context["nav_items"]]


@pytest.mark.parametrize("name", ["create", "edit", "retire", "restore", "delete"])
def test_the_forms_are_for_the_ministry_admin_only(personas, signed_in, catalogue, name):
    path = CREATE if name == "create" else url(name)

    assert signed_in(personas.analyst).get(path).status_code == 403
    assert signed_in(personas.coordinator).post(path, form_data()).status_code == 403
    assert signed_in(personas.admin).get(path).status_code == 200


# The list ---------------------------------------------------------------------------------------


def test_the_list_shows_the_types_in_use_by_default(personas, signed_in, catalogue):
    ServiceType.objects.filter(code="OS-02").update(retired_on=dt.date(2010, 1, 1))
    client = signed_in(personas.coordinator)

    response = client.get(LIST)

    assert "OS-01" in shown_codes(response)
    assert "OS-02" not in shown_codes(response)
    assert shown_codes(client.get(LIST, {"status": "retired"})) == ["OS-02"]
    assert "OS-02" in shown_codes(client.get(LIST, {"status": "all"}))
    assert reverse("catalog:service-type-create").encode() not in response.content


def test_the_filters_and_the_exports_show_the_same_rows(personas, signed_in, catalogue):
    client = signed_in(personas.admin)
    query = {"group": "RD", "line": "services", "q": "opieka"}

    shown = shown_codes(client.get(LIST, query))
    rows = csv_rows(client.get(reverse("catalog:service-type-export", args=["csv"]), query))
    xlsx = xlsx_first_column(
        client.get(reverse("catalog:service-type-export", args=["xlsx"]), query)
    )

    assert shown == ["RD-02", "RD-03", "RD-08", "RD-09", "RD-10"]
    assert rows[0][:4] == ["Code", "Name in Polish", "Name in English", "Target groups"]
    assert [row[0] for row in rows[1:]] == shown
    assert xlsx == ["Code", *shown]
    assert (
        client.get(reverse("catalog:service-type-export", args=["pdf"]), query).status_code == 404
    )


def test_an_unknown_code_is_a_404(personas, signed_in, catalogue):
    assert signed_in(personas.admin).get(url("detail", "XX-99")).status_code == 404


# The admin's forms ------------------------------------------------------------------------------


def test_an_admin_adds_a_type(personas, signed_in, catalogue):
    response = signed_in(personas.admin).post(CREATE, form_data(groups=["OS", "RD"]))

    assert response.status_code == 302
    assert response["Location"] == url("detail", "OS-11")
    created = ServiceType.objects.get(code="OS-11")
    assert sorted(g.code for g in created.groups.all()) == ["OS", "RD"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"code": "OS-01"}, "code"),
        ({"code": "os-11"}, "code"),
        ({"groups": []}, "groups"),
        ({"name_pl": ""}, "name_pl"),
        ({"position": "-1"}, "position"),
    ],
)
def test_a_refused_type_shows_the_error_at_its_field(
    personas, signed_in, catalogue, changes, field
):
    count = ServiceType.objects.count()

    response = signed_in(personas.admin).post(CREATE, form_data(**changes))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert f'id="id_{field}_error"'.encode() in response.content
    assert ServiceType.objects.count() == count


def test_an_admin_edits_a_type(personas, signed_in, catalogue):
    data = form_data(name_pl="Dowóz posiłków", groups=["OS", "RD"], position="105")
    data["lock_version"] = "1"
    del data["code"]

    response = signed_in(personas.admin).post(url("edit"), data)

    assert response.status_code == 302
    meals = ServiceType.objects.get(code="OS-05")
    assert meals.name_pl == "Dowóz posiłków"
    assert sorted(g.code for g in meals.groups.all()) == ["OS", "RD"]
    assert AuditEvent.objects.filter(action="catalog.service_type.updated").count() == 1


def test_an_admin_retires_then_restores_a_type_through_confirmations(
    personas, signed_in, catalogue
):
    client = signed_in(personas.admin)

    confirmation = client.get(url("retire"))
    assert b'id="confirm-form"' in confirmation.content
    assert client.post(url("retire"))["Location"] == url("detail")
    assert ServiceType.objects.get(code="OS-05").is_retired
    detail = client.get(url("detail"))
    assert url("restore").encode() in detail.content

    client.post(url("restore"))
    assert not ServiceType.objects.get(code="OS-05").is_retired


def test_retiring_twice_shows_the_refusal(personas, signed_in, catalogue):
    ServiceType.objects.filter(code="OS-05").update(retired_on=dt.date(2010, 1, 1))

    response = signed_in(personas.admin).post(url("retire"), follow=True)

    assert b"already retired" in response.content


def test_an_admin_deletes_an_unused_type(personas, signed_in, catalogue):
    response = signed_in(personas.admin).post(url("delete"))

    assert response["Location"] == LIST
    assert not ServiceType.objects.filter(code="OS-05").exists()


# Limits and lost updates (issue 10) ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "language", "message"),
    [
        ("name_pl", "x" * 201, "pl", "co najwyżej 200 znaków"),
        ("name_en", "x" * 201, "en", "at most 200 characters"),
        ("description", "x" * 5001, "pl", "co najwyżej 5000 znaków"),
        ("description", "x" * 5001, "en", "at most 5000 characters"),
        ("code", "OS-" + "1" * 20, "en", "at most 16 characters"),
    ],
)
def test_an_oversized_field_is_refused_at_the_field(
    personas, signed_in, catalogue, field, value, language, message
):
    client = signed_in(personas.admin)
    client.cookies["django_language"] = language

    response = client.post(CREATE, form_data(**{field: value}), HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not ServiceType.objects.filter(code__startswith="OS-11").exists()


def test_the_later_of_two_edit_tabs_keeps_its_input_and_saves_only_when_sent_again(
    personas, signed_in, catalogue
):
    client = signed_in(personas.admin)
    assert 'name="lock_version" value="1"' in client.get(url("edit")).content.decode()
    first = {**form_data(name_pl="Dowóz posiłków"), "lock_version": "1"}
    second = {**form_data(name_pl="Posiłki w domu"), "lock_version": "1"}
    del first["code"], second["code"]
    assert client.post(url("edit"), first).status_code == 302

    refused = client.post(url("edit"), second)

    assert refused.status_code == 200
    text = refused.content.decode()
    assert "Someone else saved this service type" in text
    assert 'value="Posiłki w domu"' in text and 'name="lock_version" value="2"' in text
    assert ServiceType.objects.get(code="OS-05").name_pl == "Dowóz posiłków"
    assert client.post(url("edit"), {**second, "lock_version": "2"}).status_code == 302
    assert ServiceType.objects.get(code="OS-05").name_pl == "Posiłki w domu"
