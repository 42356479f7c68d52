"""Indicator targets and entered values: the services write an area's (or a gmina's period's)
rows at once — every problem at its field and nothing written, `lock_version` against lost
edits, an audit event per changed row — and the rights: the ministry sets the country's and the
voivodeships' targets, the regional office its gminas', the coordinator enters its gmina's
values; the pages, the exports and the API show each reader their own scope (404 outside it,
403 for a write the role may not make)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from integra.action_plans.tests.factories import make_programme
from integra.audit.models import AuditEvent
from integra.core.actors import SystemActor
from integra.monitoring import services
from integra.monitoring.importers.indicators import load_definitions
from integra.monitoring.models import Indicator, IndicatorValue, Target
from integra.monitoring.rules import parse_period
from integra.monitoring.selectors import indicators as figures

pytestmark = pytest.mark.django_db

SYSTEM = SystemActor("test")
EDIT = reverse("monitoring:target-edit")
ENTER = reverse("monitoring:value-edit")


@pytest.fixture
def programme(small_tree):
    load_definitions()
    return make_programme(small_tree)


def indicator(code: str) -> Indicator:
    return Indicator.objects.get(code=code)


def row(code: str, target, baseline=None, version: int = 0) -> services.TargetRow:
    return services.TargetRow(
        indicator=indicator(code),
        target=None if target is None else Decimal(target),
        baseline=None if baseline is None else Decimal(baseline),
        lock_version=version,
    )


def value_row(code: str, value, version: int = 0) -> services.ValueRow:
    return services.ValueRow(
        indicator=indicator(code),
        value=None if value is None else Decimal(value),
        lock_version=version,
    )


def sheet(programme, area: str) -> str:
    return f"{EDIT}?programme={programme.code}&area={area}"


def values_sheet(programme, gmina: str, period: str) -> str:
    return f"{ENTER}?programme={programme.code}&area={gmina}&period={period}"


def target_post(version: int = 0, **targets) -> dict[str, str]:
    """Every indicator of the sheet, blank but for `targets` ({code: (baseline, target)})."""
    data: dict[str, str] = {}
    for code in Indicator.objects.values_list("code", flat=True):
        baseline, target = targets.get(code, ("", ""))
        data[f"{code}-baseline"] = baseline
        data[f"{code}-target"] = target
        data[f"{code}-lock_version"] = str(version if code in targets else 0)
    return data


# Services ------------------------------------------------------------------------------------


def test_the_ministry_sets_a_voivodeships_targets_at_once_with_an_event_per_row(
    personas, programme
):
    written = services.set_targets(
        actor=personas.admin,
        programme=programme,
        teryt="10",
        rows=[row("CONTRACTS", "40", "2"), row("SERVICES_CONTINUED", "12"), row("NEW_NGOS", None)],
    )
    assert len(written) == 2
    contracts = Target.objects.get(teryt="10", indicator__code="CONTRACTS")
    assert (contracts.baseline, contracts.target, contracts.lock_version) == (2, 40, 1)
    assert Target.objects.get(teryt="10", indicator__code="SERVICES_CONTINUED").baseline == 0
    assert not Target.objects.filter(indicator__code="NEW_NGOS").exists()
    events = AuditEvent.objects.filter(action="monitoring.target.created")
    assert events.count() == 2 and {e.territory_teryt for e in events} == {"10"}

    again = services.set_targets(
        actor=personas.admin,
        programme=programme,
        teryt="10",
        rows=[row("CONTRACTS", "45", "2", version=1), row("SERVICES_CONTINUED", "12", version=1)],
    )
    assert [t.indicator.code for t in again] == ["CONTRACTS"]
    contracts.refresh_from_db()
    assert (contracts.target, contracts.lock_version) == (45, 2)
    changed = AuditEvent.objects.get(action="monitoring.target.changed")
    assert changed.changes["before"]["target"] == "40.00"


def test_every_bad_row_is_refused_at_its_field_and_nothing_is_written(personas, programme):
    with pytest.raises(services.IndicatorInputInvalid) as refused:
        services.set_targets(
            actor=personas.admin,
            programme=programme,
            teryt="",
            rows=[
                row("CONTRACTS", "10"),
                row("SERVICES", "-1"),
                row("PROVIDERS", None, "3"),
                row("NEW_NGOS", "1", "1" + "0" * 17),
            ],
        )
    assert set(refused.value.by_field()) == {
        "SERVICES-target",
        "PROVIDERS-target",
        "NEW_NGOS-baseline",
    }
    assert not Target.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="monitoring.target").exists()


def test_a_row_changed_meanwhile_refuses_the_whole_sheet(personas, programme):
    services.set_targets(
        actor=personas.admin, programme=programme, teryt="", rows=[row("CONTRACTS", "40")]
    )
    # A second user, who opened the page before the first saved, still holds version 0.
    with pytest.raises(services.IndicatorEditConflict) as refused:
        services.set_targets(
            actor=personas.admin,
            programme=programme,
            teryt="",
            rows=[row("CONTRACTS", "50"), row("SERVICES", "7")],
        )
    assert list(refused.value.by_field()) == ["CONTRACTS-target"]
    assert refused.value.status == 409
    assert Target.objects.get().target == 40


def test_a_target_once_set_is_changed_not_removed(personas, programme):
    services.set_targets(
        actor=personas.admin, programme=programme, teryt="", rows=[row("CONTRACTS", "40")]
    )
    with pytest.raises(services.IndicatorInputInvalid) as refused:
        services.set_targets(
            actor=personas.admin,
            programme=programme,
            teryt="",
            rows=[row("CONTRACTS", None, version=1)],
        )
    assert list(refused.value.by_field()) == ["CONTRACTS-target"]


@pytest.mark.parametrize(
    ("persona", "teryt", "allowed"),
    [
        ("admin", "", True),
        ("admin", "10", True),
        ("admin", "1001022", False),
        ("analyst", "", False),
        ("officer", "1001022", True),
        ("officer", "10", False),
        ("officer", "0601022", False),
        ("officer_lublin", "1001022", False),
        ("consultant", "1001022", False),
        ("coordinator", "1001022", False),
    ],
)
def test_who_sets_which_targets(personas, programme, persona, teryt, allowed):
    call = lambda: services.set_targets(  # noqa: E731
        actor=getattr(personas, persona),
        programme=programme,
        teryt=teryt,
        rows=[row("CONTRACTS", "5")],
    )
    if allowed:
        call()
        assert Target.objects.get(teryt=teryt).target == 5
    else:
        with pytest.raises(PermissionDenied):
            call()
        assert not Target.objects.exists()


def test_an_unknown_area_is_refused_at_its_field(programme):
    with pytest.raises(services.IndicatorInputInvalid) as refused:
        services.set_targets(
            actor=SYSTEM, programme=programme, teryt="99", rows=[row("CONTRACTS", "5")]
        )
    assert list(refused.value.by_field()) == ["teryt"]


def test_the_coordinator_enters_the_values_of_a_period(personas, programme, small_tree):
    gmina = small_tree["1001022"]
    services.enter_values(
        actor=personas.coordinator,
        programme=programme,
        gmina=gmina,
        period="2008-q4",
        rows=[value_row("SERVICES_CONTINUED", "3"), value_row("COOPERATION_PROGRAMMES", None)],
    )
    value = IndicatorValue.objects.get()
    assert (value.period, value.ends_on, value.value) == ("2008-Q4", dt.date(2008, 12, 31), 3)
    assert AuditEvent.objects.filter(action="monitoring.indicator_value.entered").count() == 1
    with pytest.raises(services.IndicatorEditConflict):
        services.enter_values(
            actor=personas.coordinator,
            programme=programme,
            gmina=gmina,
            period="2008-Q4",
            rows=[value_row("SERVICES_CONTINUED", "4")],
        )
    services.enter_values(
        actor=personas.coordinator,
        programme=programme,
        gmina=gmina,
        period="2008-Q4",
        rows=[value_row("SERVICES_CONTINUED", "4", version=1)],
    )
    assert IndicatorValue.objects.get().value == 4
    assert AuditEvent.objects.filter(action="monitoring.indicator_value.changed").count() == 1


def test_values_refuse_computed_indicators_bad_periods_and_other_people(
    personas, programme, small_tree
):
    gmina = small_tree["1001022"]
    with pytest.raises(services.IndicatorInputInvalid) as refused:
        services.enter_values(
            actor=personas.coordinator,
            programme=programme,
            gmina=gmina,
            period="2008-Q5",
            rows=[value_row("CONTRACTS", "3"), value_row("SERVICES_CONTINUED", "-2")],
        )
    assert set(refused.value.by_field()) == {
        "period",
        "CONTRACTS-value",
        "SERVICES_CONTINUED-value",
    }
    for persona in ("neighbour", "consultant", "admin", "viewer", "officer"):
        with pytest.raises(PermissionDenied):
            services.enter_values(
                actor=getattr(personas, persona),
                programme=programme,
                gmina=gmina,
                period="2008-Q4",
                rows=[value_row("SERVICES_CONTINUED", "3")],
            )
    assert not IndicatorValue.objects.exists()


def test_the_dashboards_add_up_entered_values_with_their_targets(personas, programme, small_tree):
    for teryt, amount in (("1001022", "3"), ("1001033", "4"), ("0601022", "5")):
        services.enter_value(
            actor=SYSTEM,
            indicator=indicator("SERVICES_CONTINUED"),
            programme=programme,
            gmina=small_tree[teryt],
            period="2008-Q4",
            value=Decimal(amount),
        )
    services.set_targets(
        actor=personas.admin,
        programme=programme,
        teryt="10",
        rows=[row("SERVICES_CONTINUED", "20", "1")],
    )
    period = parse_period("2008")
    lodz = {f.code: f for f in figures.indicator_values(programme, period, "10")}
    national = {f.code: f for f in figures.indicator_values(programme, period, "")}
    assert lodz["SERVICES_CONTINUED"].value == 7
    assert (lodz["SERVICES_CONTINUED"].target, lodz["SERVICES_CONTINUED"].baseline) == (20, 1)
    assert national["SERVICES_CONTINUED"].value == 12
    assert national["SERVICES_CONTINUED"].target is None


# Pages ---------------------------------------------------------------------------------------


def test_the_ministry_sets_targets_on_one_page(personas, programme, signed_in):
    client = signed_in(personas.admin)
    page = client.get(sheet(programme, "10"))
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('id="row-') == Indicator.objects.count()
    assert 'name="CONTRACTS-target"' in html
    response = client.post(sheet(programme, "10"), target_post(CONTRACTS=("2", "40")))
    assert response.status_code == 302
    assert Target.objects.get(teryt="10").target == 40
    listed = client.get(reverse("monitoring:target-list"), {"area": "10"}).content.decode()
    assert "CONTRACTS" in listed and "40.00" in listed


def test_bad_input_is_shown_at_its_field_and_nothing_is_written(personas, programme, signed_in):
    client = signed_in(personas.admin)
    response = client.post(
        sheet(programme, "PL"),
        target_post(CONTRACTS=("", "-5"), SERVICES=("abc", "3"), PROVIDERS=("2", "")),
    )
    assert response.status_code == 422
    form = response.context["form"]
    assert {"CONTRACTS-target", "SERVICES-baseline", "PROVIDERS-target"} <= set(form.errors)
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Target.objects.exists()


def test_a_stale_page_says_so_at_the_row_and_keeps_the_input(personas, programme, signed_in):
    services.set_targets(
        actor=personas.admin, programme=programme, teryt="", rows=[row("CONTRACTS", "40")]
    )
    response = signed_in(personas.admin).post(
        sheet(programme, "PL"), target_post(CONTRACTS=("", "77"))
    )
    assert response.status_code == 409
    assert "CONTRACTS-target" in response.context["form"].errors
    assert 'value="77"' in response.content.decode()
    assert Target.objects.get().target == 40


@pytest.mark.parametrize(
    ("persona", "area", "status"),
    [
        ("admin", "PL", 200),
        ("admin", "06", 200),
        ("officer", "1001022", 200),
        ("officer", "1001033", 200),
        ("officer", "10", 403),
        ("officer", "0601022", 404),
        ("officer", "PL", 404),
        ("officer_lublin", "1001022", 404),
        ("consultant", "1001022", 403),
        ("coordinator", "1001022", 403),
        ("analyst", "PL", 403),
        ("provider", "1001022", 403),
    ],
)
def test_the_target_page_by_role_and_territory(
    personas, programme, signed_in, persona, area, status
):
    response = signed_in(getattr(personas, persona)).get(sheet(programme, area))
    assert response.status_code == status


@pytest.mark.parametrize(
    ("persona", "gmina", "status"),
    [
        ("coordinator", "1001022", 200),
        ("neighbour", "1001022", 404),
        ("coordinator_lublin", "1001022", 404),
        ("viewer", "1001022", 403),
        ("consultant", "1001022", 403),
        ("admin", "1001022", 403),
    ],
)
def test_the_value_page_by_role_and_territory(
    personas, programme, signed_in, persona, gmina, status
):
    response = signed_in(getattr(personas, persona)).get(values_sheet(programme, gmina, "2008"))
    assert response.status_code == status


def test_the_coordinator_enters_values_the_consultant_reads_them_the_neighbour_does_not(
    personas, programme, signed_in
):
    client = signed_in(personas.coordinator)
    url = values_sheet(programme, "1001022", "2008-Q4")
    data = {
        "SERVICES_CONTINUED-value": "3",
        "SERVICES_CONTINUED-lock_version": "0",
        "COOPERATION_PROGRAMMES-value": "",
        "COOPERATION_PROGRAMMES-lock_version": "0",
    }
    assert client.post(url, data).status_code == 302
    assert IndicatorValue.objects.get().value == 3
    bad = client.post(
        url, {**data, "SERVICES_CONTINUED-value": "x", "SERVICES_CONTINUED-lock_version": "1"}
    )
    assert bad.status_code == 422 and "SERVICES_CONTINUED-value" in bad.context["form"].errors
    listing = reverse("monitoring:value-list")
    assert "SERVICES_CONTINUED" in signed_in(personas.consultant).get(listing).content.decode()
    assert "SERVICES_CONTINUED" in signed_in(personas.admin).get(listing).content.decode()
    assert "SERVICES_CONTINUED" not in signed_in(personas.neighbour).get(listing).content.decode()
    assert (
        "SERVICES_CONTINUED" not in signed_in(personas.officer_lublin).get(listing).content.decode()
    )


def test_an_empty_area_opens_no_sheet(personas, programme, signed_in):
    """Blank is not the country: the officer must not read the country's sheet through it."""
    services.set_targets(
        actor=personas.admin, programme=programme, teryt="", rows=[row("CONTRACTS", "40")]
    )
    response = signed_in(personas.officer).get(f"{EDIT}?programme=PIS&area=")
    assert response.status_code == 200
    assert "area" in response.context["choice"].errors
    assert "form" not in response.context
    posted = signed_in(personas.officer).post(f"{EDIT}?programme=PIS&area=", target_post())
    assert posted.status_code == 200 and Target.objects.get().target == 40


def test_a_bad_period_is_an_error_at_its_field(personas, programme, signed_in):
    response = signed_in(personas.coordinator).get(values_sheet(programme, "1001022", "2008-Q9"))
    assert response.status_code == 200
    assert "period" in response.context["choice"].errors
    assert "form" not in response.context


def test_the_lists_show_each_reader_their_scope_and_export_it(personas, programme, signed_in):
    for teryt in ("", "10", "06", "1001022", "0601022"):
        services.set_target(
            actor=SYSTEM,
            indicator=indicator("CONTRACTS"),
            programme=programme,
            teryt=teryt,
            target=Decimal(7),
        )

    def areas(persona):
        response = signed_in(getattr(personas, persona)).get(
            reverse("monitoring:target-export", args=["dane.csv"])
        )
        assert response.status_code == 200
        body = b"".join(response.streaming_content) if response.streaming else response.content
        return {row[1] for row in list(csv.reader(io.StringIO(body.decode())))[1:]}

    assert areas("admin") == {"PL", "06", "10", "0601022", "1001022"}
    assert areas("consultant") == {"10", "1001022"}
    assert areas("coordinator") == {"1001022"}
    assert areas("neighbour") == set()
    xlsx = signed_in(personas.consultant).get(reverse("monitoring:target-export", args=["xlsx"]))
    assert xlsx.status_code == 200
    assert signed_in(personas.provider).get(reverse("monitoring:target-list")).status_code == 403


# API -----------------------------------------------------------------------------------------


def test_the_api_sets_and_reads_an_areas_targets(personas, programme, api_as):
    body = {
        "programme": "PIS",
        "area": "10",
        "targets": [{"indicator": "CONTRACTS", "target": "40", "baseline": "2", "lock_version": 0}],
    }
    response = api_as(personas.admin).put(
        "/api/v1/indicator-targets", body, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json()[0] == {
        "programme": "PIS",
        "area": "10",
        "indicator": "CONTRACTS",
        "baseline": "2.00",
        "target": "40.00",
        "lock_version": 1,
    }
    again = api_as(personas.admin).put(
        "/api/v1/indicator-targets", body, content_type="application/json"
    )
    assert again.status_code == 409
    assert again.json()["errors"][0]["loc"] == ["body", "CONTRACTS-target"]
    read = api_as(personas.consultant).get("/api/v1/indicator-targets", {"area": "10"})
    assert [t["target"] for t in read.json()["items"]] == ["40.00"]
    assert (
        api_as(personas.coordinator_lublin).get("/api/v1/indicator-targets").json()["items"] == []
    )


@pytest.mark.parametrize(
    ("persona", "area", "status"),
    [
        ("officer", "1001022", 200),
        ("officer", "10", 403),
        ("officer", "0601022", 404),
        ("consultant", "1001022", 403),
        ("coordinator", "1001033", 404),
        ("admin", "PL", 200),
    ],
)
def test_the_api_writes_targets_by_role_and_territory(
    personas, programme, api_as, persona, area, status
):
    body = {
        "programme": "PIS",
        "area": area,
        "targets": [{"indicator": "CONTRACTS", "target": "4", "lock_version": 0}],
    }
    response = api_as(getattr(personas, persona)).put(
        "/api/v1/indicator-targets", body, content_type="application/json"
    )
    assert response.status_code == status
    assert Target.objects.exists() == (status == 200)


def test_the_api_refuses_bad_rows_at_their_fields(personas, programme, api_as):
    client = api_as(personas.admin)
    for targets, loc in (
        ([{"indicator": "NOPE", "target": "4", "lock_version": 0}], "targets.0.indicator"),
        ([{"indicator": "CONTRACTS", "target": "-4", "lock_version": 0}], "CONTRACTS-target"),
    ):
        response = client.put(
            "/api/v1/indicator-targets",
            {"programme": "PIS", "area": "PL", "targets": targets},
            content_type="application/json",
        )
        assert response.status_code == 422
        assert loc in ".".join(response.json()["errors"][0]["loc"])
    assert not Target.objects.exists()


def test_the_api_enters_a_gminas_values(personas, programme, api_as):
    body = {
        "programme": "PIS",
        "gmina": "1001022",
        "period": "2008-Q4",
        "values": [{"indicator": "SERVICES_CONTINUED", "value": "3", "lock_version": 0}],
    }
    response = api_as(personas.coordinator).put(
        "/api/v1/indicator-values", body, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json()[0]["value"] == "3.00"
    for persona, status in (("neighbour", 404), ("consultant", 403), ("admin", 403)):
        refused = api_as(getattr(personas, persona)).put(
            "/api/v1/indicator-values", body, content_type="application/json"
        )
        assert refused.status_code == status
    listed = api_as(personas.consultant).get("/api/v1/indicator-values", {"period": "2008-Q4"})
    assert [v["gmina"] for v in listed.json()["items"]] == ["1001022"]
    assert api_as(personas.neighbour).get("/api/v1/indicator-values").json()["items"] == []


def test_the_dashboards_page_and_api_show_an_entered_value_with_its_target(
    personas, programme, signed_in, api_as
):
    services.enter_values(
        actor=personas.coordinator,
        programme=programme,
        gmina=programme.participations.get(gmina__teryt="1001022").gmina,
        period="2008-Q4",
        rows=[value_row("SERVICES_CONTINUED", "3")],
    )
    services.set_targets(
        actor=personas.officer,
        programme=programme,
        teryt="1001022",
        rows=[row("SERVICES_CONTINUED", "10", "1")],
    )
    response = api_as(personas.consultant).get(
        "/api/v1/dashboards/gminas/1001022", {"programme": "PIS", "period": "2008"}
    )
    found = {f["code"]: f for f in response.json()["indicators"]}["SERVICES_CONTINUED"]
    assert (found["value"], found["target"], found["baseline"]) == ("3.00", "10.00", "1.00")
    assert found["aggregation"] == "sum"
    page = signed_in(personas.consultant).get(
        reverse("dashboards:indicators-gmina", args=["1001022"]), {"period": "2008"}
    )
    row_html = page.content.decode().split('id="indicator-SERVICES_CONTINUED"', 1)[1][:1500]
    assert "10" in row_html and "3" in row_html
