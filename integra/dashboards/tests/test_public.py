"""The public pages and the open data (no sign-in): what they show, what they never show (a
natural person's name, e-mail, phone or PESEL; the representatives who signed), their caching
headers, a flat number of queries, and the IATI file: valid against the official 2.03 schema,
official codes, one child activity per gmina, sums equal to the allocations and the ledger."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from integra.contracts.tests.factories import make_contract, make_round, make_world
from integra.core.actors import SystemActor
from integra.dashboards.exports import iati
from integra.finance import selectors as finance_selectors
from integra.finance.services.allocation import post_allocations
from integra.outreach import rules as outreach_rules
from integra.outreach import services as outreach_services
from integra.providers import rules as provider_rules
from integra.providers.tests.factories import make_provider

pytestmark = pytest.mark.django_db

# The official IATI schema and codelists sit beside the real data (../shared/schemas).
SCHEMAS = Path(settings.INTEGRA_DATA_DIR).parent / "schemas"
NATURAL_PERSON = "Janina Kowalska-Nowak"
PESEL = "44051401359"
SYSTEM = SystemActor("test")


@pytest.fixture
def site(personas, small_tree):
    """The contracts' world (PIS over the small tree, published) posted to the ledger, with a
    contract of an association and one of a natural person, an open invitation, a published
    good practice and a campaign event."""
    world = make_world(personas, small_tree)
    post_allocations(actor=SYSTEM, programme=world.programme)
    person = make_provider(
        "1001022",
        kind=provider_rules.NATURAL_PERSON,
        name=NATURAL_PERSON,
        contact_person=NATURAL_PERSON,
        email="janina.kowalska@example.org",
        phone="+48 601 234 567",
        pesel=PESEL,
    )
    association = make_contract(world, value=Decimal("6000.00"))
    personal = make_contract(world, provider=person, value=Decimal("1500.00"), service=world.club)
    invitation = make_round(
        world,
        status="published",
        title="Zaproszenie: opieka nad seniorami",
        deadline_at=timezone.now() + dt.timedelta(days=14),
    )
    catalogue = world.catalogue
    practice = outreach_services.propose_practice(
        actor=personas.coordinator,
        programme=world.programme,
        gmina=world.gmina,
        values=outreach_rules.PracticeValues(
            title="Świetlica otwarta w wakacje",
            what_was_done="Zajęcia dla dzieci przez całe lato.",
            results="35 dzieci, 40 dni zajęć.",
            people_reached=35,
            contact_office="Gminny Ośrodek Kultury",
            contact_email="gok@example.org",
            group_codes=("DM",),
        ),
        service_type=catalogue.club,
        groups=[catalogue.DM],
        contracts=[association],
    )
    outreach_services.publish_practice(actor=personas.admin, practice=practice)
    outreach_services.record_campaign_event(
        actor=SYSTEM,
        programme=world.programme,
        organiser=small_tree["10"],
        values=outreach_rules.EventValues(
            kind="regional_conference",
            title="Konferencja regionalna w Łodzi",
            held_on=dt.date(2006, 9, 14),
            place="Łódź",
            participants=120,
            reach=15000,
        ),
    )
    return SimpleNamespace(
        world=world,
        person=person,
        association=association,
        personal=personal,
        invitation=invitation,
        practice=practice,
        code=world.programme.code,
    )


def public_urls(site) -> list[str]:
    code = site.code
    return [
        reverse("dashboards:public-home"),
        reverse("dashboards:public-programme", args=[code]),
        reverse("dashboards:public-map", args=[code]),
        reverse("dashboards:public-map-data", args=[code]),
        reverse("dashboards:public-gmina", args=[site.world.gmina.teryt]),
        reverse("dashboards:public-events"),
        reverse("dashboards:public-practice-list"),
        reverse("dashboards:public-practice-detail", args=[site.practice.pk]),
        reverse("dashboards:public-practice-export", args=["csv"]),
        reverse("dashboards:public-invitations"),
        reverse("dashboards:public-data"),
        reverse("dashboards:public-allocations-export", args=[code, "dane.csv"]),
        reverse("dashboards:public-allocations-json", args=[code]),
        reverse("dashboards:public-contracts-export", args=[code, "csv"]),
        reverse("dashboards:public-contracts-json", args=[code]),
        reverse("dashboards:public-iati", args=[code]),
    ]


def text_of(response) -> str:
    if response["Content-Type"].startswith("application/vnd"):
        return ""
    return response.content.decode("utf-8-sig")


def test_every_public_page_answers_anonymously_and_is_cacheable(site, client):
    for url in public_urls(site):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "public" in response["Cache-Control"] and "max-age=" in response["Cache-Control"]
        assert response.has_header("ETag") and response.has_header("Last-Modified"), url
        again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
        assert again.status_code == 304, url


def test_a_change_of_public_figures_changes_the_validators(site, client):
    url = reverse("dashboards:public-practice-list")
    first = client.get(url)
    outreach_services.propose_practice(
        actor=site.world.people.coordinator,
        programme=site.world.programme,
        gmina=site.world.gmina,
        values=outreach_rules.PracticeValues(
            title="Nowa",
            what_was_done="x",
            results="y",
            people_reached=1,
            contact_office="GOPS",
            group_codes=("OS",),
        ),
        service_type=site.world.catalogue.care,
        groups=[site.world.catalogue.OS],
    )
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_no_public_page_shows_personal_data(site, client):
    forbidden = [
        NATURAL_PERSON,
        "Kowalska",
        "janina.kowalska@example.org",
        "601 234 567",
        PESEL,
        "Jan Wójt",  # the representatives who signed the contracts
        "Anna Prezes",
        "Anna Test",  # providers' contact person, e-mail and phone
        "+48 42 000 00 00",
        "coordinator@example.org",
    ]
    for url in public_urls(site):
        body = text_of(client.get(url))
        for value in forbidden:
            assert value not in body, (url, value)
    gmina = client.get(reverse("dashboards:public-gmina", args=[site.world.gmina.teryt]))
    page = gmina.content.decode()
    assert "osoba fizyczna" in page
    assert "Stowarzyszenie Razem" in page  # organisations by name
    assert site.invitation.title in page


def test_the_practice_library_is_searchable(site, client):
    url = reverse("dashboards:public-practice-list")
    hits = {
        "q": "wakacje",
        "voivodeship": "10",
        "group": "DM",
        "service_type": site.world.catalogue.club.code,
    }
    for key, value in hits.items():
        assert site.practice.title in client.get(url, {key: value}).content.decode(), key
    misses = {"q": "nic takiego", "voivodeship": "06", "group": "OS"}
    for key, value in misses.items():
        assert site.practice.title not in client.get(url, {key: value}).content.decode(), key
    # A hostile or mistyped filter is ignored, never a 500.
    assert client.get(url, {"voivodeship": "x' OR 1=1", "group": "\x00"}).status_code == 200


def test_only_published_practices_are_public(site, client):
    unpublished = outreach_services.propose_practice(
        actor=site.world.people.coordinator,
        programme=site.world.programme,
        gmina=site.world.gmina,
        values=outreach_rules.PracticeValues(
            title="Szkic praktyki",
            what_was_done="x",
            results="y",
            people_reached=1,
            contact_office="GOPS",
            group_codes=("OS",),
        ),
        service_type=site.world.catalogue.care,
        groups=[site.world.catalogue.OS],
    )
    detail = reverse("dashboards:public-practice-detail", args=[unpublished.pk])
    assert client.get(detail).status_code == 404
    assert (
        "Szkic praktyki"
        not in client.get(reverse("dashboards:public-practice-list")).content.decode()
    )


def test_unknown_codes_are_404_and_writes_are_refused(site, client):
    assert client.get(reverse("dashboards:public-programme", args=["NIE-MA"])).status_code == 404
    assert client.get(reverse("dashboards:public-gmina", args=["9999999"])).status_code == 404
    assert client.get(reverse("dashboards:public-iati", args=["NIE-MA"])).status_code == 404
    assert (
        client.get(
            reverse("dashboards:public-allocations-export", args=[site.code, "pdf"])
        ).status_code
        == 404
    )
    assert client.post(reverse("dashboards:public-home")).status_code == 405


def test_the_gmina_page_runs_a_flat_number_of_queries(site, client):
    url = reverse("dashboards:public-gmina", args=[site.world.gmina.teryt])
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for n in range(5):
        make_contract(site.world, value=Decimal("100.00"), number=f"UM/extra/{n}")
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after) == len(before)


def test_the_feeds_hold_the_allocations_and_the_contracts(site, client):
    allocations = client.get(reverse("dashboards:public-allocations-json", args=[site.code])).json()
    balances = {
        b.teryt: b
        for b in finance_selectors.balances_of(
            finance_selectors.Account.objects.filter(programme=site.world.programme).exclude(
                teryt=""
            )
        )
    }
    for gmina in allocations["gminas"]:
        assert Decimal(gmina["allocation_eur"]) == balances[gmina["teryt"]].allocated_eur
        assert Decimal(gmina["committed_eur"]) == balances[gmina["teryt"]].allocated_eur
    contracts = client.get(reverse("dashboards:public-contracts-json", args=[site.code])).json()
    providers = {row["number"]: row["provider"] for row in contracts["contracts"]}
    assert providers[site.personal.number] == "osoba fizyczna"
    assert providers[site.association.number] == "Stowarzyszenie Razem"
    csv_text = client.get(
        reverse("dashboards:public-contracts-export", args=[site.code, "dane.csv"])
    ).content.decode("utf-8-sig")
    assert site.association.number in csv_text and NATURAL_PERSON not in csv_text


# IATI ---------------------------------------------------------------------------------------------


def schemas_available() -> bool:
    return (SCHEMAS / "iati-2.03" / "iati-activities-schema.xsd").exists()


def _schemas_present() -> None:
    if not schemas_available():
        pytest.skip(f"the IATI schema folder {SCHEMAS} is absent (beside INTEGRA_DATA_DIR)")


def iati_schema() -> etree.XMLSchema:
    _schemas_present()
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "iati-2.03" / "iati-activities-schema.xsd")))


def codelist(name: str) -> set[str]:
    _schemas_present()
    document = etree.parse(str(SCHEMAS / "iati-codelists" / f"{name}.xml"))
    return {
        item.findtext("code")
        for item in document.iter("codelist-item")
        if item.get("status", "active") == "active"
    }


def check_iati(body: bytes, *, gminas: int, validate: bool = True) -> etree._ElementTree:
    """The file's shape; validated against the official schema unless `validate` is off (a
    caller testing something else where the schema folder is absent) — a validating caller
    skips, saying why, without the schema."""
    document = etree.ElementTree(etree.fromstring(body))
    if validate:
        schema = iati_schema()
        assert schema.validate(document), schema.error_log
    activities = document.findall("iati-activity")
    assert len(activities) == 1 + gminas
    parent, children = activities[0], activities[1:]
    assert parent.get("hierarchy") == "1" and {c.get("hierarchy") for c in children} == {"2"}
    assert len(parent.findall("related-activity[@type='2']")) == gminas
    parent_id = parent.findtext("iati-identifier")
    for child in children:
        assert child.find("related-activity[@type='1']").get("ref") == parent_id
        assert child.find("location").get("ref").startswith("PL-TERYT-")
    assert parent.find("sector").get("code") == "16010"
    assert parent.find("participating-org[@role='1']").get("type") == "40"
    return document


def test_the_codes_written_are_official():
    for name, codes in iati.CODES.items():
        assert codes <= codelist(name), name


def test_the_iati_file_validates_and_its_sums_equal_allocations_and_ledger(site, client):
    response = client.get(reverse("dashboards:public-iati", args=[site.code]))
    assert response["Content-Type"].startswith("application/xml")
    results = site.world.programme.allocation_runs.get(status="published").results.all()
    document = check_iati(response.content, gminas=results.count())
    budgets = {
        a.findtext("iati-identifier").rsplit("-", 1)[1]: Decimal(a.findtext("budget/value"))
        for a in document.findall("iati-activity")[1:]
    }
    balances = {
        b.teryt: b.allocated_eur
        for b in finance_selectors.gmina_balances(
            user=site.world.people.admin, programme=site.world.programme
        )
    }
    assert budgets == balances
    committed: dict[str, Decimal] = {}
    for activity in document.findall("iati-activity")[1:]:
        teryt = activity.findtext("iati-identifier").rsplit("-", 1)[1]
        for transaction in activity.findall("transaction"):
            if transaction.find("transaction-type").get("code") == "2":
                committed[teryt] = committed.get(teryt, Decimal(0)) + Decimal(
                    transaction.findtext("value")
                )
                assert transaction.find("value").get("value-date")
    assert committed == balances


def test_the_command_writes_the_same_file(site, tmp_path):
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = tmp_path / "pis.xml"
    call_command("export_iati", "--programme", site.code, "--out", str(out), stdout=StringIO())
    results = site.world.programme.allocation_runs.get(status="published").results.count()
    check_iati(out.read_bytes(), gminas=results)
    with pytest.raises(CommandError):
        call_command("export_iati", "--programme", "NIE-MA", "--out", str(out))
