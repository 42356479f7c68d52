"""Schemas of monitoring's API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from integra.core.api.schemas import PRINTABLE
from integra.programmes.models import Programme

PROGRAMME_CODE_LENGTH = Programme._meta.get_field("code").max_length
PERIOD_PATTERN = r"^\d{4}(-(Q[1-4]|H[12]))?$"


class DashboardFilters(Schema):
    programme: str | None = Field(
        None,
        max_length=PROGRAMME_CODE_LENGTH,
        pattern=PRINTABLE,
        description="Programme code (default: the latest programme).",
    )
    period: str | None = Field(
        None,
        pattern=PERIOD_PATTERN,
        description="Up to the end of this quarter (2007-Q3), half-year (2007-H2) or year "
        "(2007); default: today.",
    )
    group: str | None = Field(
        None,
        pattern=r"^[A-Za-z0-9_-]{1,16}$",
        description="Target group code: only its people and services.",
    )


class IndicatorOut(Schema):
    code: str
    name: str = Field(description="Polish name.")
    name_en: str
    level: str = Field(description="output, result or impact.")
    unit: str
    aggregation: str = Field(
        description="sum: additive (a voivodeship is the sum of its gminas, the country of its "
        "voivodeships); ratio: numerator over denominator in %; distinct: counted once."
    )
    value: Decimal | None
    target: Decimal | None
    baseline: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    breakdown: dict[str, dict[str, Decimal]] = Field(
        default_factory=dict,
        description="Additive parts by dimension (group, sex, age_band, kind…).",
    )

    @staticmethod
    def resolve_name(figure: Any) -> str:
        return str(figure.name_pl)


class AreaOut(Schema):
    teryt: str = Field(description="'' for the country.")
    name: str
    level: str


class DashboardOut(Schema):
    programme: str
    period: str = Field(description="The period asked, or the day the figures run to.")
    ends_on: dt.date
    group: str
    area: AreaOut
    indicators: list[IndicatorOut]


class ProgressReportOut(Schema):
    id: int
    programme: str
    gmina: str
    gmina_name: str
    period: str
    starts_on: dt.date
    ends_on: dt.date
    status: str
    problems: str
    remedies: str
    return_comment: str
    lock_version: int
    submitted_at: dt.datetime | None
    reviewed_at: dt.datetime | None

    @staticmethod
    def resolve_programme(report: Any) -> str:
        return str(report.programme.code)

    @staticmethod
    def resolve_gmina(report: Any) -> str:
        return str(report.gmina.teryt)

    @staticmethod
    def resolve_gmina_name(report: Any) -> str:
        return str(report.gmina.name)


class ProgressReportDetail(ProgressReportOut):
    figures: dict[str, Any] = Field(description="As accepted, or as the data says now.")


class ReportFilters(Schema):
    status: str | None = Field(None, pattern=r"^(draft|submitted|returned|accepted)$")
    teryt: str | None = Field(None, pattern=r"^\d{2,7}$", description="A TERYT prefix.")
