"""Documents of procurement: the invitation and the evaluation protocol as Polish A4 PDFs
(WeasyPrint, DejaVu fonts for Polish letters)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from integra.contracts.models import ProcurementRound
from integra.contracts.selectors import results_of, score_sheet


def file_name(round_: ProcurementRound, document: str) -> str:
    return f"{document}-{round_.gmina.teryt}-{round_.programme.code}-{round_.number}"


def _voivodeship(round_: ProcurementRound) -> str:
    powiat = round_.gmina.parent
    return powiat.parent.name.lower() if powiat and powiat.parent else ""


def _pdf(template: str, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML  # a heavy import, only for the documents

    # Always in Polish: the language of the procedure.
    with translation.override("pl"):
        html = render_to_string(template, context)
        return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()  # type: ignore[no-any-return]


def invitation_pdf(round_: ProcurementRound) -> bytes:
    """The published invitation: services with budgets, criteria, meeting and deadline."""
    return _pdf("contracts/round_pdf.html", {"round": round_, "voivodeship": _voivodeship(round_)})


def protocol_pdf(round_: ProcurementRound) -> bytes:
    """The committee's protocol: members and declarations, offers received, the formal check,
    every member's points per criterion, scores, ranking and the selected offers."""
    context = {
        "round": round_,
        "voivodeship": _voivodeship(round_),
        "results": results_of(round_),
        "members": list(round_.committee.all()),
        "criteria": list(round_.criteria.all()),
        "sheet": score_sheet(round_),
    }
    return _pdf("contracts/protocol_pdf.html", context)
