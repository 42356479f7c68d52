"""The item's contracts page and the API of the procurement plan's contracts: a ministry
administrator signs an item's component-level contract or links an existing one (an analyst
reads, may not post; any other role: refused); a refusal lands at its field and nothing is
written; the status page, its export and the API show the contracts and the delays."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from integra.contracts.models import Contract
from integra.finance import demo
from integra.finance.models import Component, ItemContract, ProcurementItem, Transaction
from integra.finance.services import procurement
from integra.finance.tests.factories import SYSTEM
from integra.finance.tests.test_procurement import terms
from integra.providers.tests.factories import make_provider

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(pis, nbp_rate) -> ProcurementItem:
    demo.seed_components(pis)
    return ProcurementItem.objects.get(reference="C-QCBS-01")


@pytest.fixture
def agency(small_tree):
    return make_provider(kind="firm", name="Agencja Kampanii Sp. z o.o.")


def form_data(agency, **overrides) -> dict[str, str]:
    data = {
        "action": "create",
        "new-provider": agency.nip,
        "new-number": "C/1/2008",
        "new-signed_on": "2008-02-20",
        "new-ministry_representative": "Dyrektor Departamentu",
        "new-provider_representative": "Prezes Zarządu",
        "new-starts_on": "2008-03-01",
        "new-ends_on": "2009-12-31",
        "new-value_pln": "359 020,00",
        "new-instalments": "15.03.2008; 107 706,00; zaliczka\n31.12.2009; 251 314,00",
    }
    data.update(overrides)
    return data


def url(item) -> str:
    return reverse("finance:item-contracts", args=[item.pk])


def test_the_admin_signs_the_items_contract_on_its_page(item, agency, personas, signed_in):
    client = signed_in(personas.admin)
    assert client.get(url(item)).status_code == 200
    response = client.post(url(item), form_data(agency))
    assert response.status_code == 302
    link = ItemContract.objects.get()
    assert (link.contract.number, link.contract.gmina, link.amount_eur) == (
        "C/1/2008",
        None,
        Decimal("100000.00"),
    )
    page = client.get(url(item)).content.decode()
    assert "C/1/2008" in page and 'id="item-status"' in page


def test_a_refusal_lands_at_its_field_and_nothing_is_written(item, agency, personas, signed_in):
    Component.objects.filter(pk=item.component_id).update(budget_eur=Decimal("1000.00"))
    client = signed_in(personas.admin)
    response = client.post(url(item), form_data(agency))
    assert response.status_code == 422
    assert list(response.context["create_form"].errors) == ["value_pln"]
    response = client.post(url(item), form_data(agency, **{"new-provider": "0000000000"}))
    assert list(response.context["create_form"].errors) == ["provider"]
    response = client.post(
        url(item), form_data(agency, **{"new-instalments": "jutro; 5", "new-value_pln": "x"})
    )
    assert set(response.context["create_form"].errors) == {"instalments", "value_pln"}
    assert not Contract.objects.exists()
    assert not Transaction.objects.exists()


def test_linking_an_existing_contract_by_its_number(item, agency, personas, signed_in):
    other = ProcurementItem.objects.get(reference="C-SH-02")
    procurement.sign_item_contract(actor=SYSTEM, item=other, provider=agency, terms=terms())
    client = signed_in(personas.admin)
    response = client.post(url(item), {"action": "link", "link-number": "C/1/2008"})
    assert response.status_code == 422
    assert "already carries out item C C-SH-02" in str(response.context["link_form"].errors)
    response = client.post(url(item), {"action": "link", "link-number": "C/404"})
    assert list(response.context["link_form"].errors) == ["number"]


@pytest.mark.parametrize(
    ("persona", "get", "post"),
    [
        ("admin", 200, 302),
        ("analyst", 200, 403),
        ("officer", 403, 403),
        ("finance", 403, 403),
        ("coordinator", 403, 403),
        ("provider", 403, 403),
    ],
)
def test_the_page_is_the_ministrys(item, agency, personas, signed_in, persona, get, post):
    client = signed_in(getattr(personas, persona))
    assert client.get(url(item)).status_code == get
    assert client.post(url(item), form_data(agency)).status_code == post


def test_the_status_page_and_export_list_the_contracts(item, agency, personas, signed_in):
    procurement.sign_item_contract(actor=SYSTEM, item=item, provider=agency, terms=terms())
    client = signed_in(personas.admin)
    html = client.get(reverse("finance:components")).content.decode()
    assert "C/1/2008" in html and url(item) in html
    response = client.get(reverse("finance:procurement-export", kwargs={"fmt": "xlsx"}))
    sheet = load_workbook(BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    rows = {row[1]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    row = rows["C-QCBS-01"]
    assert row[header.index("Contracts")] == "C/1/2008 (component), Agencja Kampanii Sp. z o.o."
    assert row[header.index("Contracted (PLN)")] == 359020
    assert row[header.index("Committed against the component (EUR)")] == 100000
    assert row[header.index("contract signature: actual")] == dt.datetime(2008, 2, 20)
    assert row[header.index("contract signature: days of delay")] == 568
    assert rows["C-SH-02"][header.index("Contracts")] in ("", None)


# The API ----------------------------------------------------------------------------------------


def api_body(agency, **overrides):
    body = {
        "provider": agency.pk,
        "number": "C/1/2008",
        "signed_on": "2008-02-20",
        "ministry_representative": "Dyrektor Departamentu",
        "provider_representative": "Prezes Zarządu",
        "starts_on": "2008-03-01",
        "ends_on": "2009-12-31",
        "value_pln": "359020.00",
        "instalments": [
            {"due_on": "2008-03-15", "amount_pln": "107706.00", "is_advance": True},
            {"due_on": "2009-12-31", "amount_pln": "251314.00"},
        ],
    }
    body.update(overrides)
    return body


def test_the_api_signs_links_and_reports(item, agency, personas, api_as):
    client = api_as(personas.admin)
    path = f"/api/v1/procurement-plan-items/{item.pk}/contracts"
    created = client.post(path, api_body(agency), content_type="application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["gmina"], body["amount_eur"], body["rate_table"]) == (
        None,
        "100000.00",
        "033/A/NBP/2008",
    )
    again = client.post(path, api_body(agency), content_type="application/json")
    assert again.status_code == 422
    assert [e["loc"][-1] for e in again.json()["errors"]] == ["number"]
    other = ProcurementItem.objects.get(reference="C-SH-02")
    linked = client.post(
        f"/api/v1/procurement-plan-items/{other.pk}/links",
        {"contract": body["contract"]},
        content_type="application/json",
    )
    assert linked.status_code == 422
    status = client.get("/api/v1/procurement-plan-status", {"programme": "PIS"}).json()
    row = next(r for r in status["items"] if r["reference"] == "C-QCBS-01")
    signature = next(s for s in row["steps"] if s["step"] == "signature")
    assert (signature["actual"], row["status"]) == ("2008-02-20", "contracted")
    assert [(c["number"], c["amount_eur"]) for c in row["contracts"]] == [("C/1/2008", "100000.00")]


def test_the_api_refuses_a_budget_overrun_at_the_value(item, agency, personas, api_as):
    Component.objects.filter(pk=item.component_id).update(budget_eur=Decimal("10.00"))
    response = api_as(personas.admin).post(
        f"/api/v1/procurement-plan-items/{item.pk}/contracts",
        api_body(agency),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["code"] == "component_budget_exceeded"
    assert [e["loc"][-1] for e in response.json()["errors"]] == ["value_pln"]
    assert not Contract.objects.exists()


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("analyst", 403), ("officer", 404), ("coordinator", 404), ("provider", 404)],
)
def test_the_api_is_the_ministry_admins(item, agency, personas, api_as, persona, expected):
    response = api_as(getattr(personas, persona)).post(
        f"/api/v1/procurement-plan-items/{item.pk}/contracts",
        api_body(agency),
        content_type="application/json",
    )
    assert response.status_code == expected
    assert not Contract.objects.exists()
    status = api_as(getattr(personas, persona)).get("/api/v1/procurement-plan-status").json()
    assert (status["count"] > 0) is (persona == "analyst")
