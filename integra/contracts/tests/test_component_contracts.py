"""Component-level contracts (no gmina: a consultant, the campaign agency): the database refuses
one with a round or planned services, and a gmina's contract without its round; the number is
unique per programme; only the ministry sees them (any other role: 404) — and the provider whose
contract it is; only a ministry administrator signs or terminates them; the national register
shows "component" where a gmina would be; no annex is recorded here."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import translation

from integra.contracts import policies
from integra.contracts.models import Contract, ContractService
from integra.contracts.rules import ComponentContractTerms, InstalmentInput
from integra.contracts.services import ContractNotAllowed, amend_contract, terminate_contract
from integra.contracts.services.component_contracts import sign_component_contract
from integra.contracts.tests.factories import contract_terms, make_contract
from integra.core.actors import SystemActor
from integra.core.errors import RulesBroken

pytestmark = pytest.mark.django_db

SYSTEM = SystemActor("test")
VALUE = Decimal("120000.00")


def component_terms(**overrides) -> ComponentContractTerms:
    base = {
        "number": "K/1/2007",
        "signed_on": dt.date(2007, 5, 10),
        "ministry_representative": "Dyrektor Departamentu",
        "provider_representative": "Prezes",
        "starts_on": dt.date(2007, 6, 1),
        "ends_on": dt.date(2008, 5, 31),
        "value_pln": VALUE,
        "instalments": (
            InstalmentInput(dt.date(2007, 6, 15), Decimal("30000.00"), is_advance=True),
            InstalmentInput(dt.date(2008, 5, 31), Decimal("90000.00")),
        ),
    }
    base.update(overrides)
    return ComponentContractTerms(**base)


def sign(world, provider=None, actor=SYSTEM, **overrides) -> Contract:
    return sign_component_contract(
        actor=actor,
        programme=world.programme,
        provider=provider or world.other,
        terms=component_terms(**overrides),
    )


@pytest.fixture
def component(world) -> Contract:
    return sign(world)


# The database -----------------------------------------------------------------------------------


def test_a_component_contract_with_planned_services_is_refused(world, component):
    gmina_contract = make_contract(world)
    share = gmina_contract.services.get()
    with (
        pytest.raises(IntegrityError, match="carries no planned services"),
        transaction.atomic(),
    ):
        ContractService.objects.filter(pk=share.pk).update(contract=component)
    with (
        pytest.raises(IntegrityError, match="carries no planned services"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "INSERT INTO contracts_contractservice (contract_id, plan_id, service_key, "
            "planned_service_id, line, amount_pln, amount_eur) "
            "SELECT %s, plan_id, service_key, planned_service_id, line, 1, 1 "
            "FROM contracts_contractservice WHERE id = %s",
            [component.pk, share.pk],
        )
    assert not ContractService.objects.filter(contract=component).exists()


def test_a_gmina_contract_without_gmina_is_refused(world):
    """A contract from an offer (a gmina's) cannot lose its gmina; nor can a direct selection."""
    contract = make_contract(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        Contract.objects.filter(pk=contract.pk).update(gmina=None)
    assert Contract.objects.get(pk=contract.pk).gmina == world.gmina


def test_a_component_contract_with_a_round_or_as_an_arrangement_is_refused(world, component):
    for change in (
        {"direct_justification": "bez przetargu"},
        {"kind": Contract.Kind.ARRANGEMENT},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            Contract.objects.filter(pk=component.pk).update(**change)


def test_a_gmina_contract_needs_its_round(world, component):
    with pytest.raises(IntegrityError), transaction.atomic():
        Contract.objects.filter(pk=component.pk).update(gmina=world.gmina, number="G/9")


def test_the_number_is_unique_per_programme_for_component_contracts(world, component):
    with pytest.raises(RulesBroken) as refused:
        sign(world)
    assert list(refused.value.by_field()) == ["number"]
    with pytest.raises(IntegrityError), transaction.atomic():
        Contract.objects.create(
            programme=world.programme,
            provider=world.other,
            kind="agreement",
            number="K/1/2007",
            signed_on=dt.date(2007, 5, 10),
            gmina_representative="x",
            provider_representative="y",
            starts_on=dt.date(2007, 6, 1),
            ends_on=dt.date(2007, 6, 1),
            value_pln=1,
        )
    # a gmina may use the same number for its own contract
    assert make_contract(world, number="K/1/2007").gmina == world.gmina


def test_the_contract_has_its_schedule_and_nothing_of_a_gmina(world, component):
    assert (component.gmina, component.offer, component.failed_round) == (None, None, None)
    assert (component.teryt, component.is_component_level) == ("", True)
    assert [i.amount_pln for i in component.instalments.all()] == [
        Decimal("30000.00"),
        Decimal("90000.00"),
    ]


def test_bad_terms_are_refused_whole(world):
    with pytest.raises(RulesBroken) as refused:
        sign(
            world,
            number="",
            value_pln=Decimal("-1"),
            ministry_representative="",
            ends_on=dt.date(2007, 1, 1),
        )
    assert set(refused.value.by_field()) >= {
        "number",
        "value_pln",
        "ministry_representative",
        "ends_on",
    }
    assert not Contract.objects.exists()


def test_the_schedule_must_add_up_and_keep_the_advance_limit(world):
    with pytest.raises(RulesBroken) as refused:
        sign(
            world,
            instalments=(InstalmentInput(dt.date(2007, 6, 15), VALUE, is_advance=True),),
        )
    assert list(refused.value.by_field()) == ["instalments"]


# Rights ----------------------------------------------------------------------------------------


def test_only_a_ministry_admin_signs(world):
    people = world.people
    for person in (people.analyst, people.officer, people.coordinator, people.provider):
        with pytest.raises(PermissionDenied):
            sign(world, actor=person)
    assert sign(world, actor=people.admin).gmina is None


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("admin", True),
        ("analyst", True),
        ("officer", False),
        ("consultant", False),
        ("finance", False),
        ("coordinator", False),
        ("viewer", False),
        ("provider", False),  # acts for another provider
    ],
)
def test_only_the_ministry_sees_a_component_contract(world, component, signed_in, persona, sees):
    user = getattr(world.people, persona)
    assert Contract.objects.visible_to(user).filter(pk=component.pk).exists() is sees
    assert policies.can_view_contract(user, component) is sees
    page = signed_in(user).get(reverse("contracts:contract-detail", args=[component.pk]))
    assert page.status_code == (200 if sees else 404)


def test_the_provider_whose_contract_it_is_sees_it(world, signed_in):
    own = sign(world, provider=world.own, number="K/2/2007")
    provider = world.people.provider
    assert policies.can_view_contract(provider, own)
    assert (
        signed_in(provider).get(reverse("contracts:contract-detail", args=[own.pk])).status_code
        == 200
    )


@pytest.mark.parametrize(
    ("persona", "signs"),
    [("admin", True), ("analyst", False), ("officer", False), ("coordinator", False)],
)
def test_only_a_ministry_admin_changes_it(world, component, persona, signs):
    assert policies.can_sign_contract(getattr(world.people, persona), component) is signs


def test_the_admin_terminates_it_and_a_coordinator_may_not(world, component):
    with pytest.raises(PermissionDenied):
        terminate_contract(
            actor=world.people.coordinator,
            contract=component,
            terminated_on=dt.date(2007, 9, 1),
            reason="x",
        )
    done = terminate_contract(
        actor=world.people.admin,
        contract=component,
        terminated_on=dt.date(2007, 9, 1),
        reason="Agencja nie wykonała umowy",
    )
    assert done.status == Contract.Status.TERMINATED


def test_no_annex_is_recorded_here(world, component, signed_in):
    with pytest.raises(ContractNotAllowed):
        amend_contract(
            actor=world.people.admin,
            contract=component,
            terms=contract_terms(world),
            reason="Zmiana",
            lock_version=component.lock_version,
        )
    client = signed_in(world.people.admin)
    assert client.get(reverse("contracts:contract-amend", args=[component.pk])).status_code == 404
    page = client.get(reverse("contracts:contract-detail", args=[component.pk])).content.decode()
    assert 'id="amend"' not in page
    assert 'id="contract-level"' in page


# Registers and the API --------------------------------------------------------------------------


def test_the_national_register_shows_component_instead_of_a_gmina(world, component, signed_in):
    make_contract(world, number="UM/1/2007")
    client = signed_in(world.people.analyst)
    url = reverse("contracts:register", args=["umowy"])
    rows = {c[0]: c for _pk, c in client.get(url).context["rows"]}
    assert rows["K/1/2007"][1:4] == ["component", "", ""]
    assert rows["UM/1/2007"][2] == "1001022"
    only_lodz = client.get(url, {"voivodeship": "10"}).context["rows"]
    assert [c[0] for _pk, c in only_lodz] == ["UM/1/2007"]
    export = client.get(reverse("contracts:register-export", args=["umowy", "dane.csv"]))
    lines = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert any(line[0] == "K/1/2007" and line[1] == "component" for line in lines)


def test_the_register_in_polish_says_komponent(world, component, signed_in):
    client = signed_in(world.people.analyst)
    client.cookies["django_language"] = "pl"
    with translation.override("pl"):
        page = client.get(reverse("contracts:register", args=["umowy"]))
        assert [c[1] for _pk, c in page.context["rows"]] == ["komponent"]


def test_the_api_gives_no_gmina_and_hides_it_from_the_region(world, component, api_as):
    url = f"/api/v1/contracts/{component.pk}"
    found = api_as(world.people.analyst).get(url)
    assert (found.status_code, found.json()["gmina"]) == (200, None)
    assert api_as(world.people.officer).get(url).status_code == 404
    listed = api_as(world.people.admin).get("/api/v1/contracts").json()["items"]
    assert [c["number"] for c in listed] == ["K/1/2007"]
