"""Schemas of the allocations API, shared by its routers: runs, and the published allocation
(amendments, tranches, transfers)."""

import datetime as dt
from decimal import Decimal
from typing import Annotated

from ninja import Field, Path, Schema
from pydantic import ConfigDict

from integra.allocations import services
from integra.allocations.models import AllocationAmendment, AllocationResult, AllocationRun, Tranche
from integra.allocations.rules import REASON_LENGTH
from integra.core.api.schemas import MAX_ID, PRINTABLE, TEXT
from integra.core.money import MAX_AMOUNT
from integra.core.periods import EARLIEST_DATE, LATEST_DATE
from integra.programmes.models import Programme

PROGRAMME_CODE_LENGTH = Programme._meta.get_field("code").max_length
# Amounts in EUR within DecimalField(18, 2).
MAX_EUR = MAX_AMOUNT
RunId = Path(..., ge=1, le=MAX_ID)
Teryt = Path(..., pattern=r"^\d{7}$", description="TERYT code of the gmina.")
TrancheNumber = Path(..., ge=1, le=32767)
MAX_LOCK = 2**31 - 1


def _lock_version() -> int:
    return Field(  # type: ignore[no-any-return]
        ...,
        ge=1,
        le=MAX_LOCK,
        description="The lock_version of the gmina's allocation as last read (its tranches or "
        "the run's results): 409 allocation_edit_conflict when it changed since.",
    )


def _eur(description: str, default: Decimal | None = None, gt: int | None = None) -> Decimal:
    return Field(  # type: ignore[no-any-return]
        default,
        ge=None if gt is not None else 0,
        gt=gt,
        le=MAX_EUR,
        decimal_places=2,
        description=description,
    )


# One imported amount: a TERYT code and a sum in cents a DecimalField(18, 2) holds ("1e400" and
# "1E+30" are numbers no column holds, refused at their key rather than failing the arithmetic).
ImportedTeryt = Annotated[str, Field(pattern=r"^\d{7}$")]
ImportedAmount = Annotated[Decimal, Field(ge=0, le=MAX_AMOUNT, decimal_places=2)]


class RunFilters(Schema):
    programme: str = Field(
        None, max_length=PROGRAMME_CODE_LENGTH, pattern=PRINTABLE, description="Programme code."
    )


def _weight(description: str) -> Decimal | None:
    return Field(  # type: ignore[no-any-return]
        None, ge=0, le=services.MAX_WEIGHT, decimal_places=2, description=description
    )


class WeightsIn(Schema):
    """The weights of the weighted sum of indicators; an absent weight counts as 0."""

    # A misspelt group would silently weigh 0.
    model_config = ConfigDict(extra="forbid")

    total: Decimal | None = _weight("Weight of the total population.")
    age_0_17: Decimal | None = _weight("Weight of the people aged 0–17.")
    post_working: Decimal | None = _weight("Weight of the post-working age population.")


class RunIn(Schema):
    programme: str = Field(
        ..., max_length=PROGRAMME_CODE_LENGTH, pattern=PRINTABLE, description="Programme code."
    )
    method: AllocationRun.Method
    indicator: AllocationRun.Indicator = AllocationRun.Indicator.TOTAL
    year: int = Field(2010, ge=1990, le=2100, description="Year of the population data.")
    budget_eur: Decimal = _eur("Budget to split.", ...)  # type: ignore[arg-type]
    unit_eur: Decimal = _eur("Rounding unit.", Decimal("100"), gt=0)
    floor_eur: Decimal | None = _eur("Minimum per gmina.")
    cap_eur: Decimal | None = _eur("Maximum per gmina.")
    amounts: dict[ImportedTeryt, ImportedAmount] | None = Field(
        None,
        max_length=10_000,
        description="Method import: {TERYT: amount in EUR} for every participating gmina.",
    )
    weights: WeightsIn | None = Field(
        None, description="Indicator weighted only (and then required): the weight of each group."
    )


class RunItem(Schema):
    id: int
    programme: str = Field(description="Programme code.")
    method: AllocationRun.Method
    indicator: AllocationRun.Indicator
    indicator_weights: dict[str, Decimal] = Field(
        description="Indicator weighted: {indicator: weight} of the weighted sum; else empty."
    )
    data_year: int
    budget_eur: Decimal
    unit_eur: Decimal
    floor_eur: Decimal | None
    cap_eur: Decimal | None
    status: AllocationRun.Status
    created_by: str = Field(description="Who created the run.")
    created_at: dt.datetime
    published_at: dt.datetime | None

    @staticmethod
    def resolve_programme(run: AllocationRun) -> str:
        return run.programme.code

    @staticmethod
    def resolve_created_by(run: AllocationRun) -> str:
        return run.created_by_label


class ResultItem(Schema):
    teryt: str
    name: str
    voivodeship: str
    indicator_value: Decimal | None
    amount_eur: Decimal
    lock_version: int = Field(description="Send it back with an amendment or a tranche edit.")

    @staticmethod
    def resolve_teryt(result: AllocationResult) -> str:
        return result.gmina.teryt

    @staticmethod
    def resolve_name(result: AllocationResult) -> str:
        return result.gmina.name

    @staticmethod
    def resolve_voivodeship(result: AllocationResult) -> str:
        powiat = result.gmina.parent
        return powiat.parent.name if powiat and powiat.parent else ""


class RunDetail(RunItem):
    results: list[ResultItem]

    @staticmethod
    def resolve_results(run: AllocationRun) -> list[AllocationResult]:
        return list(run.results.all())


class GminaDifferenceOut(Schema):
    teryt: str
    name: str
    voivodeship: str
    amount_a: Decimal
    amount_b: Decimal
    difference: Decimal = Field(description="amount_b − amount_a")
    population: int | None
    per_inhabitant_a: Decimal | None
    per_inhabitant_b: Decimal | None


class VoivodeshipTotalsOut(Schema):
    teryt: str
    name: str
    amount_a: Decimal
    amount_b: Decimal
    difference: Decimal
    population: int
    per_inhabitant_a: Decimal | None
    per_inhabitant_b: Decimal | None


class ComparisonOut(Schema):
    run_a: RunItem
    run_b: RunItem
    gminas: list[GminaDifferenceOut]
    voivodeships: list[VoivodeshipTotalsOut]


class AmendmentIn(Schema):
    teryt: str = Field(..., pattern=r"^\d{7}$", description="TERYT code of the gmina.")
    amount_eur: Decimal = _eur("The gmina's new amount (services line).", ...)  # type: ignore[arg-type]
    reason: str = Field(..., min_length=1, max_length=REASON_LENGTH, pattern=TEXT)
    lock_version: int = _lock_version()


class AmendmentOut(Schema):
    id: int
    run: int
    teryt: str
    amount_before_eur: Decimal
    amount_after_eur: Decimal
    reason: str
    amended_by: str
    amended_at: dt.datetime

    @staticmethod
    def resolve_run(amendment: AllocationAmendment) -> int:
        return amendment.run_id

    @staticmethod
    def resolve_teryt(amendment: AllocationAmendment) -> str:
        return amendment.gmina.teryt

    @staticmethod
    def resolve_amended_by(amendment: AllocationAmendment) -> str:
        return amendment.actor_label


class TrancheOut(Schema):
    number: int
    year: int
    amount_eur: Decimal
    status: Tranche.Status
    transferred_on: dt.date | None
    amount_pln: Decimal | None
    rate: Decimal | None = Field(description="PLN per EUR.")
    rate_table_no: str
    rate_table_on: dt.date | None
    rate_source: str
    eur_equivalent: Decimal | None
    lock_version: int = Field(
        description="The lock_version of the gmina's allocation: send it back with PUT or with "
        "an amendment."
    )

    @staticmethod
    def resolve_lock_version(tranche: Tranche) -> int:
        return tranche.result.lock_version


class TrancheAmountIn(Schema):
    number: int = Field(..., ge=1, le=32767)
    amount_eur: Decimal = _eur("The tranche's amount.", ...)  # type: ignore[arg-type]


class TranchesIn(Schema):
    tranches: list[TrancheAmountIn] = Field(
        ...,
        max_length=100,
        description="Amounts of planned tranches; the sum must stay the allocation's total.",
    )
    lock_version: int = _lock_version()


class TransferIn(Schema):
    amount_pln: Decimal = Field(..., gt=0, le=MAX_AMOUNT, decimal_places=2)
    transferred_on: dt.date = Field(..., ge=EARLIEST_DATE, le=LATEST_DATE)
