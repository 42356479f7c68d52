"""Schemas of the finance API: the limits are the rules' constants, as on the pages."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from ninja import Field, Path, Schema

from integra.contracts import rules as contract_rules
from integra.contracts.rules import ComponentContractTerms, InstalmentInput
from integra.core.api.schemas import MAX_ID, PRINTABLE
from integra.core.money import MAX_AMOUNT
from integra.core.periods import EARLIEST_DATE, LATEST_DATE
from integra.finance import rules
from integra.finance.models import Component, ItemContract, ProcurementItem, TransferRequest

ComponentId = Path(..., ge=1, le=MAX_ID, description="The component's id.")
ItemId = Path(..., ge=1, le=MAX_ID, description="The procurement-plan item's id.")
RequestId = Path(..., ge=1, le=MAX_ID, description="The transfer request's id.")
PROGRAMME_CODE = Field(None, max_length=20, pattern=PRINTABLE, description="A programme's code.")
AMOUNT = Field(..., max_digits=18, decimal_places=2)


class ProgrammeFilter(Schema):
    programme: str | None = PROGRAMME_CODE


class ComponentOut(Schema):
    id: int
    programme: str
    code: str
    name: str
    budget_eur: Decimal
    order: int
    lock_version: int = Field(description="Send it back with PUT.")

    @staticmethod
    def resolve_programme(component: Component) -> str:
        return component.programme.code


class ComponentIn(Schema):
    programme: str = Field(..., max_length=20, pattern=PRINTABLE)
    code: str = Field(..., max_length=rules.CODE_LENGTH)
    name: str = Field(..., max_length=rules.NAME_LENGTH)
    budget_eur: Decimal = AMOUNT
    order: int = Field(0, ge=0, le=999)

    def values(self) -> rules.ComponentInput:
        return rules.ComponentInput(
            code=self.code, name=self.name, budget_eur=self.budget_eur, order=self.order
        )


class ComponentPut(Schema):
    code: str = Field(..., max_length=rules.CODE_LENGTH)
    name: str = Field(..., max_length=rules.NAME_LENGTH)
    budget_eur: Decimal = AMOUNT
    order: int = Field(0, ge=0, le=999)
    lock_version: int = Field(..., ge=1, le=MAX_ID)

    def values(self) -> rules.ComponentInput:
        return rules.ComponentInput(
            code=self.code, name=self.name, budget_eur=self.budget_eur, order=self.order
        )


class Steps(Schema):
    invitation: dt.date | None = None
    opening: dt.date | None = None
    evaluation: dt.date | None = None
    signature: dt.date | None = None
    completion: dt.date | None = None


class ItemFilter(Schema):
    programme: str | None = PROGRAMME_CODE
    component: int | None = Field(None, ge=1, le=MAX_ID)


class ItemOut(Schema):
    id: int
    component: int
    reference: str
    description: str
    method: ProcurementItem.Method
    review: ProcurementItem.Review
    estimated_cost_eur: Decimal
    status: ProcurementItem.Status
    planned: Steps
    actual: Steps
    comment: str
    lock_version: int

    @staticmethod
    def resolve_component(item: ProcurementItem) -> int:
        return item.component_id

    @staticmethod
    def resolve_planned(item: ProcurementItem) -> dict[str, dt.date | None]:
        return {step: item.planned(step) for step in rules.STEPS}

    @staticmethod
    def resolve_actual(item: ProcurementItem) -> dict[str, dt.date | None]:
        return {step: item.actual(step) for step in rules.STEPS}


class ItemIn(Schema):
    reference: str = Field(..., max_length=rules.REFERENCE_LENGTH)
    description: str = Field(..., max_length=rules.DESCRIPTION_LENGTH)
    method: str = Field(..., max_length=10)
    review: str = Field(..., max_length=6)
    estimated_cost_eur: Decimal = AMOUNT
    status: str = Field("planned", max_length=12)
    planned: Steps = Steps()
    actual: Steps = Steps()
    comment: str = Field("", max_length=rules.COMMENT_LENGTH)

    def values(self) -> rules.ItemInput:
        return rules.ItemInput(
            reference=self.reference,
            description=self.description,
            method=self.method,
            review=self.review,
            estimated_cost_eur=self.estimated_cost_eur,
            status=self.status,
            planned=self.planned.dict(),
            actual=self.actual.dict(),
            comment=self.comment,
        )


class ItemCreate(ItemIn):
    component: int = Field(..., ge=1, le=MAX_ID)


class ItemPut(ItemIn):
    lock_version: int = Field(..., ge=1, le=MAX_ID)


# The contracts of the procurement plan -----------------------------------------------------------

Day = Annotated[dt.date, Field(ge=EARLIEST_DATE, le=LATEST_DATE)]
PLN = Annotated[Decimal, Field(ge=0, le=MAX_AMOUNT, decimal_places=2)]


class InstalmentIn(Schema):
    due_on: Day
    amount_pln: PLN
    is_advance: bool = False


class ItemContractIn(Schema):
    """A component-level contract signed from the item (no gmina, no round, no services)."""

    provider: int = Field(..., ge=1, le=MAX_ID, description="The provider's id in the register.")
    number: str = Field(..., max_length=contract_rules.NUMBER_MAX, pattern=PRINTABLE)
    signed_on: Day
    ministry_representative: str = Field(..., max_length=contract_rules.NAME_MAX, pattern=PRINTABLE)
    provider_representative: str = Field(..., max_length=contract_rules.NAME_MAX, pattern=PRINTABLE)
    starts_on: Day
    ends_on: Day
    value_pln: PLN
    instalments: list[InstalmentIn] = Field(..., max_length=contract_rules.MAX_INSTALMENTS)

    def terms(self) -> ComponentContractTerms:
        return ComponentContractTerms(
            number=self.number,
            signed_on=self.signed_on,
            ministry_representative=self.ministry_representative,
            provider_representative=self.provider_representative,
            starts_on=self.starts_on,
            ends_on=self.ends_on,
            value_pln=self.value_pln,
            instalments=tuple(
                InstalmentInput(i.due_on, i.amount_pln, i.is_advance) for i in self.instalments
            ),
        )


class LinkIn(Schema):
    contract: int = Field(..., ge=1, le=MAX_ID, description="The contract's id.")


class ItemContractOut(Schema):
    id: int
    item: int
    contract: int
    number: str
    gmina: str | None = Field(description="TERYT code; null for a component-level contract")
    value_pln: Decimal
    amount_eur: Decimal | None = Field(description="Committed against the component")
    rate: Decimal | None
    rate_table: str
    rate_on: dt.date | None

    @staticmethod
    def resolve_item(link: ItemContract) -> int:
        return link.item_id

    @staticmethod
    def resolve_contract(link: ItemContract) -> int:
        return link.contract_id

    @staticmethod
    def resolve_number(link: ItemContract) -> str:
        return link.contract.number

    @staticmethod
    def resolve_gmina(link: ItemContract) -> str | None:
        gmina = link.contract.gmina
        return gmina.teryt if gmina is not None else None

    @staticmethod
    def resolve_value_pln(link: ItemContract) -> Decimal:
        return link.contract.value_pln


class StepOut(Schema):
    step: str
    planned: dt.date | None
    actual: dt.date | None
    delay: int | None = Field(description="Days of delay (until today for a step not done).")


class LinkedContractOut(Schema):
    id: int
    number: str
    provider: str
    gmina: str = Field(description="The gmina's name; empty for a component-level contract")
    signed_on: dt.date
    status: str
    value_pln: Decimal
    amount_eur: Decimal | None

    @staticmethod
    def resolve_id(contract: Any) -> int:
        return int(contract.pk)


class ItemStatusOut(Schema):
    item: int
    component: str
    reference: str
    description: str
    method: str
    review: str
    estimated_cost_eur: Decimal
    status: str
    steps: list[StepOut]
    contracts: list[LinkedContractOut]
    contracted_pln: Decimal

    @staticmethod
    def resolve_item(row: Any) -> int:
        return int(row.item.pk)

    @staticmethod
    def resolve_component(row: Any) -> str:
        return str(row.item.component.code)

    @staticmethod
    def resolve_reference(row: Any) -> str:
        return str(row.item.reference)

    @staticmethod
    def resolve_description(row: Any) -> str:
        return str(row.item.description)

    @staticmethod
    def resolve_method(row: Any) -> str:
        return str(row.item.method)

    @staticmethod
    def resolve_review(row: Any) -> str:
        return str(row.item.review)

    @staticmethod
    def resolve_estimated_cost_eur(row: Any) -> Decimal:
        return Decimal(row.item.estimated_cost_eur)

    @staticmethod
    def resolve_status(row: Any) -> str:
        return str(row.item.status)


class TransferFilter(Schema):
    status: TransferRequest.Status | None = None


class TransferOut(Schema):
    id: int
    programme: str
    gmina: str = Field(description="TERYT code of the gmina.")
    gmina_name: str
    tranche: int = Field(description="The tranche's number in the gmina's schedule.")
    year: int
    amount_eur: Decimal
    status: TransferRequest.Status
    requested_by: str
    requested_at: dt.datetime
    decided_by: str
    decided_at: dt.datetime | None
    comment: str
    amount_pln: Decimal | None
    transferred_on: dt.date | None
    rate: Decimal | None
    rate_table_no: str
    eur_equivalent: Decimal | None

    @staticmethod
    def resolve_programme(r: TransferRequest) -> str:
        return r.programme.code

    @staticmethod
    def resolve_gmina(r: TransferRequest) -> str:
        return r.gmina.teryt

    @staticmethod
    def resolve_gmina_name(r: TransferRequest) -> str:
        return r.gmina.name

    @staticmethod
    def resolve_tranche(r: TransferRequest) -> int:
        return r.tranche.number

    @staticmethod
    def resolve_year(r: TransferRequest) -> int:
        return r.tranche.year

    @staticmethod
    def resolve_requested_by(r: TransferRequest) -> str:
        return r.requested_by_label

    @staticmethod
    def resolve_decided_by(r: TransferRequest) -> str:
        return r.decided_by_label

    @staticmethod
    def resolve_amount_pln(r: TransferRequest) -> Decimal | None:
        return r.tranche.amount_pln

    @staticmethod
    def resolve_transferred_on(r: TransferRequest) -> dt.date | None:
        return r.tranche.transferred_on

    @staticmethod
    def resolve_rate(r: TransferRequest) -> Decimal | None:
        return r.tranche.rate

    @staticmethod
    def resolve_rate_table_no(r: TransferRequest) -> str:
        return r.tranche.rate_table_no

    @staticmethod
    def resolve_eur_equivalent(r: TransferRequest) -> Decimal | None:
        return r.tranche.eur_equivalent


class TransferCreate(Schema):
    tranche: int = Field(..., ge=1, le=MAX_ID, description="The tranche's id.")


class RejectIn(Schema):
    comment: str = Field(..., max_length=rules.COMMENT_LENGTH)


class TransferredIn(Schema):
    amount_pln: Decimal = AMOUNT
    transferred_on: dt.date


class BalanceOut(Schema):
    teryt: str
    name: str
    allocated_eur: Decimal
    transferred_eur: Decimal
    to_transfer_eur: Decimal
    received_pln: Decimal
    received_eur: Decimal
    committed_pln: Decimal
    paid_pln: Decimal
    available_pln: Decimal


# Annual settlements and the financial reports ---------------------------------------------------

SettlementId = Path(..., ge=1, le=MAX_ID, description="The settlement's id.")
YEAR = Field(..., ge=rules.FIRST_YEAR, le=rules.LAST_YEAR)
TERYT_GMINA = Field(..., pattern=r"^[0-9]{7}$", description="TERYT code of the gmina.")


class SettlementFilter(Schema):
    status: str | None = Field(None, pattern=r"^(draft|submitted|returned|accepted)$")
    year: int | None = Field(None, ge=rules.FIRST_YEAR, le=rules.LAST_YEAR)


class LineFiguresOut(Schema):
    line: str
    received_eur: Decimal
    received_pln: Decimal
    spent_pln: Decimal
    spent_eur: Decimal
    rest_pln: Decimal


class ServiceFiguresOut(Schema):
    key: str
    title: str
    plan_year: int
    line: str
    groups: list[str]
    planned_pln: Decimal
    contracted_pln: Decimal
    spent_pln: Decimal
    spent_eur: Decimal


class GroupFiguresOut(Schema):
    group: str
    spent_pln: Decimal
    spent_eur: Decimal


class FiguresOut(Schema):
    year: int
    teryt: str
    opening_pln: Decimal
    received_pln: Decimal
    received_eur: Decimal
    exchange_eur: Decimal
    spent_pln: Decimal
    spent_eur: Decimal
    other_pln: Decimal
    closing_pln: Decimal
    closing_eur: Decimal
    average_rate: Decimal | None
    lines: list[LineFiguresOut]
    services: list[ServiceFiguresOut]
    groups: list[GroupFiguresOut]


class SettlementOut(Schema):
    id: int
    programme: str
    gmina: str = Field(description="TERYT code of the gmina.")
    gmina_name: str
    year: int
    status: str
    disposition: str
    explanation: str
    comment: str
    lock_version: int = Field(description="Send it back with PUT.")
    submitted_by: str
    submitted_at: dt.datetime | None
    decided_by: str
    decided_at: dt.datetime | None

    @staticmethod
    def resolve_programme(s: Any) -> str:
        return str(s.programme.code)

    @staticmethod
    def resolve_gmina(s: Any) -> str:
        return str(s.gmina.teryt)

    @staticmethod
    def resolve_gmina_name(s: Any) -> str:
        return str(s.gmina.name)

    @staticmethod
    def resolve_submitted_by(s: Any) -> str:
        return str(s.submitted_by_label)

    @staticmethod
    def resolve_decided_by(s: Any) -> str:
        return str(s.decided_by_label)


class SettlementDetailOut(SettlementOut):
    figures: FiguresOut = Field(description="Kept at acceptance; else the ledger's now.")

    @staticmethod
    def resolve_figures(s: Any) -> Any:
        return s.figures_shown


class SettlementCreate(Schema):
    programme: str = Field(..., max_length=20, pattern=PRINTABLE)
    gmina: str = TERYT_GMINA
    year: int = YEAR


class SettlementPut(Schema):
    disposition: str = Field(..., max_length=12)
    explanation: str = Field("", max_length=rules.SETTLEMENT_NOTE_LENGTH)
    lock_version: int = Field(..., ge=1, le=MAX_ID)

    def values(self) -> rules.SettlementInput:
        return rules.SettlementInput(disposition=self.disposition, explanation=self.explanation)


class ReturnIn(Schema):
    comment: str = Field(..., max_length=rules.COMMENT_LENGTH)


class InterimFilter(Schema):
    programme: str | None = PROGRAMME_CODE
    year: int = YEAR
    semester: int = Field(..., ge=1, le=2)


class PairOut(Schema):
    eur: Decimal
    pln: Decimal


class ReportLineOut(Schema):
    code: str
    name: str
    period: PairOut
    cumulative: PairOut
    budget_eur: Decimal | None


class RateUsedOut(Schema):
    day: dt.date
    what: str
    eur: Decimal
    pln: Decimal
    rate: Decimal
    table: str


class InterimOut(Schema):
    programme: str
    year: int
    semester: int
    starts_on: dt.date
    ends_on: dt.date
    opening: PairOut
    sources: list[ReportLineOut]
    uses: list[ReportLineOut]
    closing: PairOut
    rates: list[RateUsedOut]

    @staticmethod
    def resolve_programme(report: Any) -> str:
        return str(report.programme.code)


class ProgrammeReportFilter(Schema):
    programme: str | None = PROGRAMME_CODE
    until: dt.date


class RegionOut(Schema):
    teryt: str
    name: str
    allocated_eur: dict[str, Decimal]
    transferred_eur: dict[str, Decimal]
    received_pln: Decimal
    received_eur: Decimal
    committed_pln: Decimal
    paid_pln: Decimal
    available_pln: Decimal


class StatementFilter(Schema):
    programme: str | None = PROGRAMME_CODE
    gmina: str = TERYT_GMINA
    year: int = YEAR
