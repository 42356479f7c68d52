"""The financial reports as files: the gmina's financial statement (a year, PLN and EUR), the
programme report by voivodeship and line, and the World Bank interim financial report of a
semester — each an XLSX workbook (one sheet per section, typed cells as core.exports writes
them) or an A4 PDF (WeasyPrint, DejaVu fonts), headed in the language of whoever asked.

Each report has a builder `(params, actor, progress) -> BuiltFile`, registered as a background
job kind (`core.jobs`): the reports page starts a job and shows its progress and file; the
settlement page builds its one gmina's statement at once (a small file)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integra.core.errors import DomainError
from integra.core.exports import (
    DATE_FORMAT,
    INT_FORMAT,
    MONEY_FORMAT,
    XLSX_TYPE,
    Number,
    Table,
    rate,
)
from integra.core.jobs import JobContext, JobFile, job_kind
from integra.finance.policies import (
    can_build_interim_report,
    can_open_reports,
    can_view_settlement,
)
from integra.finance.selectors import finance_programme
from integra.finance.selectors.reports import (
    InterimReport,
    RegionFigures,
    ReportLine,
    interim_report,
    programme_report,
)
from integra.finance.selectors.settlement import SettlementFigures, settlement_figures

PDF_TYPE = "application/pdf"
Progress = Callable[[int, str], None]


class ReportRefused(DomainError):
    """The report cannot be built for this user or these parameters (shown on the job page)."""

    code = "report_refused"
    status = 403


@dataclass(frozen=True)
class BuiltFile:
    """What a builder returns (the jobs facility's JobFile has the same three fields)."""

    filename: str
    content_type: str
    content: bytes


@dataclass(frozen=True)
class Report:
    """A report: its title, what it covers, and its sections (one table each)."""

    name: str
    title: str
    subtitle: str
    sections: Sequence[Table]


# Writers --------------------------------------------------------------------------------------


def xlsx_bytes(report: Report) -> bytes:
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer, {"in_memory": True}) as workbook:
        bold = workbook.add_format({"bold": True})
        made: dict[str, Any] = {}

        def fmt(number_format: str) -> Any:
            if number_format not in made:
                made[number_format] = workbook.add_format({"num_format": number_format})
            return made[number_format]

        for index, table in enumerate(report.sections, start=1):
            sheet = workbook.add_worksheet(f"{index}. {table.title}"[:31].replace("/", "-"))
            sheet.write_string(0, 0, report.title, bold)
            sheet.write_string(1, 0, report.subtitle)
            for column, title in enumerate(table.header):
                sheet.write_string(3, column, str(title), bold)
                sheet.set_column(column, column, 18 if column else 34)
            for number, row in enumerate(table.rows, start=4):
                for column, value in enumerate(row):
                    _cell(sheet, number, column, value, fmt)
    return buffer.getvalue()


def _cell(sheet: Any, row: int, column: int, value: Any, fmt: Callable[[str], Any]) -> None:
    if value is None or value == "":
        sheet.write_blank(row, column, None)
    elif isinstance(value, Number):
        sheet.write_number(row, column, float(value.value), fmt(value.number_format))
    elif isinstance(value, Decimal):
        sheet.write_number(row, column, float(value), fmt(MONEY_FORMAT))
    elif isinstance(value, int):
        sheet.write_number(row, column, value, fmt(INT_FORMAT))
    elif isinstance(value, dt.date):
        sheet.write_datetime(row, column, value, fmt(DATE_FORMAT))
    else:
        sheet.write_string(row, column, str(value))


def _shown(value: Any) -> tuple[str, bool]:
    """A cell as the PDF shows it (Polish or English number and date formats), and whether it
    is a number (right-aligned)."""
    if value is None:
        return "", False
    if isinstance(value, Number):
        return formats.number_format(value.value, value.places, force_grouping=True), True
    if isinstance(value, Decimal):
        return formats.number_format(value, 2, force_grouping=True), True
    if isinstance(value, int):
        return str(value), True
    if isinstance(value, dt.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT"), False
    return str(value), False


def pdf_bytes(report: Report) -> bytes:
    from weasyprint import HTML  # a heavy import, only for the documents

    sections = [
        {
            "title": table.title,
            "header": list(table.header),
            "rows": [[_shown(value) for value in row] for row in table.rows],
        }
        for table in report.sections
    ]
    html = render_to_string(
        "finance/report_pdf.html",
        {"title": report.title, "subtitle": report.subtitle, "sections": sections},
    )
    content: bytes = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
    return content


def built(report: Report, fmt: str) -> BuiltFile:
    if fmt == "pdf":
        return BuiltFile(f"{report.name}.pdf", PDF_TYPE, pdf_bytes(report))
    return BuiltFile(f"{report.name}.xlsx", XLSX_TYPE, xlsx_bytes(report))


# The interim financial report -----------------------------------------------------------------


def _pair_cells(line: ReportLine) -> list[Any]:
    return [line.period.eur, line.period.pln, line.cumulative.eur, line.cumulative.pln]


def interim_tables(report: InterimReport) -> Report:
    money_header = [
        _("Period (EUR)"),
        _("Period (PLN)"),
        _("Cumulative (EUR)"),
        _("Cumulative (PLN)"),
    ]
    sources_total = report.total("sources", "period"), report.total("sources", "cumulative")
    uses_total = report.total("uses", "period"), report.total("uses", "cumulative")
    opening, closing = report.opening, report.closing
    summary = Table(
        name="zrodla-i-wydatki",
        title=_("Sources and uses of funds"),
        header=[_("Item"), *money_header],
        rows=[
            [_("Opening balance"), opening.eur, opening.pln, None, None],
            *([f"{_('Source')}: {line.name}", *_pair_cells(line)] for line in report.sources),
            [
                _("Total sources"),
                sources_total[0].eur,
                sources_total[0].pln,
                sources_total[1].eur,
                sources_total[1].pln,
            ],
            [
                _("Total uses"),
                uses_total[0].eur,
                uses_total[0].pln,
                uses_total[1].eur,
                uses_total[1].pln,
            ],
            [_("Closing balance"), None, None, closing.eur, closing.pln],
        ],
    )
    uses = Table(
        name="wydatki-wg-komponentow",
        title=_("Uses of funds by component"),
        header=[_("Component"), _("Budget (EUR)"), *money_header, _("Budget used (%)")],
        rows=[
            [
                f"{line.code} {line.name}".strip(),
                line.budget_eur,
                *_pair_cells(line),
                Number((100 * line.cumulative.eur / line.budget_eur).quantize(Decimal("0.1")), 1)
                if line.budget_eur
                else None,
            ]
            for line in report.uses
        ],
    )
    rates = Table(
        name="kursy",
        title=_("Exchange rates used"),
        header=[_("Day"), _("Document"), _("EUR"), _("PLN"), _("Rate (PLN per EUR)"), _("Table")],
        rows=[[r.day, r.what, r.eur, r.pln, rate(r.rate), r.table] for r in report.rates],
    )
    return Report(
        name=f"ifr-{report.programme.code.lower()}-{report.year}-h{report.semester}",
        title=_("Interim financial report"),
        subtitle=_("%(programme)s, half-year %(semester)s of %(year)s (%(start)s – %(end)s)")
        % {
            "programme": report.programme.name,
            "semester": report.semester,
            "year": report.year,
            "start": formats.date_format(report.starts_on, "SHORT_DATE_FORMAT"),
            "end": formats.date_format(report.ends_on, "SHORT_DATE_FORMAT"),
        },
        sections=[summary, uses, rates],
    )


def build_interim_report(params: dict[str, Any], actor: Any, progress: Progress) -> BuiltFile:
    """params: programme (code), year, semester (1, 2), format (xlsx, pdf)."""
    if not can_build_interim_report(actor):
        raise ReportRefused(_("Only the ministry builds the interim financial report."))
    programme = finance_programme(params.get("programme"))
    if programme is None:
        raise ReportRefused(_("No such programme."))
    progress(10, _("Summing the ledger"))
    report = interim_report(
        programme=programme, year=int(params["year"]), semester=int(params["semester"])
    )
    progress(60, _("Writing the file"))
    return built(interim_tables(report), str(params.get("format", "xlsx")))


# The programme report -------------------------------------------------------------------------


def programme_tables(programme: Any, rows: list[RegionFigures], until: dt.date) -> Report:
    def total(name: str, line: str | None = None) -> Decimal:
        values = [getattr(r, name)[line] if line else getattr(r, name) for r in rows]
        return sum(values, Decimal("0.00"))

    table = Table(
        name="raport-programu",
        title=_("By voivodeship and line"),
        header=[
            _("Voivodeship"),
            _("Allocated, services line (EUR)"),
            _("Allocated, training line (EUR)"),
            _("Transferred, services line (EUR)"),
            _("Transferred, training line (EUR)"),
            _("Received (PLN)"),
            _("Received (EUR at the rates used)"),
            _("Committed (PLN)"),
            _("Paid (PLN)"),
            _("Available (PLN)"),
        ],
        rows=[
            *(
                [
                    f"{r.teryt} {r.name}",
                    r.allocated_eur["services"],
                    r.allocated_eur["training"],
                    r.transferred_eur["services"],
                    r.transferred_eur["training"],
                    r.received_pln,
                    r.received_eur,
                    r.committed_pln,
                    r.paid_pln,
                    r.available_pln,
                ]
                for r in rows
            ),
            [
                _("Total"),
                total("allocated_eur", "services"),
                total("allocated_eur", "training"),
                total("transferred_eur", "services"),
                total("transferred_eur", "training"),
                total("received_pln"),
                total("received_eur"),
                total("committed_pln"),
                total("paid_pln"),
                total("available_pln"),
            ],
        ],
    )
    return Report(
        name=f"raport-programu-{programme.code.lower()}-{until:%Y-%m-%d}",
        title=_("Programme financial report"),
        subtitle=_("%(programme)s, as of %(day)s")
        % {"programme": programme.name, "day": formats.date_format(until, "SHORT_DATE_FORMAT")},
        sections=[table],
    )


def build_programme_report(params: dict[str, Any], actor: Any, progress: Progress) -> BuiltFile:
    """params: programme (code), until (ISO date), format."""
    if not can_open_reports(actor):
        raise ReportRefused(_("Only the ministry and the regions build programme reports."))
    programme = finance_programme(params.get("programme"))
    if programme is None:
        raise ReportRefused(_("No such programme."))
    until = dt.date.fromisoformat(str(params["until"]))
    progress(10, _("Summing the ledger"))
    rows = programme_report(user=actor, programme=programme, until=until)
    progress(60, _("Writing the file"))
    return built(programme_tables(programme, rows, until), str(params.get("format", "xlsx")))


# The gmina's financial statement --------------------------------------------------------------


def line_label(line: str) -> str:
    return _("services line") if line == "services" else _("training line")


def statement_tables(programme: Any, gmina: Any, figures: SettlementFigures) -> Report:
    rate_text = (
        formats.number_format(figures.average_rate, 4) if figures.average_rate else _("none")
    )
    summary = Table(
        name="zestawienie",
        title=_("Statement"),
        header=[_("Item"), _("PLN"), _("EUR")],
        rows=[
            [_("Rest carried from earlier years"), figures.opening_pln, None],
            [_("Received in the year"), figures.received_pln, figures.received_eur],
            [_("of which exchange differences"), None, figures.exchange_eur],
            [_("Spent in the year"), figures.spent_pln, figures.spent_eur],
            [_("Returned and other movements"), figures.other_pln, None],
            [_("Unspent rest at the year's end"), figures.closing_pln, figures.closing_eur],
            [_("Average rate of the money received (PLN per EUR)"), rate_text, None],
        ],
    )
    lines = Table(
        name="linie",
        title=_("By line"),
        header=[
            _("Line"),
            _("Received (EUR)"),
            _("Received (PLN)"),
            _("Spent (PLN)"),
            _("Spent (EUR)"),
            _("Rest (PLN)"),
        ],
        rows=[
            [
                line_label(line.line),
                line.received_eur,
                line.received_pln,
                line.spent_pln,
                line.spent_eur,
                line.rest_pln,
            ]
            for line in figures.lines
        ],
    )
    services = Table(
        name="uslugi",
        title=_("By planned service"),
        header=[
            _("Planned service"),
            _("Plan year"),
            _("Line"),
            _("Target groups"),
            _("Planned (PLN)"),
            _("Contracted (PLN)"),
            _("Spent (PLN)"),
            _("Spent (EUR)"),
        ],
        rows=[
            [
                s.title,
                s.plan_year,
                line_label(s.line),
                ", ".join(s.groups),
                s.planned_pln,
                s.contracted_pln,
                s.spent_pln,
                s.spent_eur,
            ]
            for s in figures.services
        ],
    )
    groups = Table(
        name="grupy",
        title=_("By target group"),
        header=[_("Target groups"), _("Spent (PLN)"), _("Spent (EUR)")],
        rows=[[g.group, g.spent_pln, g.spent_eur] for g in figures.groups],
    )
    return Report(
        name=f"sprawozdanie-{gmina.teryt}-{figures.year}",
        title=_("Financial statement of the gmina"),
        subtitle=_("%(gmina)s (%(teryt)s), %(programme)s, year %(year)s")
        % {
            "gmina": gmina.name,
            "teryt": gmina.teryt,
            "programme": programme.name,
            "year": figures.year,
        },
        sections=[summary, lines, services, groups],
    )


def build_gmina_statement(params: dict[str, Any], actor: Any, progress: Progress) -> BuiltFile:
    """params: programme (code), gmina (TERYT), year, format. The statement of an accepted
    settlement is the one kept at acceptance."""
    from integra.finance.models import Settlement
    from integra.territories.models import Territory

    programme = finance_programme(params.get("programme"))
    gmina = Territory.objects.filter(
        teryt=str(params.get("gmina", ""))[:7], level=Territory.Level.GMINA
    ).first()
    if programme is None or gmina is None or not can_view_settlement(actor, gmina):
        raise ReportRefused(_("No gmina with this code in your area."))
    year = int(params["year"])
    progress(10, _("Summing the ledger"))
    kept = Settlement.objects.filter(
        programme=programme, gmina=gmina, year=year, status=Settlement.Status.ACCEPTED
    ).first()
    figures = (
        SettlementFigures.from_json(kept.figures)
        if kept is not None and kept.figures is not None
        else settlement_figures(programme=programme, gmina=gmina, year=year)
    )
    progress(60, _("Writing the file"))
    return built(statement_tables(programme, gmina, figures), str(params.get("format", "xlsx")))


# Background jobs ------------------------------------------------------------------------------


def _job(builder: Callable[[dict[str, Any], Any, Progress], BuiltFile]) -> Any:
    def run(ctx: JobContext) -> JobFile:
        made = builder(ctx.params, ctx.actor, ctx.progress)
        return JobFile(filename=made.filename, content_type=made.content_type, content=made.content)

    run.__doc__ = builder.__doc__
    return run


INTERIM_REPORT = "finance.interim_report"
PROGRAMME_REPORT = "finance.programme_report"
GMINA_STATEMENT = "finance.gmina_statement"
job_kind(INTERIM_REPORT, title=gettext_lazy("Interim financial report"))(_job(build_interim_report))
job_kind(PROGRAMME_REPORT, title=gettext_lazy("Programme financial report"))(
    _job(build_programme_report)
)
job_kind(GMINA_STATEMENT, title=gettext_lazy("Financial statement of the gmina"))(
    _job(build_gmina_statement)
)
