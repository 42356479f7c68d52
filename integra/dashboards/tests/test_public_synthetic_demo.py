"""The public pages and the IATI file of the demo without the real files (the synthetic
territory): one child activity per participating gmina, and no natural person's data shown."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from integra.dashboards.tests.test_public import check_iati, schemas_available, text_of
from integra.dashboards.tests.test_public_demo import CODE, personal_data, public_addresses

pytestmark = pytest.mark.django_db


def test_the_synthetic_demo_is_public_without_personal_data(tmp_path, settings):
    from integra.programmes.models import Participation

    settings.INTEGRA_DATA_DIR = tmp_path
    call_command("seed_demo", stdout=StringIO())
    client = Client()
    gminas = Participation.objects.filter(programme__code=CODE).exclude(status="withdrawn")
    document = check_iati(
        client.get(reverse("dashboards:public-iati", args=[CODE])).content,
        gminas=gminas.count(),
        validate=schemas_available(),
    )
    budgets = sum(
        Decimal(a.findtext("budget/value")) for a in document.findall("iati-activity")[1:]
    )
    allocations = client.get(reverse("dashboards:public-allocations-json", args=[CODE])).json()
    assert budgets == sum(Decimal(g["allocation_eur"]) for g in allocations["gminas"])
    forbidden = personal_data()
    for url in public_addresses():
        body = text_of(client.get(url))
        assert [value for value in forbidden if value in body] == [], url
