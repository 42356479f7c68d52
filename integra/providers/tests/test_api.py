"""API of the register: the pages' rules and rights; 422 per field, 409 naming a twin."""

from __future__ import annotations

import pytest

from integra.providers import rules
from integra.providers.models import Provider
from integra.providers.tests.factories import make_provider, provider_values

pytestmark = pytest.mark.django_db
URL = "/api/v1/providers"


def body(values: rules.ProviderValues, seat: str = "1001022", **extra) -> dict:
    data = {k: getattr(values, k) for k in rules.ProviderValues.__dataclass_fields__}
    return {**data, "seat_gmina": seat, **extra}


def test_list_with_filters_and_pagination(personas, api_as, own, neighbouring, elsewhere):
    client = api_as(personas.viewer)

    page = client.get(URL, {"voivodeship": "10", "page_size": 1}).json()
    assert page["count"] == 2 and len(page["items"]) == 1
    assert client.get(URL, {"search": elsewhere.name}).json()["items"][0]["id"] == elsewhere.pk
    assert client.get(URL, {"voivodeship": "x"}).status_code == 422


def test_a_provider_user_gets_404_for_another_provider(personas, api_as, own, neighbouring):
    client = api_as(personas.provider)

    assert client.get(f"{URL}/{own.pk}").status_code == 200
    assert client.get(f"{URL}/{neighbouring.pk}").status_code == 404
    assert [item["id"] for item in client.get(URL).json()["items"]] == [own.pk]


def test_details_and_pesel_follow_the_rights(personas, api_as):
    person = make_provider("1001022", kind=rules.NATURAL_PERSON, pesel="44051401359")

    seat = api_as(personas.coordinator).get(f"{URL}/{person.pk}").json()
    region = api_as(personas.consultant).get(f"{URL}/{person.pk}").json()
    other = api_as(personas.coordinator_lublin).get(f"{URL}/{person.pk}").json()

    assert seat["pesel"] == "44051401359"
    assert region["pesel"] == "*******1359" and region["email"] == person.email
    assert other["contacts_shown"] is False and other["pesel"] == "" and other["email"] == ""


def test_create_refuses_every_problem_at_its_field_and_a_twin_with_409(personas, api_as, own):
    client = api_as(personas.coordinator)

    bad = client.post(URL, body(provider_values(nip="1234563219", krs="1")), "application/json")
    assert bad.status_code == 422
    assert sorted(e["loc"][-1] for e in bad.json()["errors"]) == ["krs", "nip"]

    twin = client.post(URL, body(provider_values(regon=own.regon)), "application/json")
    assert twin.status_code == 409
    assert twin.json()["existing_id"] == own.pk
    assert twin.json()["existing_url"].endswith(f"{URL}/{own.pk}")
    assert twin.json()["errors"][0]["loc"] == ["body", "regon"]

    made = client.post(URL, body(provider_values()), "application/json")
    assert made.status_code == 201
    assert Provider.objects.count() == 2


def test_update_states_its_version_and_merge_is_for_the_ministry(
    personas, api_as, own, neighbouring
):
    client = api_as(personas.coordinator)
    data = body(provider_values(name="Nowa"), lock_version=1)

    assert client.put(f"{URL}/{own.pk}", data, "application/json").status_code == 200
    stale = client.put(f"{URL}/{own.pk}", data, "application/json")
    assert stale.status_code == 409 and stale.json()["code"] == "provider_edit_conflict"
    assert client.put(f"{URL}/{neighbouring.pk}", data, "application/json").status_code == 403

    merge = f"{URL}/{own.pk}/merge"
    absorb = {"absorb": neighbouring.pk}
    assert client.post(merge, absorb, "application/json").status_code == 403
    merged = api_as(personas.admin).post(merge, absorb, "application/json")
    assert merged.status_code == 200 and merged.json()["absorbed"] == neighbouring.pk
