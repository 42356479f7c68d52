"""Files out of monitoring: the list of progress reports (CSV/XLSX), and the programme's
reports — the ministry's quarterly, the region's half-yearly and the World Bank progress report
(indicators against targets with a financial part) — as XLSX or PDF, built by background jobs."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integra.core.exports import XLSX_TYPE, Table, local
from integra.core.jobs import JobContext, JobFile, job_kind
from integra.monitoring.models import IndicatorValue, ProgressReport, Target
from integra.monitoring.rules import parse_period
from integra.monitoring.selectors.indicators import Figure
from integra.monitoring.selectors.programme_reports import ReportContent, report_content

PDF_TYPE = "application/pdf"
Progress = Callable[[int, str], None]


def report_list_table(reports: Iterable[ProgressReport]) -> Table:
    rows = [
        [
            report.gmina.teryt,
            report.gmina.name,
            report.programme.code,
            report.period,
            report.get_status_display(),
            local(report.submitted_at) if report.submitted_at else None,
            local(report.reviewed_at) if report.reviewed_at else None,
        ]
        for report in reports
    ]
    return Table(
        name="sprawozdania-kwartalne",
        title=_("Progress reports"),
        header=[
            _("TERYT code"),
            _("Gmina"),
            _("Programme"),
            _("Quarter"),
            _("Status"),
            _("Submitted at"),
            _("Reviewed at"),
        ],
        rows=rows,
        widths=(12, 28, 10, 10, 20, 18, 18),
    )


def target_table(targets: Iterable[Target], names: dict[str, str]) -> Table:
    """The targets of a list (its filters applied): one row per programme, area and indicator;
    `names`: the areas' names by TERYT code ('' the country)."""
    return Table(
        name="wskazniki-cele",
        title=_("Indicator targets"),
        header=[
            _("Programme"),
            _("TERYT code"),
            _("Area"),
            _("Code"),
            _("Indicator"),
            _("Unit"),
            _("Baseline"),
            _("Target"),
        ],
        rows=[
            [
                target.programme.code,
                target.teryt or "PL",
                names.get(target.teryt, ""),
                target.indicator.code,
                target.indicator.name_pl,
                target.indicator.unit,
                target.baseline,
                target.target,
            ]
            for target in targets
        ],
        widths=(10, 12, 28, 22, 40, 12, 16, 16),
    )


def value_table(values: Iterable[IndicatorValue]) -> Table:
    """The entered values of a list (its filters applied): one row per gmina, period and
    indicator."""
    return Table(
        name="wskazniki-wartosci",
        title=_("Entered indicator values"),
        header=[
            _("Programme"),
            _("TERYT code"),
            _("Gmina"),
            _("Period"),
            _("Code"),
            _("Indicator"),
            _("Unit"),
            _("Value"),
            _("Entered at"),
        ],
        rows=[
            [
                value.programme.code,
                value.gmina.teryt,
                value.gmina.name,
                value.period,
                value.indicator.code,
                value.indicator.name_pl,
                value.indicator.unit,
                value.value,
                local(value.entered_at),
            ]
            for value in values
        ],
        widths=(10, 12, 28, 10, 22, 40, 12, 16, 18),
    )


def indicator_table(
    figures: list[Figure], name: str, title: str, *, area: tuple[str, str] = ("", "")
) -> Table:
    """Indicators against targets over an area (its code and name first): one row each (the
    dashboards' table and its exports)."""
    return Table(
        name=name,
        title=title,
        header=[
            _("TERYT code"),
            _("Unit"),
            _("Code"),
            _("Indicator"),
            _("Level"),
            _("Unit"),
            _("Aggregation"),
            _("Value"),
            _("Baseline"),
            _("Target"),
            _("Towards the target (%)"),
        ],
        rows=[
            [
                area[0],
                area[1],
                f.code,
                f.name_pl,
                f.level,
                f.unit,
                f.aggregation,
                _number(f.value),
                _number(f.baseline),
                _number(f.target),
                _number(f.target_percent),
            ]
            for f in figures
        ],
        widths=(22, 44, 10, 12, 10, 14, 12, 12, 12),
    )


def unit_table(
    units: list[tuple[str, str]], values: dict[str, list[Figure]], name: str, title: str
) -> Table:
    """The indicators per unit (voivodeships, or gminas): a column per indicator."""
    codes = [f.code for f in next(iter(values.values()), [])]
    return Table(
        name=name,
        title=title,
        header=[_("TERYT code"), _("Unit"), *codes],
        rows=[
            [teryt, unit_name, *(_number(f.value) for f in values[teryt])]
            for teryt, unit_name in units
        ],
    )


def _number(value: Decimal | None) -> Decimal | None:
    """Indicator values share one number format (two decimals): a column may mix counts,
    amounts and shares."""
    return None if value is None else Decimal(value).quantize(Decimal("0.01"))


# The programme's reports --------------------------------------------------------------------------


def report_xlsx(content: ReportContent, progress: Progress) -> bytes:
    """Three sheets: indicators against targets, the units' indicators, the financial part."""
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer, {"in_memory": True}) as workbook:
        bold = workbook.add_format({"bold": True})
        money = workbook.add_format({"num_format": "#,##0.00"})
        _indicator_sheet(workbook, content, bold, money)
        progress(60, _("Indicators written"))
        _units_sheet(workbook, content, bold, money)
        progress(80, _("Units written"))
        _finance_sheet(workbook, content, bold, money)
    return buffer.getvalue()


def _indicator_sheet(workbook: Any, content: ReportContent, bold: Any, money: Any) -> None:
    sheet = workbook.add_worksheet(_("Indicators")[:31])
    sheet.write_string(0, 0, content.title, bold)
    sheet.write_string(1, 0, content.subtitle)
    header = [
        _("Code"),
        _("Indicator"),
        _("Unit"),
        _("Value"),
        _("Target"),
        _("Towards the target (%)"),
    ]
    for column, text in enumerate(header):
        sheet.write_string(3, column, text, bold)
    for row, f in enumerate(content.figures, start=4):
        sheet.write_string(row, 0, f.code)
        sheet.write_string(row, 1, f.name_pl)
        sheet.write_string(row, 2, f.unit)
        for column, value in ((3, f.value), (4, f.target), (5, f.target_percent)):
            if value is not None:
                sheet.write_number(row, column, float(value), money)
    sheet.set_column(0, 0, 22)
    sheet.set_column(1, 1, 48)


def _units_sheet(workbook: Any, content: ReportContent, bold: Any, money: Any) -> None:
    if not content.units:
        return
    sheet = workbook.add_worksheet(content.units_title[:31])
    codes = [f.code for f in content.figures]
    for column, text in enumerate([_("TERYT code"), _("Unit"), *codes]):
        sheet.write_string(0, column, text, bold)
    for row, (teryt, name, figures) in enumerate(content.units, start=1):
        sheet.write_string(row, 0, teryt)
        sheet.write_string(row, 1, name)
        for column, f in enumerate(figures, start=2):
            if f.value is not None:
                sheet.write_number(row, column, float(f.value), money)


def _finance_sheet(workbook: Any, content: ReportContent, bold: Any, money: Any) -> None:
    sheet = workbook.add_worksheet(_("Finance")[:31])
    for column, text in enumerate(content.finance_header):
        sheet.write_string(0, column, text, bold)
    for row, cells in enumerate(content.finance_rows, start=1):
        for column, value in enumerate(cells):
            if isinstance(value, Decimal):
                sheet.write_number(row, column, float(value), money)
            else:
                sheet.write_string(row, column, str(value))


def report_pdf(content: ReportContent, progress: Progress) -> bytes:
    from weasyprint import HTML

    html = render_to_string("monitoring/programme_report_pdf.html", {"content": content})
    progress(70, _("Page laid out"))
    return bytes(HTML(string=html).write_pdf())


def build_programme_report(params: dict[str, Any], actor: Any, progress: Progress) -> JobFile:
    """Build one of the programme's reports: params kind, programme (code), period, teryt (the
    region's report), fmt (xlsx or pdf). ReportRefused outside the actor's rights."""
    from integra.programmes.models import Programme

    programme = Programme.objects.get(code=params["programme"])
    period = parse_period(params["period"])
    if period is None:
        raise ValueError(params["period"])
    progress(10, _("Computing the indicators"))
    content = report_content(
        user=actor,
        programme=programme,
        kind=params["kind"],
        period=period,
        teryt=params.get("teryt", ""),
    )
    progress(40, _("Indicators computed"))
    area = f"-{params['teryt']}" if params.get("teryt") else ""
    name = f"{params['kind']}-{programme.code}-{period.code}{area}"
    if params.get("fmt") == "pdf":
        built = JobFile(f"{name}.pdf", PDF_TYPE, report_pdf(content, progress))
    else:
        built = JobFile(f"{name}.xlsx", XLSX_TYPE, report_xlsx(content, progress))
    progress(100, _("Done"))
    return built


@job_kind("monitoring.programme_report", title=gettext_lazy("Programme monitoring report"))
def programme_report_job(ctx: JobContext) -> JobFile:
    """The programme's report in the background, for its owner's rights (checked again)."""
    return build_programme_report(ctx.params, ctx.actor, ctx.progress)
