"""Report pages wired to the services: the provider fills in and submits, the coordinator
returns with a comment and accepts; the overdue list per voivodeship; another provider's report
is a 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from integra.contracts import services
from integra.contracts.models import ProviderReport
from integra.contracts.tests.factories import contract_terms, make_contract, selected_offer
from integra.core.actors import SystemActor

pytestmark = pytest.mark.django_db

FORM = {
    "actions_done": "Wizyty opiekunek",
    "reach": "OS; K; 60/65+; 10\nOS; M; 60/65+; 6",
    "results": "16 osób objętych opieką",
    "costs": "Wynagrodzenia; 6 199,20; 6 199,20",
    "documents": "1; RB/1/2007; 01.09.2007; Anna Opiekunka; 6 199,20; 6 199,20",
}


@pytest.fixture
def contract(world):
    return services.sign_contract(
        actor=world.people.coordinator, offer=selected_offer(world), terms=contract_terms(world)
    )


def test_the_provider_submits_and_the_coordinator_returns_then_accepts(world, contract, signed_in):
    report = contract.reports.get(kind="partial")
    provider = signed_in(world.people.provider)
    url = reverse("contracts:report-submit", args=[report.pk])
    form = provider.get(url).context["form"]
    assert form.initial["costs"] == "Wynagrodzenia; 6199,20; 0,00"
    response = provider.post(url, FORM | {"lock_version": 1})
    assert response.url == reverse("contracts:report-detail", args=[report.pk])
    coordinator = signed_in(world.people.coordinator)
    coordinator.post(reverse("contracts:report-return", args=[report.pk]), {"comment": "Popraw"})
    report.refresh_from_db()
    assert report.status == "returned"
    page = provider.get(reverse("contracts:report-detail", args=[report.pk])).content.decode()
    assert "Popraw" in page
    provider.post(url, FORM | {"lock_version": report.lock_version})
    coordinator.post(reverse("contracts:report-accept", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == "accepted"


def test_the_report_form_shows_a_bad_line_at_its_field(world, contract, signed_in):
    report = contract.reports.get(kind="partial")
    provider = signed_in(world.people.provider)
    url = reverse("contracts:report-submit", args=[report.pk])
    response = provider.post(url, FORM | {"documents": "", "lock_version": 1})
    assert "eligible" in response.context["form"].errors["documents"][0]
    assert ProviderReport.objects.get(pk=report.pk).status == "due"


def test_the_overdue_list_and_another_providers_report(world, contract, signed_in):
    services.mark_overdue_reports(actor=SystemActor("test"), today=dt.date(2007, 10, 1))
    officer = signed_in(world.people.officer)
    page = officer.get(reverse("contracts:report-overdue") + "?voivodeship=10")
    assert contract.number in page.content.decode()
    lublin = signed_in(world.people.officer_lublin)
    assert contract.number not in lublin.get(reverse("contracts:report-overdue")).content.decode()
    other = make_contract(world, provider=world.other)
    theirs = ProviderReport.objects.create(
        contract=other, kind="final", number=1, due_on=other.ends_on
    )
    provider = signed_in(world.people.provider)
    assert provider.get(reverse("contracts:report-detail", args=[theirs.pk])).status_code == 404
