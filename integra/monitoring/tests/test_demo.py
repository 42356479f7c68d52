"""The demo's monitoring: the indicator targets, Masłowice's entered values, and its quarterly
reports of 2007 — the third quarter accepted with its figures kept, the fourth waiting for the
consultant (seed_demo's idempotence is proven by integra/demo's test of a second run)."""

from __future__ import annotations

import pytest

from integra.monitoring.models import IndicatorValue, ProgressReport, Target

pytestmark = pytest.mark.django_db


@pytest.mark.realdata
def test_maslowice_has_an_accepted_report_and_one_waiting(real_demo):
    reports = {r.period: r for r in ProgressReport.objects.filter(gmina__name="Masłowice")}
    assert reports["2007-Q3"].status == "accepted"
    assert reports["2007-Q3"].figures["contracts_signed"] >= 1
    assert reports["2007-Q4"].status == "submitted"
    assert Target.objects.filter(teryt="").count() >= 10
    entered = IndicatorValue.objects.filter(gmina__name="Masłowice", period="2007-Q4")
    assert set(entered.values_list("indicator__code", flat=True)) == {
        "SERVICES_CONTINUED",
        "COOPERATION_PROGRAMMES",
    }
    assert "Demo monitoring: targets set" in real_demo
