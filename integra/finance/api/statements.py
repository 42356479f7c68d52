"""API of bank statements: the statements and lines the caller may see, a statement imported
(its text in the body: MT940 of the ZBP variant or the documented CSV; 422 with every bad line
at `loc` [body, line, field]; the same text again changes nothing), and the review of a line
(match it to a payment, set it aside, reopen it). The pages' rules and rights: 404 outside
the scope, 403 for a role that may not import."""

import datetime as dt
from decimal import Decimal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.pagination import paginate

from integra.audit.services import RequestContext
from integra.core.api.pagination import PageNumberPagination
from integra.core.api.schemas import MAX_ID, PRINTABLE, caller
from integra.core.errors import Problem
from integra.finance import rules
from integra.finance.importers.statements import StatementRefused
from integra.finance.models import BankStatement, StatementLine
from integra.finance.selectors import statements as selectors
from integra.finance.services import statements as services
from integra.territories.models import Territory

router = Router(tags=["bank statements"])
lines_router = Router(tags=["bank statements"])

StatementId = Path(..., ge=1, le=MAX_ID, description="The statement's id.")
LineId = Path(..., ge=1, le=MAX_ID, description="The statement line's id.")
TERYT = Field(None, pattern=r"^[0-9]{1,7}$", description="A TERYT code or prefix.")


class StatementFilter(Schema):
    teryt: str | None = TERYT


class LineFilter(Schema):
    state: StatementLine.State | None = None


class StatementIn(Schema):
    gmina: str = Field(..., pattern=r"^[0-9]{7}$", description="TERYT code of the gmina.")
    format: BankStatement.Format
    file_name: str = Field(..., min_length=1, max_length=200, pattern=PRINTABLE)
    content: str = Field(
        ...,
        max_length=rules.STATEMENT_MAX_BYTES,
        description="The file's text (MT940 or CSV, docs/howto/bank-statements.md).",
    )
    account: str = Field(
        "", max_length=rules.ACCOUNT_LENGTH + 10, description="The account of a CSV file."
    )


class StatementOut(Schema):
    id: int
    gmina: str = Field(description="TERYT code of the gmina.")
    account: str
    currency: str
    format: BankStatement.Format
    number: str
    starts_on: dt.date
    ends_on: dt.date
    opening_balance: Decimal | None
    closing_balance: Decimal | None
    file_name: str
    file_digest: str
    imported_by: str = Field(alias="imported_by_label")
    imported_at: dt.datetime
    line_count: int
    matched_count: int
    unmatched_count: int

    @staticmethod
    def resolve_gmina(statement: BankStatement) -> str:
        return statement.gmina.teryt


class ImportOut(Schema):
    statement: StatementOut
    created: bool
    added: int
    skipped: int
    matched: int


class LineOut(Schema):
    id: int
    statement: int = Field(alias="statement_id")
    position: int
    file_line: int
    value_on: dt.date
    booked_on: dt.date | None
    amount: Decimal
    currency: str
    counterparty_account: str
    counterparty_name: str
    title: str
    bank_reference: str
    state: StatementLine.State
    payment: int | None = Field(alias="payment_id")
    decided_by: str = Field(alias="decided_by_label")
    decided_at: dt.datetime | None


class MatchIn(Schema):
    payment: int = Field(..., ge=1, le=MAX_ID, description="The payment the line confirms.")


@router.get("", response=list[StatementOut], summary="List bank statements")
@paginate(PageNumberPagination)
def bank_statements_list(
    request: HttpRequest, filters: Query[StatementFilter]
) -> QuerySet[BankStatement]:
    """The statements of the gminas in the caller's scope, newest first."""
    return selectors.list_statements(user=caller(request), teryt=filters.teryt)


@router.post("", response={200: ImportOut, 201: ImportOut}, summary="Import a bank statement")
def bank_statements_import(request: HttpRequest, data: StatementIn) -> Status:
    """201 with the new statement; 200 when the same text was imported before (nothing
    changed); 422 statement_invalid with every bad line; 404 for a gmina outside the scope."""
    gmina = Territory.objects.filter(teryt=data.gmina, level=Territory.Level.GMINA).first()
    if gmina is None:
        message = _("No such gmina.")
        raise StatementRefused("", [Problem(message, field="gmina")])
    result = services.import_statement(
        actor=caller(request),
        gmina=gmina,
        upload=services.StatementUpload(
            file_name=data.file_name,
            content=data.content.encode(),
            format=data.format,
            account=data.account,
        ),
        context=RequestContext.of(request),
    )
    statement = selectors.statement_for(user=caller(request), pk=result.statement.pk)
    body = {
        "statement": statement,
        "created": result.created,
        "added": result.added,
        "skipped": result.skipped,
        "matched": result.matched,
    }
    return Status(201 if result.created else 200, body)


@router.get("/{statement_id}", response=StatementOut, summary="A bank statement")
def bank_statements_detail(request: HttpRequest, statement_id: int = StatementId) -> BankStatement:
    return selectors.statement_for(user=caller(request), pk=statement_id)


@router.get(
    "/{statement_id}/lines", response=list[LineOut], summary="List the lines of a statement"
)
@paginate(PageNumberPagination)
def bank_statements_lines(
    request: HttpRequest, filters: Query[LineFilter], statement_id: int = StatementId
) -> QuerySet[StatementLine]:
    statement = selectors.statement_for(user=caller(request), pk=statement_id)
    return selectors.list_lines(user=caller(request), statement=statement, state=filters.state)


def _line(request: HttpRequest, line_id: int) -> StatementLine:
    return selectors.line_for(user=caller(request), pk=line_id)


@lines_router.post("/{line_id}/match", response=LineOut, summary="Match a line to a payment")
def statement_lines_match(request: HttpRequest, data: MatchIn, line_id: int = LineId) -> object:
    """422 at payment for a payment it cannot confirm; 409 when the line is matched already."""
    return services.match_line(
        actor=caller(request),
        line=_line(request, line_id),
        payment_id=data.payment,
        context=RequestContext.of(request),
    )


@lines_router.post("/{line_id}/set-aside", response=LineOut, summary="Set a line aside")
def statement_lines_set_aside(request: HttpRequest, line_id: int = LineId) -> object:
    """Not a payment to a provider; 409 unless the line is unmatched."""
    return services.set_aside_line(
        actor=caller(request), line=_line(request, line_id), context=RequestContext.of(request)
    )


@lines_router.post("/{line_id}/reopen", response=LineOut, summary="Reopen a decided line")
def statement_lines_reopen(request: HttpRequest, line_id: int = LineId) -> object:
    """The match or the setting aside undone; 409 when the line is unmatched already."""
    return services.reopen_line(
        actor=caller(request), line=_line(request, line_id), context=RequestContext.of(request)
    )
