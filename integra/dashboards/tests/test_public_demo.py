"""The public pages and the IATI file of the demo on the real public files (`real_demo`, seeded
once for the module): 500 child activities whose sums equal the allocations and the ledger, and
no page or feed shows a natural person's name, e-mail, phone or PESEL."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from integra.dashboards.tests.test_public import check_iati, text_of
from integra.finance import selectors as finance_selectors
from integra.finance.models import Account
from integra.programmes.models import Programme
from integra.providers import rules as provider_rules

pytestmark = pytest.mark.django_db

CODE = "PIS-2006"


def personal_data() -> set[str]:
    """Every natural person's name, e-mail, phone and PESEL the demo holds anywhere."""
    from django.contrib.auth import get_user_model

    from integra.contracts.models import Contract
    from integra.core import crypto
    from integra.outreach.models import Registration
    from integra.providers.models import Provider

    found: set[str] = set()
    for user in get_user_model().objects.all():
        found |= {user.get_full_name(), user.email}
    for registration in Registration.objects.all():
        found |= {registration.full_name, registration.email}
    for provider in Provider.objects.all():
        found |= {provider.contact_person, provider.email, provider.phone}
        if provider.kind == provider_rules.NATURAL_PERSON:
            found.add(provider.name)
        if provider.pesel_sealed:
            found.add(crypto.unseal(provider.pesel_sealed))
    for signed in Contract.objects.values_list("gmina_representative", "provider_representative"):
        found |= set(signed)
    return {value.strip() for value in found if value and len(value.strip()) > 3}


def public_addresses() -> list[str]:
    """Every public page and feed of the demo: the programme's, every participating gmina's,
    every published practice's."""
    from integra.outreach.models import GoodPractice
    from integra.programmes.models import Participation

    urls = [
        reverse("dashboards:public-home"),
        reverse("dashboards:public-programme", args=[CODE]),
        reverse("dashboards:public-map", args=[CODE]),
        reverse("dashboards:public-map-data", args=[CODE]),
        reverse("dashboards:public-events"),
        reverse("dashboards:public-practice-list"),
        reverse("dashboards:public-practice-export", args=["csv"]),
        reverse("dashboards:public-invitations"),
        reverse("dashboards:public-data"),
        reverse("dashboards:public-allocations-export", args=[CODE, "csv"]),
        reverse("dashboards:public-allocations-json", args=[CODE]),
        reverse("dashboards:public-contracts-export", args=[CODE, "csv"]),
        reverse("dashboards:public-contracts-json", args=[CODE]),
        reverse("dashboards:public-iati", args=[CODE]),
    ]
    urls += [
        reverse("dashboards:public-gmina", args=[teryt])
        for teryt in Participation.objects.filter(programme__code=CODE).values_list(
            "gmina__teryt", flat=True
        )
    ]
    urls += [
        reverse("dashboards:public-practice-detail", args=[pk])
        for pk in GoodPractice.objects.published().values_list("pk", flat=True)
    ]
    return urls


def test_no_public_page_of_the_demo_shows_a_natural_persons_data(real_demo):
    from integra.outreach.models import GoodPractice

    forbidden = personal_data()
    assert len(forbidden) > 10  # the demo has people: users, participants, providers
    assert GoodPractice.objects.published().exists()
    client = Client()
    for url in public_addresses():
        response = client.get(url)
        assert response.status_code == 200, url
        body = text_of(response)
        assert [value for value in forbidden if value in body] == [], url


def test_the_demo_iati_file_has_500_gminas_and_sums_equal_allocations_and_ledger(real_demo):
    response = Client().get(reverse("dashboards:public-iati", args=[CODE]))
    document = check_iati(response.content, gminas=500)
    budgets: dict[str, Decimal] = {}
    committed: dict[str, Decimal] = {}
    for activity in document.findall("iati-activity")[1:]:
        teryt = activity.findtext("iati-identifier").rsplit("-", 1)[1]
        budgets[teryt] = Decimal(activity.findtext("budget/value"))
        for transaction in activity.findall("transaction"):
            if transaction.find("transaction-type").get("code") == "2":
                committed[teryt] = committed.get(teryt, Decimal(0)) + Decimal(
                    transaction.findtext("value")
                )
    programme = Programme.objects.get(code=CODE)
    ledger = {
        b.teryt: b.allocated_eur
        for b in finance_selectors.balances_of(
            Account.objects.filter(programme=programme).exclude(teryt="")
        )
    }
    assert budgets == committed == ledger
    allocations = Client().get(reverse("dashboards:public-allocations-json", args=[CODE])).json()
    services = sum(Decimal(g["services_eur"]) for g in allocations["gminas"])
    assert services == Decimal("40000000.00")
    assert sum(budgets.values()) == sum(Decimal(g["allocation_eur"]) for g in allocations["gminas"])
