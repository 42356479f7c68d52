"""Schemas of the finance API: the limits are the rules' constants, as on the pages."""

import datetime as dt
from decimal import Decimal

from ninja import Field, Path, Schema

from integra.core.api.schemas import MAX_ID, PRINTABLE
from integra.finance import rules
from integra.finance.models import Component, ProcurementItem, TransferRequest

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
