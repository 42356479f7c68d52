"""The registers: scoped to the user, filtered by provider kind, service type, target group,
status, value and period, and exported (CSV, XLSX) with exactly the rows and columns shown."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from integra.contracts.tests.factories import make_contract, make_offer, make_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def contracts(world):
    return {
        "care": make_contract(world, value=Decimal("6199.20"), number="UM/1/2007"),
        "club": make_contract(
            world,
            service=world.club,
            value=Decimal("15000.00"),
            number="UM/2/2007",
            provider=world.school,
            kind="arrangement",
        ),
    }


def numbers(response):
    return [
        row[0] for row in response.context["rows"] and [c for _pk, c in response.context["rows"]]
    ]


def test_the_contract_register_filters(world, contracts, signed_in):
    client = signed_in(world.people.officer)
    url = reverse("contracts:register", args=["umowy"])
    assert numbers(client.get(url)) == ["UM/2/2007", "UM/1/2007"]
    assert numbers(client.get(url, {"provider_kind": "school"})) == ["UM/2/2007"]
    assert numbers(client.get(url, {"service_type": "OS-01"})) == ["UM/1/2007"]
    assert numbers(client.get(url, {"target_group": "DM"})) == ["UM/2/2007"]
    assert numbers(client.get(url, {"value_from": "10000"})) == ["UM/2/2007"]
    assert numbers(client.get(url, {"value_to": "6199.20", "status": "signed"})) == ["UM/1/2007"]
    assert numbers(client.get(url, {"period_from": "2008-01-01"})) == []
    assert numbers(client.get(url, {"voivodeship": "06"})) == []


def test_the_register_is_scoped(world, contracts, signed_in):
    url = reverse("contracts:register", args=["umowy"])
    assert numbers(signed_in(world.people.coordinator_lublin).get(url)) == []
    assert numbers(signed_in(world.people.provider).get(url)) == ["UM/1/2007"]


def test_the_exports_hold_exactly_what_is_shown(world, contracts, signed_in):
    client = signed_in(world.people.analyst)
    query = {"provider_kind": "school"}
    csv_response = client.get(reverse("contracts:register-export", args=["umowy", "csv"]), query)
    rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Number" and [r[0] for r in rows[1:]] == ["UM/2/2007"]
    assert rows[1][10] == "15000,00"
    xlsx = client.get(reverse("contracts:register-export", args=["umowy", "xlsx"]), query)
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[1][0] == "UM/2/2007" and values[1][10] == 15000


def test_the_offer_and_report_registers_answer(world, contracts, signed_in):
    round_ = make_round(world, status="published")
    make_offer(round_, world.own)
    client = signed_in(world.people.coordinator)
    assert len(client.get(reverse("contracts:register", args=["oferty"])).context["rows"]) == 1
    assert client.get(reverse("contracts:register", args=["sprawozdania"])).status_code == 200
    assert client.get(reverse("contracts:register", args=["nabory"])).status_code == 200
    assert client.get(reverse("contracts:register", args=["inne"])).status_code == 404
