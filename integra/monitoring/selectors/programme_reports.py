"""The content of the programme's reports, from the one computation of indicators and the
finance ledger: the ministry's quarterly report (the country by voivodeship), the region's
half-yearly report (a voivodeship by gmina) and the World Bank progress report (the country,
half-yearly, indicators against targets and the financial part)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _

from integra.finance.models import Account
from integra.finance.selectors import balances_of
from integra.monitoring import rules
from integra.monitoring.policies import can_build_reports_at
from integra.monitoring.selectors.indicators import (
    Figure,
    child_units,
    indicator_values,
    unit_values,
)
from integra.territories.models import Territory

MINISTRY_QUARTERLY = "ministry_quarterly"
REGION_HALF_YEARLY = "region_half_yearly"
WORLD_BANK = "world_bank"
KINDS = {
    MINISTRY_QUARTERLY: rules.QUARTERLY,
    REGION_HALF_YEARLY: rules.HALF_YEARLY,
    WORLD_BANK: rules.HALF_YEARLY,
}


@dataclass
class ReportContent:
    title: str
    subtitle: str
    figures: list[Figure]
    units_title: str = ""
    units: list[tuple[str, str, list[Figure]]] = field(default_factory=list)
    finance_header: list[str] = field(default_factory=list)
    finance_rows: list[list[Any]] = field(default_factory=list)


class ReportRefused(ObjectDoesNotExist):
    """The user may not build this report for this territory (a 404 for the area)."""


def _finance(
    programme: Any, teryt: str, units: list[tuple[str, str]]
) -> tuple[list[str], list[list[Any]]]:
    """Allocated, transferred and received per unit, from the ledger (finance's selectors)."""
    accounts = Account.objects.filter(programme=programme).exclude(teryt="")
    if teryt:
        accounts = accounts.filter(teryt__startswith=teryt)
    balances = balances_of(accounts)
    header = [
        _("TERYT code"),
        _("Unit"),
        _("Allocated (EUR)"),
        _("Transferred (EUR)"),
        _("Received (PLN)"),
        _("Committed (PLN)"),
        _("Paid (PLN)"),
    ]
    rows: list[list[Any]] = []
    totals = [Decimal(0)] * 5
    for code, name in units:
        mine = [b for b in balances if b.teryt.startswith(code)]
        cells = [
            sum((b.allocated_eur for b in mine), Decimal(0)),
            sum((b.transferred_eur for b in mine), Decimal(0)),
            sum((b.received_pln for b in mine), Decimal(0)),
            sum((b.committed_pln for b in mine), Decimal(0)),
            sum((b.paid_pln for b in mine), Decimal(0)),
        ]
        totals = [t + c for t, c in zip(totals, cells, strict=True)]
        rows.append([code, name, *cells])
    rows.append(["", _("Total"), *totals])
    return header, rows


def report_content(
    *, user: Any, programme: Any, kind: str, period: rules.Period, teryt: str = ""
) -> ReportContent:
    """What the report of `kind` says for the period; ReportRefused outside the user's rights."""
    if kind != REGION_HALF_YEARLY:
        teryt = ""
    if not can_build_reports_at(user, teryt):
        raise ReportRefused(teryt)
    units = child_units(programme, teryt)
    values = unit_values(programme, period, teryt, [code for code, _name in units])
    area = (
        Territory.objects.filter(teryt=teryt).values_list("name", flat=True).first()
        if teryt
        else ""
    )
    titles = {
        MINISTRY_QUARTERLY: _("Quarterly report of the ministry"),
        REGION_HALF_YEARLY: _("Half-yearly report of the region"),
        WORLD_BANK: _("Progress report to the World Bank"),
    }
    content = ReportContent(
        title=f"{titles[kind]}: {programme.code}",
        subtitle=_("%(area)s, up to the end of %(period)s")
        % {"area": area or _("Poland"), "period": period.code},
        figures=indicator_values(programme, period, teryt),
        units_title=_("Gminas") if teryt else _("Voivodeships"),
        units=[(code, name, values[code]) for code, name in units],
    )
    content.finance_header, content.finance_rows = _finance(programme, teryt, units)
    return content
