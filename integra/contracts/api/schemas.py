"""Schemas of the procurement API: the limits are the rules' constants, as on the pages."""

import datetime as dt
import uuid
from decimal import Decimal
from typing import Annotated, Any

from ninja import Field, Path, Schema
from pydantic import AwareDatetime

from integra.contracts import rules
from integra.contracts.models import (
    CommitteeMember,
    Contract,
    MeetingAttendance,
    Offer,
    ProcurementRound,
    ProviderReport,
)
from integra.core.api.schemas import MAX_ID, PRINTABLE, TEXT
from integra.core.money import MAX_AMOUNT
from integra.core.periods import EARLIEST_DATE, LATEST_DATE
from integra.providers import rules as provider_rules

Id = Path(..., ge=1, le=MAX_ID)
MAX_LOCK = 2**31 - 1
Amount = Annotated[Decimal, Field(ge=0, le=MAX_AMOUNT, decimal_places=2)]
Day = Annotated[dt.date, Field(ge=EARLIEST_DATE, le=LATEST_DATE)]
Moment = Annotated[
    AwareDatetime, Field(description="With its time zone, e.g. 2008-05-15T12:00:00+02:00.")
]
GroupCode = Annotated[str, Field(pattern=r"^[A-Z]{2}$", description="Target group code (OS, DM…).")]
People = Annotated[int, Field(ge=0, le=rules.MAX_PEOPLE)]


def line(limit: int, default: Any = ..., description: str = "") -> Any:
    return Field(default, max_length=limit, pattern=PRINTABLE, description=description)


def text(limit: int, default: Any = "", description: str = "") -> Any:
    return Field(default, max_length=limit, pattern=TEXT, description=description)


def lock() -> Any:
    return Field(
        ..., ge=0, le=MAX_LOCK, description="The lock_version as last read: 409 when stale."
    )


# Rounds ---------------------------------------------------------------------------------------


class CriterionIn(Schema):
    name: str = line(rules.NAME_MAX)
    weight: int = Field(..., ge=0, le=1000)
    description: str = text(rules.SHORT_TEXT_MAX)


class RoundIn(Schema):
    plan: int = Field(..., ge=1, le=MAX_ID, description="The Action Plan's id.")
    title: str = line(rules.TITLE_MAX)
    deadline_at: Moment
    meeting_at: Moment
    meeting_place: str = line(rules.PLACE_MAX)
    services: list[uuid.UUID] = Field(
        ...,
        max_length=rules.MAX_ROUND_SERVICES,
        description="Keys of planned services of the approved version.",
    )
    criteria: list[CriterionIn] = Field(..., max_length=rules.MAX_CRITERIA)
    invitation: str = text(rules.TEXT_MAX)

    def values(self) -> rules.RoundInput:
        return rules.RoundInput(
            title=self.title,
            deadline_at=self.deadline_at,
            meeting_at=self.meeting_at,
            meeting_place=self.meeting_place,
            service_keys=tuple(self.services),
            criteria=tuple(
                rules.CriterionInput(c.name, c.weight, c.description) for c in self.criteria
            ),
            invitation=self.invitation,
        )


class RoundServiceOut(Schema):
    id: int
    service_key: uuid.UUID
    title: str
    budget_pln: Decimal


class CriterionOut(Schema):
    id: int
    name: str
    weight: int


class RoundOut(Schema):
    id: int
    number: int
    title: str
    gmina: str
    status: ProcurementRound.Status
    deadline_at: dt.datetime
    meeting_at: dt.datetime
    meeting_place: str
    lock_version: int

    @staticmethod
    def resolve_gmina(round_: ProcurementRound) -> str:
        return round_.gmina.teryt


class RoundDetail(RoundOut):
    invitation: str
    services: list[RoundServiceOut]
    criteria: list[CriterionOut]

    @staticmethod
    def resolve_services(round_: ProcurementRound) -> list[Any]:
        return list(round_.services.all())

    @staticmethod
    def resolve_criteria(round_: ProcurementRound) -> list[Any]:
        return list(round_.criteria.all())


class RoundFilters(Schema):
    status: ProcurementRound.Status | None = None
    gmina: str | None = Field(None, pattern=r"^[0-9]{7}$")
    voivodeship: str | None = Field(None, pattern=r"^[0-9]{2}$")


class ReasonIn(Schema):
    reason: str = text(rules.SHORT_TEXT_MAX)


# The committee and the information meeting's attendance -----------------------------------------


class MemberIn(Schema):
    name: str = line(rules.NAME_MAX)
    role: CommitteeMember.Role = CommitteeMember.Role.MEMBER


class CommitteeIn(Schema):
    members: list[MemberIn] = Field(
        ..., max_length=rules.MAX_COMMITTEE, description="The whole committee, one chair."
    )


class MemberOut(Schema):
    id: int
    name: str
    role: CommitteeMember.Role
    impartiality_declared_on: dt.date | None
    has_declared: bool


class DeclarationIn(Schema):
    declared_on: Day


class AttendanceIn(Schema):
    identifier: str = line(
        provider_rules.IDENTIFIER_INPUT_LENGTH,
        description="The provider's NIP, REGON or KRS (it must be in the register).",
    )
    representative: str = line(rules.NAME_MAX, "")


class AttendanceOut(Schema):
    provider: int
    provider_name: str
    representative: str
    recorded_at: dt.datetime

    @staticmethod
    def resolve_provider(row: MeetingAttendance) -> int:
        return row.provider_id

    @staticmethod
    def resolve_provider_name(row: MeetingAttendance) -> str:
        return row.provider.name


# Offers ---------------------------------------------------------------------------------------


class GroupIn(Schema):
    group: GroupCode
    people: People
    characteristics: str = text(rules.SHORT_TEXT_MAX)


class ActionIn(Schema):
    description: str = line(rules.TITLE_MAX)
    quarters: list[Annotated[str, Field(max_length=7)]] = Field(..., max_length=40)


class CostLineIn(Schema):
    name: str = line(rules.NAME_MAX)
    amount_pln: Amount


class OfferPartsIn(Schema):
    """The technical and financial parts of an offer."""

    actions: str = text(rules.TEXT_MAX)
    expected_results: str = text(rules.TEXT_MAX)
    groups: list[GroupIn] = Field(..., max_length=rules.MAX_OFFER_ROWS)
    schedule: list[ActionIn] = Field(..., max_length=rules.MAX_OFFER_ROWS)
    cost_lines: list[CostLineIn] = Field(..., max_length=rules.MAX_OFFER_ROWS)
    has_partnership: bool = False
    non_duplication_declared: bool = False
    non_duplication_statement: str = text(rules.SHORT_TEXT_MAX)


class OfferIn(OfferPartsIn):
    round: int = Field(..., ge=1, le=MAX_ID)
    lot: int = Field(..., ge=1, le=MAX_ID, description="The id of the round's service.")
    provider: int = Field(..., ge=1, le=MAX_ID, description="Your organisation's id.")
    lock_version: int | None = Field(
        None,
        ge=0,
        le=MAX_LOCK,
        description="Your current offer's, to replace it (it is kept as replaced).",
    )


class ReplacementIn(OfferPartsIn):
    lock_version: int = lock()
    received_at: Moment | None = Field(
        None, description="On paper (the coordinator): when the new offer was received."
    )


class WithdrawIn(Schema):
    lock_version: int = lock()
    received_at: Moment | None = Field(
        None, description="On paper (the coordinator): when the withdrawal was received."
    )


class OfferOut(Schema):
    id: int
    round: int
    lot: int
    provider: int
    channel: Offer.Channel
    status: Offer.Status
    received_at: dt.datetime
    total_pln: Decimal
    absent_from_meeting: bool
    formally_valid: bool | None
    formal_reasons: str
    score: Decimal | None
    rank: int | None
    withdrawn_at: dt.datetime | None
    replaced_by: int | None
    lock_version: int

    @staticmethod
    def resolve_replaced_by(offer: Offer) -> int | None:
        return offer.replaced_by_id

    @staticmethod
    def resolve_round(offer: Offer) -> int:
        return offer.round_id

    @staticmethod
    def resolve_lot(offer: Offer) -> int:
        return offer.lot_id

    @staticmethod
    def resolve_provider(offer: Offer) -> int:
        return offer.provider_id


class OfferFilters(Schema):
    round: int | None = Field(None, ge=1, le=MAX_ID)
    status: Offer.Status | None = None


class CheckIn(Schema):
    valid: bool
    reasons: str = text(rules.SHORT_TEXT_MAX)


class ScoresIn(Schema):
    member: int = Field(..., ge=1, le=MAX_ID, description="The committee member's id.")
    points: dict[
        Annotated[str, Field(pattern=r"^[0-9]{1,18}$")],
        Annotated[int, Field(ge=0, le=rules.MAX_POINTS)],
    ] = Field(..., description="Points per criterion id.")


# Contracts ------------------------------------------------------------------------------------


class ShareIn(Schema):
    service_key: uuid.UUID
    amount_pln: Amount


class InstalmentIn(Schema):
    due_on: Day
    amount_pln: Amount
    is_advance: bool = False


class BeneficiariesIn(Schema):
    group: GroupCode
    people: People


class ReportDueIn(Schema):
    kind: ProviderReport.Kind
    due_on: Day


class TermsIn(Schema):
    kind: Contract.Kind
    number: str = line(rules.NUMBER_MAX)
    signed_on: Day
    gmina_representative: str = line(rules.NAME_MAX)
    provider_representative: str = line(rules.NAME_MAX)
    starts_on: Day
    ends_on: Day
    value_pln: Amount
    shares: list[ShareIn] = Field(..., max_length=rules.MAX_ROUND_SERVICES)
    instalments: list[InstalmentIn] = Field(..., max_length=rules.MAX_INSTALMENTS)
    beneficiaries: list[BeneficiariesIn] = Field(..., max_length=rules.MAX_OFFER_ROWS)
    reports: list[ReportDueIn] = Field(..., max_length=rules.MAX_INSTALMENTS)


class ContractIn(Schema):
    offer: int | None = Field(None, ge=1, le=MAX_ID, description="The selected offer; or:")
    failed_round: int | None = Field(None, ge=1, le=MAX_ID, description="A failed round, with")
    provider: int | None = Field(None, ge=1, le=MAX_ID, description="the provider chosen, and")
    justification: str = text(rules.TEXT_MAX, description="the justification.")
    terms: TermsIn


class AnnexIn(Schema):
    terms: TermsIn
    reason: str = text(rules.SHORT_TEXT_MAX)
    lock_version: int = lock()


class TerminationIn(Schema):
    terminated_on: Day
    reason: str = text(rules.SHORT_TEXT_MAX)


class ContractOut(Schema):
    id: int
    number: str
    kind: Contract.Kind
    gmina: str | None = Field(description="TERYT code; null for a component-level contract")
    provider: int
    offer: int | None
    status: Contract.Status
    signed_on: dt.date
    starts_on: dt.date
    ends_on: dt.date
    value_pln: Decimal
    lock_version: int

    @staticmethod
    def resolve_gmina(contract: Contract) -> str | None:
        return contract.gmina.teryt if contract.gmina is not None else None

    @staticmethod
    def resolve_provider(contract: Contract) -> int:
        return contract.provider_id

    @staticmethod
    def resolve_offer(contract: Contract) -> int | None:
        return contract.offer_id


class AnnexOut(Schema):
    id: int
    number: int
    reason: str
    changes: dict[str, Any]
    value_before_pln: Decimal
    value_after_pln: Decimal


class ContractFilters(Schema):
    status: Contract.Status | None = None
    gmina: str | None = Field(None, pattern=r"^[0-9]{7}$")
    voivodeship: str | None = Field(None, pattern=r"^[0-9]{2}$")
    provider_kind: str | None = Field(None, max_length=24, pattern=r"^[a-z_]+$")
    value_from: Amount | None = None
    value_to: Amount | None = None
    period_from: Day | None = None
    period_until: Day | None = None


# Provider reports -----------------------------------------------------------------------------


class ReachIn(Schema):
    group: GroupCode
    sex: str = Field(..., pattern=r"^[fm]$")
    age_band: str = Field(..., pattern=r"^(0_6|7_17|18_59_64|60_65_plus)$")
    people: People


class CostIn(Schema):
    name: str = line(rules.NAME_MAX)
    budget_pln: Amount
    spent_pln: Amount


class DocumentIn(Schema):
    cost: int = Field(..., ge=0, le=rules.MAX_OFFER_ROWS, description="Index of its cost line.")
    number: str = line(rules.NUMBER_MAX)
    issued_on: Day
    issuer: str = line(rules.NAME_MAX)
    amount_pln: Amount
    eligible_pln: Amount


class ReportIn(Schema):
    actions_done: str = text(rules.TEXT_MAX)
    results: str = text(rules.TEXT_MAX)
    reach: list[ReachIn] = Field(..., max_length=200)
    costs: list[CostIn] = Field(..., max_length=rules.MAX_OFFER_ROWS)
    documents: list[DocumentIn] = Field([], max_length=rules.MAX_DOCUMENTS)
    lock_version: int = lock()


class ReportOut(Schema):
    id: int
    contract: int
    kind: ProviderReport.Kind
    number: int
    due_on: dt.date
    status: ProviderReport.Status
    overdue_since: dt.date | None
    return_comment: str
    lock_version: int

    @staticmethod
    def resolve_contract(report: ProviderReport) -> int:
        return report.contract_id


class ReportFilters(Schema):
    status: ProviderReport.Status | None = None
    overdue: bool | None = None
    contract: int | None = Field(None, ge=1, le=MAX_ID)


class CommentIn(Schema):
    comment: str = text(rules.SHORT_TEXT_MAX)
