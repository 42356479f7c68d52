"""Pages of the register: the list with filters and exports, the card (details and PESEL per
rights), the forms (every problem at its field; a twin pointed to), merge and invitation."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from integra.providers import rules
from integra.providers.models import Provider
from integra.providers.tests.factories import make_provider, provider_values

pytestmark = pytest.mark.django_db
LIST = reverse("providers:provider-list")
CREATE = reverse("providers:provider-create")


def detail(provider) -> str:
    return reverse("providers:provider-detail", kwargs={"pk": provider.pk})


def form_data(values: rules.ProviderValues, seat: str = "1001022", **extra) -> dict:
    data = {k: getattr(values, k) for k in rules.ProviderValues.__dataclass_fields__}
    return {**data, "seat_gmina": seat, **extra}


def test_the_list_filters_by_kind_voivodeship_and_text_and_exports_what_it_shows(
    personas, signed_in, own, neighbouring, elsewhere
):
    client = signed_in(personas.viewer)
    page = client.get(LIST, {"voivodeship": "10"}).content.decode()
    assert own.name in page and neighbouring.name in page and elsewhere.name not in page
    assert client.get(LIST, {"q": elsewhere.nip[:6]}).context["page"].object_list[0] == elsewhere
    assert list(client.get(LIST, {"kind": rules.FIRM}).context["page"]) == []

    export = client.get(reverse("providers:provider-export", args=["csv"]), {"voivodeship": "10"})
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    assert sorted(row[1] for row in rows[1:]) == sorted([own.name, neighbouring.name])
    xlsx = client.get(reverse("providers:provider-export", args=["xlsx"]))
    assert xlsx.status_code == 200


def test_a_provider_user_sees_only_its_own_card(personas, signed_in, own, neighbouring):
    client = signed_in(personas.provider)

    assert list(client.get(LIST).context["page"]) == [own]
    assert client.get(detail(own)).status_code == 200
    assert client.get(detail(neighbouring)).status_code == 404


def test_the_card_masks_the_pesel_and_hides_contacts_from_those_who_may_not_see_them(
    personas, signed_in
):
    person = make_provider("1001022", kind=rules.NATURAL_PERSON, pesel="44051401359")

    seat = signed_in(personas.coordinator).get(detail(person)).content.decode()
    region = signed_in(personas.consultant).get(detail(person)).content.decode()
    other = signed_in(personas.coordinator_lublin).get(detail(person)).content.decode()

    assert "44051401359" in seat
    assert "*******1359" in region and "44051401359" not in region
    assert person.email in region
    assert person.email not in other and "44051401359" not in other
    assert 'id="provider-contracts"' in region and 'id="provider-contracts"' not in seat


def test_the_form_shows_every_problem_at_its_field(personas, signed_in):
    values = provider_values(nip="123-456-78-90", regon="12", krs="1", postal_code="9")
    response = signed_in(personas.coordinator).post(CREATE, form_data(values))

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"nip", "regon", "krs", "postal_code"}
    assert not Provider.objects.exists()


def test_a_twin_is_refused_on_the_form_and_pointed_to_the_first(personas, signed_in, own):
    values = provider_values(nip=own.nip)
    response = signed_in(personas.coordinator).post(CREATE, form_data(values))

    assert response.context["existing"] == own
    assert "nip" in response.context["form"].errors
    assert detail(own) in response.content.decode()
    assert Provider.objects.count() == 1


def test_a_coordinator_registers_and_edits_a_provider(personas, signed_in):
    client = signed_in(personas.coordinator)
    response = client.post(CREATE, form_data(provider_values(), seat="0601022"))
    provider = Provider.objects.get()
    assert response.url == detail(provider)
    assert provider.brought_by.teryt == "1001022"

    edit = reverse("providers:provider-edit", kwargs={"pk": provider.pk})
    data = form_data(provider_values(name="Nowa nazwa"), seat="0601022", lock_version=1)
    assert client.post(edit, data).status_code == 302
    stale = client.post(edit, {**data, "name": "Inna"})
    assert stale.status_code == 200 and stale.context["form"].non_field_errors()
    provider.refresh_from_db()
    assert provider.name == "Nowa nazwa"


def test_merge_and_invitation_pages_follow_the_rights(personas, signed_in, own, neighbouring):
    merge = reverse("providers:provider-merge", kwargs={"pk": own.pk})
    assert signed_in(personas.officer).get(merge).status_code == 403
    admin = signed_in(personas.admin)
    response = admin.post(merge, {"absorb": neighbouring.pk, "confirm": "on"})
    assert response.status_code == 302
    assert admin.get(detail(neighbouring)).url == detail(own)

    invite = reverse("providers:provider-invite", kwargs={"pk": own.pk})
    assert signed_in(personas.viewer).get(invite).status_code == 403
    response = signed_in(personas.coordinator).post(
        invite, {"username": "nowy", "email": "nowy@example.org"}
    )
    assert response.status_code == 302
    assert own.memberships.filter(user__username="nowy").exists()
