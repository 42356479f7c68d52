"""Schemas of the Action Plan API: what a request may carry (lengths, ranges and formats are
checked before any service runs) and how plans, versions, diffs and queues are shown."""

import datetime as dt
import uuid
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Path, Schema
from pydantic import StringConstraints, field_validator

from integra.action_plans import rules, selectors
from integra.action_plans.models import (
    ActionPlan,
    PlannedService,
    PlanVersion,
    PublicComment,
    ReviewComment,
)
from integra.catalog.models import ServiceType
from integra.core.api.schemas import MAX_ID, PRINTABLE, TEXT
from integra.programmes.models import Programme
from integra.territories.models import Territory

MAX_LOCK = 2**31 - 1
MAX_NUMBER = 32767
MAX_COUNT = 2**31 - 1
# Within DecimalField(18, 2).
MAX_PLN = Decimal("9999999999999999.99")
# Dates the plans may carry: the databases, Python and the rate look-up agree on these years.
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2199, 12, 31)
# The form of a quarter; whether it lies in the programme's period is the service's rule.
QUARTER = r"^(19|20|21)[0-9]{2}-Q[1-4]$"
PROGRAMME_CODE_LENGTH = Programme._meta.get_field("code").max_length
CODE_LENGTH = ServiceType._meta.get_field("code").max_length

PlanId = Path(..., ge=1, le=MAX_ID, description="Id of the Action Plan.")
VersionNumber = Path(..., ge=1, le=MAX_NUMBER, description="Number of the version, from 1.")
ConsultationKey = Path(..., description="Key of the public consultation.")
CatalogueCode = Annotated[str, StringConstraints(max_length=CODE_LENGTH, pattern=PRINTABLE)]
Quarter = Annotated[str, StringConstraints(pattern=QUARTER)]


def _line(max_length: int, description: str, default: Any = "") -> Any:
    return Field(default, max_length=max_length, pattern=PRINTABLE, description=description)


def _text(description: str, max_length: int, default: Any = "") -> Any:
    return Field(default, max_length=max_length, pattern=TEXT, description=description)


def _date(description: str) -> Any:
    return Field(..., ge=EARLIEST, le=LATEST, description=description)


# Schemas: input ---------------------------------------------------------------------------------


class PlanFilters(Schema):
    programme: str = Field(
        None, max_length=PROGRAMME_CODE_LENGTH, pattern=PRINTABLE, description="Programme code."
    )
    voivodeship: str = Field(
        None, pattern=r"^[0-9]{2}$", description="TERYT code of the voivodeship (2 digits)."
    )
    gmina: str = Field(None, pattern=r"^[0-9]{7}$", description="TERYT code of the gmina.")
    year: int = Field(None, ge=1900, le=2199, description="Year of the plan.")
    status: PlanVersion.Status = Field(None, description="Status of the newest version.")


class PlanIn(Schema):
    programme: str = Field(
        ..., max_length=PROGRAMME_CODE_LENGTH, pattern=PRINTABLE, description="Programme code."
    )
    gmina: str = Field(..., pattern=r"^[0-9]{7}$", description="TERYT code of the gmina.")
    year: int = Field(..., ge=1900, le=2199, description="Year of the plan.")
    as_of: dt.date = _date("Date the first version is as of (its EUR rate is of the day before).")


class ServiceIn(Schema):
    key: uuid.UUID | None = Field(
        None, description="The service's key from the version it comes from; none for a new one."
    )
    service_type: CatalogueCode = Field(..., description="Code of the catalogue's service type.")
    groups: list[CatalogueCode] = Field(..., max_length=50, description="Target group codes.")
    goal: int | None = Field(None, ge=1, le=MAX_ID, description="Id of the strategy goal.")
    for_disabled: bool = False
    title: str = _line(rules.SERVICE_TITLE_MAX, "Name of the service.", ...)
    description: str = _text("What the service is.", rules.DESCRIPTION_MAX)
    villages: str = _text("Where it is delivered.", rules.VILLAGES_MAX)
    quarters: list[Quarter] = Field(
        ..., max_length=64, description="Quarters of delivery, like 2007-Q1."
    )
    planned_beneficiaries: int = Field(..., ge=0, le=MAX_COUNT)
    planned_cost_pln: Decimal = Field(..., ge=0, le=MAX_PLN, decimal_places=2)
    provider_kind: PlannedService.ProviderKind
    non_duplication_declared: bool = Field(
        False, description="Declares the service does not duplicate ones paid from public funds."
    )
    non_duplication_justification: str = _text("Why it does not.", rules.JUSTIFICATION_MAX)


class VersionIn(Schema):
    """The whole content of a version; lock_version is the one the editor read."""

    lock_version: int = Field(..., ge=1, le=MAX_LOCK, description="The version's lock_version.")
    as_of: dt.date = _date("Date the version is as of; a new date takes that day's EUR rate.")
    strategy: int | None = Field(None, ge=1, le=MAX_ID, description="Id of the gmina's strategy.")
    gmina_address: str = _text("Address of the gmina office.", rules.ADDRESS_MAX)
    contact_name: str = _line(rules.CONTACT_NAME_MAX, "Contact person for the region.")
    contact_email: str = _line(rules.EMAIL_MAX, "Their e-mail address.")
    contact_phone: str = _line(rules.PHONE_MAX, "Their phone number.")
    diagnosis_summary: str = _text("Summary of the diagnosis per target group.", rules.SECTION_MAX)
    continuity: str = _text("How the services will continue.", rules.SECTION_MAX)
    consultation: str = _text("How the plan was consulted.", rules.SECTION_MAX)
    services: list[ServiceIn] = Field(
        [], max_length=rules.MAX_SERVICES, description="The planned services."
    )

    @field_validator("contact_email")
    @classmethod
    def _email(cls, value: str) -> str:
        if value:
            try:
                validate_email(value)
            except DjangoValidationError as invalid:
                raise ValueError(_("Enter a valid e-mail address.")) from invalid
        return value


class OpinionIn(Schema):
    recommendation: ReviewComment.Recommendation
    section: ReviewComment.Section = ReviewComment.Section.GENERAL
    text: str = _text("The opinion.", rules.COMMENT_MAX, ...)


class CommentIn(Schema):
    section: ReviewComment.Section
    text: str = _text("What must be corrected in the section.", rules.COMMENT_MAX, ...)


class ReturnIn(Schema):
    comments: list[CommentIn] = Field(
        ..., max_length=len(ReviewComment.Section), description="Comments per section."
    )


class ApprovalIn(Schema):
    letter_number: str = _line(rules.LETTER_NUMBER_MAX, "Number of the approval letter.", ...)
    letter_on: dt.date = _date("Date of the approval letter.")


class ConsultationIn(Schema):
    open: bool = Field(..., description="True opens a new public address, false closes it.")


class UpdateIn(Schema):
    as_of: dt.date = _date("Date the update is as of.")


class DiffQuery(Schema):
    a: int = Field(..., ge=1, le=MAX_NUMBER, description="Number of the earlier version.")
    b: int = Field(..., ge=1, le=MAX_NUMBER, description="Number of the later version.")


class PublicCommentIn(Schema):
    author_name: str = _line(rules.AUTHOR_NAME_MAX, "Name of the resident (optional).")
    text: str = _text("The comment.", rules.COMMENT_MAX, ...)


# Schemas: output --------------------------------------------------------------------------------


class UnitRef(Schema):
    teryt: str
    name: str


def _voivodeship(gmina: Territory) -> Territory | None:
    powiat = gmina.parent
    return powiat.parent if powiat else None


def _version_url(version: PlanVersion) -> str:
    return reverse(
        "api:action_plans_versions_detail",
        kwargs={"plan_id": version.plan_id, "number": version.number},
    )


class VersionSummary(Schema):
    number: int
    as_of: dt.date
    status: PlanVersion.Status
    status_label: str = Field(description="The status in words, in the language of the request.")
    is_editable: bool
    submitted_at: dt.datetime | None
    approved_at: dt.datetime | None
    approval_letter_number: str
    approval_letter_on: dt.date | None
    lock_version: int = Field(description="Send it back with PUT.")
    url: str = Field(description="Path of the version in this API.")

    @staticmethod
    def resolve_status_label(version: PlanVersion) -> str:
        return str(version.get_status_display())

    @staticmethod
    def resolve_url(version: PlanVersion) -> str:
        return _version_url(version)


class PlanItem(Schema):
    id: int
    programme: str = Field(description="Programme code.")
    gmina: UnitRef
    voivodeship: UnitRef | None
    year: int
    newest_version: int | None = Field(description="Number of the newest version.")
    status: PlanVersion.Status | None = Field(description="Status of the newest version.")
    created_at: dt.datetime
    url: str = Field(description="Path of the plan in this API.")

    @staticmethod
    def resolve_programme(plan: ActionPlan) -> str:
        return plan.programme.code

    @staticmethod
    def resolve_voivodeship(plan: ActionPlan) -> Territory | None:
        return _voivodeship(plan.gmina)

    @staticmethod
    def resolve_newest_version(plan: ActionPlan) -> int | None:
        newest = plan.versions.all()[:1]
        return newest[0].number if newest else None

    @staticmethod
    def resolve_status(plan: ActionPlan) -> str | None:
        newest = plan.versions.all()[:1]
        return newest[0].status if newest else None

    @staticmethod
    def resolve_url(plan: ActionPlan) -> str:
        return reverse("api:action_plans_detail", kwargs={"plan_id": plan.pk})


class PlanDetail(PlanItem):
    versions: list[VersionSummary] = Field(description="Newest first.")

    @staticmethod
    def resolve_versions(plan: ActionPlan) -> list[PlanVersion]:
        return list(plan.versions.all())


class RateOut(Schema):
    pln_per_eur: Decimal
    table_no: str
    table_on: dt.date | None
    source: str


class ServiceOut(Schema):
    key: uuid.UUID = Field(description="Stays the same across versions; send it back with PUT.")
    position: int
    service_type: str = Field(description="Code of the service type.")
    line: ServiceType.Line
    groups: list[str] = Field(description="Target group codes.")
    goal: int | None = Field(description="Id of the strategy goal.")
    goal_code: str | None = Field(description="Number of the strategy goal.")
    for_disabled: bool
    title: str
    description: str
    villages: str
    quarters: list[str]
    planned_beneficiaries: int
    planned_cost_pln: Decimal
    planned_cost_eur: Decimal | None = Field(description="At the version's rate.")
    provider_kind: PlannedService.ProviderKind
    non_duplication_declared: bool
    non_duplication_justification: str

    @staticmethod
    def resolve_service_type(service: PlannedService) -> str:
        return service.service_type.code

    @staticmethod
    def resolve_line(service: PlannedService) -> str:
        return service.service_type.line

    @staticmethod
    def resolve_groups(service: PlannedService) -> list[str]:
        return [group.code for group in service.groups.all()]

    @staticmethod
    def resolve_goal(service: PlannedService) -> int | None:
        return service.goal_id

    @staticmethod
    def resolve_goal_code(service: PlannedService) -> str | None:
        return service.goal.code if service.goal else None


class ReviewCommentOut(Schema):
    kind: ReviewComment.Kind
    section: ReviewComment.Section
    recommendation: str = Field(description="approve, return, or empty.")
    text: str
    author: str
    created_at: dt.datetime

    @staticmethod
    def resolve_author(comment: ReviewComment) -> str:
        return comment.author_label


class PublicCommentOut(Schema):
    author_name: str
    text: str
    created_at: dt.datetime


class BudgetRowOut(Schema):
    label: str
    services_eur: Decimal
    training_eur: Decimal
    total_eur: Decimal
    cost_pln: Decimal


class BudgetOut(Schema):
    years: list[BudgetRowOut] = Field(description="This plan and the other years' approved ones.")
    groups: list[BudgetRowOut] = Field(description="This version per target group.")
    total: BudgetRowOut
    allocation_services: Decimal | None = Field(description="None without a published allocation.")
    allocation_training: Decimal | None
    left_services: Decimal | None
    left_training: Decimal | None


class VersionDetail(VersionSummary):
    plan: int = Field(description="Id of the plan.")
    strategy: int | None = Field(description="Id of the gmina's strategy.")
    gmina_address: str
    contact_name: str
    contact_email: str
    contact_phone: str
    diagnosis_summary: str
    continuity: str
    consultation: str
    rate: RateOut | None = Field(description="The EUR rate of the version's equivalents.")
    consultation_key: uuid.UUID | None = Field(
        description="Key of the public consultation while it is open."
    )
    services: list[ServiceOut]
    comments: list[ReviewCommentOut]
    public_comments: list[PublicCommentOut]
    budget: BudgetOut

    @staticmethod
    def resolve_plan(version: PlanVersion) -> int:
        return version.plan_id

    @staticmethod
    def resolve_strategy(version: PlanVersion) -> int | None:
        return version.strategy_id

    @staticmethod
    def resolve_rate(version: PlanVersion) -> dict[str, Any] | None:
        if version.rate_pln_per_eur is None:
            return None
        return {
            "pln_per_eur": version.rate_pln_per_eur,
            "table_no": version.rate_table_no,
            "table_on": version.rate_table_on,
            "source": version.rate_source,
        }

    @staticmethod
    def resolve_consultation_key(version: PlanVersion) -> uuid.UUID | None:
        return version.public_key if version.is_editable else None

    @staticmethod
    def resolve_services(version: PlanVersion) -> list[PlannedService]:
        return list(version.services.all())

    @staticmethod
    def resolve_comments(version: PlanVersion) -> list[ReviewComment]:
        return list(version.comments.all())

    @staticmethod
    def resolve_public_comments(version: PlanVersion) -> list[PublicComment]:
        return list(version.public_comments.all())

    @staticmethod
    def resolve_budget(version: PlanVersion) -> dict[str, Any]:
        summary = selectors.budget_summary(version)
        return {
            "years": [_row(row) for row in summary.years],
            "groups": [_row(row) for row in summary.groups],
            "total": _row(summary.total),
            "allocation_services": summary.allocation_services,
            "allocation_training": summary.allocation_training,
            "left_services": summary.left_services,
            "left_training": summary.left_training,
        }


def _row(row: selectors.BudgetRow) -> dict[str, Any]:
    return {
        "label": row.label,
        "services_eur": row.services_eur,
        "training_eur": row.training_eur,
        "total_eur": row.total_eur,
        "cost_pln": row.cost_pln,
    }


Plain = str | bool | int | None


class FieldChangeOut(Schema):
    field: str
    before: Plain = Field(description="Amounts and dates as strings.")
    after: Plain


class ServiceChangeOut(Schema):
    title: str
    fields: list[FieldChangeOut] = Field(description="For a changed service: what changed.")
    cost_a_pln: Decimal
    cost_b_pln: Decimal
    difference_pln: Decimal


class DiffTotalsOut(Schema):
    a_pln: Decimal
    b_pln: Decimal
    a_eur: Decimal
    b_eur: Decimal
    difference_pln: Decimal
    difference_eur: Decimal


class DiffOut(Schema):
    a: int = Field(description="Number of the earlier version.")
    b: int = Field(description="Number of the later version.")
    added: list[ServiceChangeOut]
    removed: list[ServiceChangeOut]
    changed: list[ServiceChangeOut]
    sections: list[FieldChangeOut]
    totals: DiffTotalsOut


class QueueItemOut(Schema):
    plan: int = Field(description="Id of the plan.")
    version: int = Field(description="Number of the submitted version.")
    programme: str
    year: int
    gmina: UnitRef
    voivodeship: UnitRef | None
    submitted_at: dt.datetime | None
    days_waiting: int
    is_overdue: bool
    has_opinion: bool = Field(description="The consultant has given an opinion.")
    url: str = Field(description="Path of the version in this API.")

    @staticmethod
    def resolve_plan(item: selectors.QueueItem) -> int:
        return item.version.plan_id

    @staticmethod
    def resolve_version(item: selectors.QueueItem) -> int:
        return item.version.number

    @staticmethod
    def resolve_programme(item: selectors.QueueItem) -> str:
        return item.version.plan.programme.code

    @staticmethod
    def resolve_year(item: selectors.QueueItem) -> int:
        return item.version.plan.year

    @staticmethod
    def resolve_gmina(item: selectors.QueueItem) -> Territory:
        return item.version.plan.gmina

    @staticmethod
    def resolve_voivodeship(item: selectors.QueueItem) -> Territory | None:
        return _voivodeship(item.version.plan.gmina)

    @staticmethod
    def resolve_submitted_at(item: selectors.QueueItem) -> dt.datetime | None:
        return item.version.submitted_at

    @staticmethod
    def resolve_url(item: selectors.QueueItem) -> str:
        return _version_url(item.version)
