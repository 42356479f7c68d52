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


AREA_PATTERN = r"^(PL|\d{2}|\d{7})$"
INDICATOR_CODE = r"^[A-Z0-9_]{1,32}$"
# An area's sheet holds every indicator once: more rows than this is not a sheet.
SHEET_MAX = 100


class TargetFilters(Schema):
    programme: str | None = Field(
        None, max_length=PROGRAMME_CODE_LENGTH, pattern=PRINTABLE, description="Programme code."
    )
    area: str | None = Field(
        None,
        pattern=r"^(PL|\d{2,7})$",
        description="PL: the country's targets only; a TERYT prefix: its area and those below.",
    )


class TargetOut(Schema):
    programme: str
    area: str = Field(description="PL for the country, else the TERYT code.")
    indicator: str
    baseline: Decimal
    target: Decimal
    lock_version: int

    @staticmethod
    def resolve_programme(target: Any) -> str:
        return str(target.programme.code)

    @staticmethod
    def resolve_area(target: Any) -> str:
        return str(target.teryt or "PL")

    @staticmethod
    def resolve_indicator(target: Any) -> str:
        return str(target.indicator.code)


class TargetRowIn(Schema):
    indicator: str = Field(pattern=INDICATOR_CODE)
    target: Decimal | None = Field(None, max_digits=18, decimal_places=2)
    baseline: Decimal | None = Field(None, max_digits=18, decimal_places=2)
    lock_version: int = Field(
        ge=0, le=2**31, description="As read (0 when the area had no target of it)."
    )


class TargetSheetIn(Schema):
    programme: str = Field(max_length=PROGRAMME_CODE_LENGTH, pattern=PRINTABLE)
    area: str = Field(pattern=AREA_PATTERN, description="PL, a voivodeship or a gmina.")
    targets: list[TargetRowIn] = Field(max_length=SHEET_MAX)


class ValueFilters(Schema):
    programme: str | None = Field(
        None, max_length=PROGRAMME_CODE_LENGTH, pattern=PRINTABLE, description="Programme code."
    )
    area: str | None = Field(None, pattern=r"^\d{2,7}$", description="A TERYT prefix.")
    period: str | None = Field(None, pattern=PERIOD_PATTERN, description="One period's code.")


class ValueOut(Schema):
    programme: str
    gmina: str
    period: str
    ends_on: dt.date
    indicator: str
    value: Decimal
    lock_version: int
    entered_at: dt.datetime

    @staticmethod
    def resolve_programme(value: Any) -> str:
        return str(value.programme.code)

    @staticmethod
    def resolve_gmina(value: Any) -> str:
        return str(value.gmina.teryt)

    @staticmethod
    def resolve_indicator(value: Any) -> str:
        return str(value.indicator.code)


class ValueRowIn(Schema):
    indicator: str = Field(pattern=INDICATOR_CODE)
    value: Decimal | None = Field(None, max_digits=18, decimal_places=2)
    lock_version: int = Field(ge=0, le=2**31, description="As read (0 when none was entered).")


class ValueSheetIn(Schema):
    programme: str = Field(max_length=PROGRAMME_CODE_LENGTH, pattern=PRINTABLE)
    gmina: str = Field(pattern=r"^\d{7}$")
    period: str = Field(pattern=PERIOD_PATTERN)
    values: list[ValueRowIn] = Field(max_length=SHEET_MAX)
