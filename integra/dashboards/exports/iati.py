"""The programme as IATI 2.03 activities (docs/opendata.md): the programme is the parent activity,
reported by the ministry, funded by the World Bank loan, sector DAC 16010 (social protection);
each participating gmina is a child activity located by its TERYT code and name, its budget the
allocation (EUR, both lines) and its transactions the ledger's flows: the allocation as outgoing
commitments and the tranches transferred as disbursements (EUR), payments to providers as
expenditure (PLN, where the money was spent), each on its value date.

The coded values come from the official codelists (shared/schemas/iati-codelists); the file
validates against the official 2.03 schema (tests). Built with the standard library's
ElementTree: no dependency at run time."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from xml.etree import ElementTree as ET

from django.conf import settings

from integra.dashboards.selectors.opendata import (
    COMMITMENT,
    DISBURSEMENT,
    EXPENDITURE,
    GminaData,
    ProgrammeData,
)

VERSION = "2.03"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Codelist values used (each one is checked against the official codelists by a test).
ORGANISATION_GOVERNMENT = "10"  # OrganisationType
ORGANISATION_MULTILATERAL = "40"
ROLE_FUNDING, ROLE_ACCOUNTABLE, ROLE_IMPLEMENTING = "1", "2", "4"  # OrganisationRole
STATUS_IMPLEMENTATION, STATUS_CLOSED = "2", "4"  # ActivityStatus
DATE_PLANNED_START, DATE_PLANNED_END = "1", "3"  # ActivityDateType
SECTOR_SOCIAL_PROTECTION = "16010"  # Sector (DAC 5-digit, vocabulary 1)
FLOW_NON_EXPORT_CREDIT_OOF = "21"  # FlowType: a World Bank (IBRD) loan
FINANCE_STANDARD_LOAN = "421"  # FinanceType
AID_PROJECT_TYPE = "C01"  # AidType
BUDGET_ORIGINAL = "1"  # BudgetType
TRANSACTION_TYPES = {COMMITMENT: "2", DISBURSEMENT: "3", EXPENDITURE: "4"}  # TransactionType
RELATED_PARENT, RELATED_CHILD = "1", "2"  # RelatedActivityType
CODES = {
    "OrganisationType": {ORGANISATION_GOVERNMENT, ORGANISATION_MULTILATERAL},
    "ActivityStatus": {STATUS_IMPLEMENTATION, STATUS_CLOSED},
    "Sector": {SECTOR_SOCIAL_PROTECTION},
    "FlowType": {FLOW_NON_EXPORT_CREDIT_OOF},
    "FinanceType": {FINANCE_STANDARD_LOAN},
    "AidType": {AID_PROJECT_TYPE},
    "BudgetType": {BUDGET_ORIGINAL},
    "TransactionType": set(TRANSACTION_TYPES.values()),
    "Currency": {"EUR", "PLN"},
}
DESCRIPTIONS = {
    COMMITMENT: "Allocation committed to the gmina (services and training lines)",
    DISBURSEMENT: "Tranche transferred to the gmina",
    EXPENDITURE: "Payments to service providers",
}


def _ref() -> str:
    return str(settings.INTEGRA_IATI_ORG_REF)


def activity_id(programme_code: str, teryt: str | None = None) -> str:
    base = f"{_ref()}-{programme_code}"
    return f"{base}-{teryt}" if teryt else base


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k.replace("_", "-"): v for k, v in attributes.items()})
    if text is not None:
        element.text = text
    return element


def _narrative(parent: ET.Element, tag: str, english: str, polish: str = "", **attributes: str):
    element = _sub(parent, tag, **attributes)
    _sub(element, "narrative", english)
    if polish:
        _sub(element, "narrative", polish).set(XML_LANG, "pl")
    return element


def _money(amount: Decimal) -> str:
    return f"{amount.quantize(Decimal('0.01'))}"


def _reporting_org(activity: ET.Element) -> None:
    _narrative(
        activity,
        "reporting-org",
        str(settings.INTEGRA_IATI_ORG_NAME_EN),
        str(settings.INTEGRA_IATI_ORG_NAME),
        ref=_ref(),
        type=ORGANISATION_GOVERNMENT,
    )


def _organisations(activity: ET.Element, *, implementer: tuple[str, str] | None = None) -> None:
    _narrative(
        activity,
        "participating-org",
        str(settings.INTEGRA_IATI_FUNDER_NAME),
        ref=str(settings.INTEGRA_IATI_FUNDER_REF),
        type=ORGANISATION_MULTILATERAL,
        role=ROLE_FUNDING,
    )
    _narrative(
        activity,
        "participating-org",
        str(settings.INTEGRA_IATI_ORG_NAME_EN),
        str(settings.INTEGRA_IATI_ORG_NAME),
        ref=_ref(),
        type=ORGANISATION_GOVERNMENT,
        role=ROLE_ACCOUNTABLE,
    )
    if implementer is not None:
        english, polish = implementer
        _narrative(
            activity,
            "participating-org",
            english,
            polish,
            type=ORGANISATION_GOVERNMENT,
            role=ROLE_IMPLEMENTING,
        )


def _common(activity: ET.Element, data: ProgrammeData, today: dt.date) -> None:
    """Status, dates, country, sector and the loan's defaults (in the schema's order)."""
    programme = data.programme
    status = STATUS_CLOSED if programme.ends_on < today else STATUS_IMPLEMENTATION
    _sub(activity, "activity-status", code=status)
    _sub(
        activity, "activity-date", type=DATE_PLANNED_START, iso_date=programme.starts_on.isoformat()
    )
    _sub(activity, "activity-date", type=DATE_PLANNED_END, iso_date=programme.ends_on.isoformat())


def _classification(activity: ET.Element) -> None:
    _sub(activity, "sector", vocabulary="1", code=SECTOR_SOCIAL_PROTECTION, percentage="100")


def _defaults(activity: ET.Element) -> None:
    _sub(activity, "default-flow-type", code=FLOW_NON_EXPORT_CREDIT_OOF)
    _sub(activity, "default-finance-type", code=FINANCE_STANDARD_LOAN)
    _sub(activity, "default-aid-type", code=AID_PROJECT_TYPE, vocabulary="1")


def _budget(activity: ET.Element, data: ProgrammeData, amount: Decimal) -> None:
    programme = data.programme
    budget = _sub(activity, "budget", type=BUDGET_ORIGINAL, status="2")
    _sub(budget, "period-start", iso_date=programme.starts_on.isoformat())
    _sub(budget, "period-end", iso_date=programme.ends_on.isoformat())
    _sub(
        budget, "value", _money(amount), currency="EUR", value_date=programme.starts_on.isoformat()
    )


def _activity(data: ProgrammeData, now: str, hierarchy: str) -> ET.Element:
    return ET.Element(
        "iati-activity",
        {
            "last-updated-datetime": now,
            XML_LANG: "en",
            "default-currency": "EUR",
            "hierarchy": hierarchy,
        },
    )


def parent_activity(data: ProgrammeData, now: str, today: dt.date) -> ET.Element:
    programme = data.programme
    activity = _activity(data, now, "1")
    _sub(activity, "iati-identifier", activity_id(programme.code))
    _reporting_org(activity)
    _narrative(activity, "title", f"{programme.code}: {programme.name}", programme.name)
    _narrative(
        activity,
        "description",
        "Social Integration Programme: social services in rural and urban-rural gminas "
        "chosen by the ministry, financed by the World Bank loan; one child activity per "
        "participating gmina.",
        "Program Integracji Społecznej: usługi społeczne w gminach wiejskich i "
        "miejsko-wiejskich wybranych przez ministerstwo, finansowane z pożyczki Banku "
        "Światowego; jedna aktywność podrzędna na każdą gminę uczestniczącą.",
        type="1",
    )
    _organisations(activity, implementer=None)
    _common(activity, data, today)
    _sub(activity, "recipient-country", code="PL", percentage="100")
    _classification(activity)
    _defaults(activity)
    _budget(activity, data, data.programme.budget_eur)
    for gmina in data.gminas:
        _sub(
            activity,
            "related-activity",
            ref=activity_id(programme.code, gmina.teryt),
            type=RELATED_CHILD,
        )
    return activity


def child_activity(data: ProgrammeData, gmina: GminaData, now: str, today: dt.date) -> ET.Element:
    programme = data.programme
    activity = _activity(data, now, "2")
    _sub(activity, "iati-identifier", activity_id(programme.code, gmina.teryt))
    _reporting_org(activity)
    _narrative(
        activity,
        "title",
        f"{programme.code}: social services in gmina {gmina.name} (TERYT {gmina.teryt})",
        f"{programme.code}: usługi społeczne w gminie {gmina.name} (TERYT {gmina.teryt})",
    )
    _narrative(
        activity,
        "description",
        f"The allocation of gmina {gmina.name}, {gmina.voivodeship} voivodeship, and its use.",
        f"Alokacja gminy {gmina.name}, województwo {gmina.voivodeship}, i jej wykorzystanie.",
        type="1",
    )
    _organisations(activity, implementer=(f"Gmina {gmina.name}", f"Gmina {gmina.name}"))
    _common(activity, data, today)
    _sub(activity, "recipient-country", code="PL", percentage="100")
    location = _sub(activity, "location", ref=f"PL-TERYT-{gmina.teryt}")
    _sub(location, "location-reach", code="1")
    _narrative(location, "name", f"{gmina.name} (TERYT {gmina.teryt})", f"{gmina.name}")
    _narrative(
        location,
        "description",
        f"Gmina {gmina.name}, TERYT code {gmina.teryt}, {gmina.voivodeship} voivodeship, Poland",
    )
    _classification(activity)
    _defaults(activity)
    _budget(activity, data, gmina.allocation_eur)
    for flow in gmina.flows:
        transaction = _sub(activity, "transaction")
        _sub(transaction, "transaction-type", code=TRANSACTION_TYPES[flow.kind])
        _sub(transaction, "transaction-date", iso_date=flow.value_date.isoformat())
        _sub(
            transaction,
            "value",
            _money(flow.amount),
            currency=flow.currency,
            value_date=flow.value_date.isoformat(),
        )
        _narrative(transaction, "description", DESCRIPTIONS[flow.kind])
    _sub(activity, "related-activity", ref=activity_id(programme.code), type=RELATED_PARENT)
    return activity


def iati_activities(data: ProgrammeData, *, at: dt.datetime) -> bytes:
    """The whole file: the programme, then its gminas by TERYT code."""
    now = at.astimezone(dt.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
    today = at.date()
    root = ET.Element("iati-activities", {"version": VERSION, "generated-datetime": now})
    root.append(parent_activity(data, now, today))
    for gmina in data.gminas:
        root.append(child_activity(data, gmina, now, today))
    ET.indent(root, space=" ")
    body: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return body


def file_name(programme_code: str) -> str:
    return f"iati-{programme_code}.xml"
