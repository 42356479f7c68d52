"""The open data's tables (`/public/data/…`): a programme's allocations per gmina and its
contracts, as CSV/XLSX (core.exports typed cells) and the same rows as JSON."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from integra.core.exports import Table
from integra.dashboards.selectors.opendata import (
    COMMITMENT,
    DISBURSEMENT,
    EXPENDITURE,
    ContractRow,
    ProgrammeData,
)


def allocations_table(data: ProgrammeData) -> Table:
    return Table(
        name=f"{data.programme.code}-alokacje",
        title=_("Allocations"),
        header=[
            _("TERYT code"),
            _("Gmina"),
            _("Voivodeship"),
            _("Services line (EUR)"),
            _("Training line (EUR)"),
            _("Allocation (EUR)"),
            _("Committed (EUR)"),
            _("Transferred (EUR)"),
            _("Paid to providers (PLN)"),
        ],
        rows=[
            [
                g.teryt,
                g.name,
                g.voivodeship,
                g.services_eur,
                g.training_eur,
                g.allocation_eur,
                g.total(COMMITMENT),
                g.total(DISBURSEMENT),
                g.total(EXPENDITURE),
            ]
            for g in data.gminas
        ],
        widths=(10, 28, 22, 16, 16, 16, 16, 16, 18),
    )


def allocations_json(data: ProgrammeData) -> dict[str, Any]:
    return {
        "programme": data.programme.code,
        "name": data.programme.name,
        "currency": "EUR",
        "gminas": [
            {
                "teryt": g.teryt,
                "name": g.name,
                "voivodeship": g.voivodeship,
                "services_eur": g.services_eur,
                "training_eur": g.training_eur,
                "allocation_eur": g.allocation_eur,
                "committed_eur": g.total(COMMITMENT),
                "transferred_eur": g.total(DISBURSEMENT),
                "paid_pln": g.total(EXPENDITURE),
            }
            for g in data.gminas
        ],
    }


def contracts_table(code: str, rows: list[ContractRow]) -> Table:
    return Table(
        name=f"{code}-umowy",
        title=_("Contracts"),
        header=[
            _("TERYT code"),
            _("Gmina"),
            _("Contract number"),
            _("Provider"),
            _("Signed on"),
            _("From"),
            _("Until"),
            _("Value (PLN)"),
            _("Status"),
        ],
        rows=[
            [
                r.gmina_teryt,
                r.gmina,
                r.number,
                r.provider,
                r.signed_on,
                r.starts_on,
                r.ends_on,
                r.value_pln,
                r.status,
            ]
            for r in rows
        ],
        widths=(10, 24, 16, 36, 12, 12, 12, 16, 20),
    )


def contracts_json(code: str, rows: list[ContractRow]) -> dict[str, Any]:
    return {
        "programme": code,
        "currency": "PLN",
        "contracts": [
            {
                "gmina_teryt": r.gmina_teryt,
                "gmina": r.gmina,
                "number": r.number,
                "provider": r.provider,
                "natural_person": r.provider_kind == "natural_person",
                "signed_on": r.signed_on,
                "starts_on": r.starts_on,
                "ends_on": r.ends_on,
                "value_pln": r.value_pln,
                "status": r.status,
            }
            for r in rows
        ],
    }
