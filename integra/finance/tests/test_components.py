"""Components and the procurement plan: edited by a ministry administrator only, every edit on
the version it loaded, refused whole with every problem at its field; the status page and its
exports for the ministry."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from openpyxl import load_workbook

from integra.audit.models import AuditEvent
from integra.finance import demo, rules
from integra.finance.models import Component, ProcurementItem
from integra.finance.services import components as services
from integra.finance.tests.factories import SYSTEM

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(pis):
    return demo.seed_components(pis)


def test_the_demo_seeds_four_components_and_a_plan_once(pis, seeded):
    assert list(Component.objects.values_list("code", flat=True)) == ["A", "B1", "B2", "C"]
    assert (seeded.components, seeded.items) == (4, 6)
    again = demo.seed_components(pis)
    assert (again.components, again.items) == (0, 0)
    assert Component.objects.get(code="C").budget_eur == Decimal("2190000.00")


def test_only_a_ministry_admin_edits(pis, personas, seeded):
    component = Component.objects.get(code="C")
    data = rules.ComponentInput(code="C", name="Kampania", budget_eur=Decimal("1"))
    for person in (personas.analyst, personas.finance, personas.coordinator):
        with pytest.raises(PermissionDenied):
            services.update_component(actor=person, component=component, data=data, lock_version=1)
    saved = services.update_component(
        actor=personas.admin, component=component, data=data, lock_version=1
    )
    assert (saved.name, saved.lock_version) == ("Kampania", 2)
    assert AuditEvent.objects.filter(action="finance.component.updated").count() == 1


def test_an_edit_on_an_old_version_is_refused(pis, seeded):
    component = Component.objects.get(code="C")
    data = rules.ComponentInput(code="C", name="Kampania", budget_eur=Decimal("1"))
    services.update_component(actor=SYSTEM, component=component, data=data, lock_version=1)
    with pytest.raises(services.EditConflict):
        services.update_component(actor=SYSTEM, component=component, data=data, lock_version=1)


def test_a_second_component_of_the_same_code_is_refused_at_its_field(pis, seeded):
    with pytest.raises(services.ComponentInvalid) as refused:
        services.create_component(
            actor=SYSTEM,
            programme=pis,
            data=rules.ComponentInput(code="B2", name="x", budget_eur=Decimal(1)),
        )
    assert list(refused.value.by_field()) == ["code"]


def test_an_invalid_item_is_refused_whole(pis, seeded):
    component = Component.objects.get(code="C")
    with pytest.raises(services.ProcurementItemInvalid) as refused:
        services.create_item(
            actor=SYSTEM,
            component=component,
            data=rules.ItemInput(
                reference="C-SH-02",
                description="druk",
                method="shopping",
                review="post",
                estimated_cost_eur=Decimal("-5"),
            ),
        )
    assert sorted(refused.value.by_field()) == ["estimated_cost_eur", "reference"]
    assert ProcurementItem.objects.filter(component=component).count() == 2


def test_the_status_page_shows_planned_actual_and_delay(pis, seeded, personas, signed_in):
    page = signed_in(personas.admin).get(reverse("finance:components"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "C-QCBS-01" in html and "2,190,000.00" in html.replace("\xa0", ",")
    # C-QCBS-01's evaluation was planned on 1 July and done on 30 August 2006: 60 days late.
    assert "60 days late" in html


def test_the_status_page_is_the_ministry_s(pis, seeded, personas, signed_in):
    for person in (personas.finance, personas.coordinator):
        assert signed_in(person).get(reverse("finance:components")).status_code == 403


def test_the_status_export_holds_dates_and_delays_typed(pis, seeded, personas, signed_in):
    url = reverse("finance:procurement-export", kwargs={"fmt": "xlsx"})
    response = signed_in(personas.admin).get(url)
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = {row[1]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    header = [cell.value for cell in sheet[1]]
    row = rows["C-QCBS-01"]
    evaluation = header.index("evaluation: actual")
    assert row[evaluation] == dt.datetime(2006, 8, 30)
    assert row[evaluation + 1] == 60
    assert row[header.index("Estimated cost (EUR)")] == 1650000
