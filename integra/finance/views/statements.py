"""Bank statements: the list with its export, the upload, a statement with its lines, and the
review of unmatched lines (match one to a payment by hand, set it aside, or reopen a decided
line)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from integra.audit.services import RequestContext
from integra.core.errors import DomainError
from integra.core.exports import export_response
from integra.core.forms import show_refusal
from integra.finance import exports
from integra.finance.forms import BankStatementForm, LineMatchForm
from integra.finance.models import BankStatement, StatementLine
from integra.finance.policies import (
    STATEMENT_IMPORTERS,
    can_import_statement,
    can_open_statements,
)
from integra.finance.selectors import statements as selectors
from integra.finance.services import statements as services
from integra.territories.models import Territory

REVIEW_LIMIT = 200


def _require_statements(request: HttpRequest) -> None:
    if not can_open_statements(request.user):
        raise PermissionDenied(_("Only users of the programme with a role see bank statements."))


def _teryt(request: HttpRequest) -> str:
    return "".join(ch for ch in request.GET.get("teryt", "") if ch.isdigit())[:7]


def _importing_gminas(user: Any) -> list[Territory]:
    prefixes = user.scope_prefixes(STATEMENT_IMPORTERS)
    if not prefixes:
        return []
    from integra.core.scope import prefix_q

    gminas = Territory.objects.filter(
        prefix_q("teryt", prefixes), level=Territory.Level.GMINA, retired_on__isnull=True
    ).order_by("teryt")
    return [gmina for gmina in gminas if can_import_statement(user, gmina)]


def statement_list(request: HttpRequest) -> HttpResponse:
    """The statements of the user's gminas, newest first, with their matched and unmatched
    lines; the upload and the review for those who import."""
    _require_statements(request)
    teryt = _teryt(request)
    return render(
        request,
        "finance/statements.html",
        {
            "rows": selectors.list_statements(user=request.user, teryt=teryt or None)[:200],
            "teryt": teryt,
            "may_import": bool(request.user.scope_prefixes(STATEMENT_IMPORTERS)),  # type: ignore[union-attr]
            "to_review": selectors.lines_to_review(user=request.user).count(),
            "query": request.GET.urlencode(),
        },
    )


def statement_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """Every line of the listed statements (the list's filter), as CSV or XLSX."""
    _require_statements(request)
    lines = selectors.list_lines(user=request.user, teryt=_teryt(request) or None)
    return export_response(exports.statement_lines_table(list(lines)), fmt)


def statement_upload(request: HttpRequest) -> HttpResponse:
    """Import a statement file of a gmina (all or nothing: every bad line at the file)."""
    _require_statements(request)
    gminas = _importing_gminas(request.user)
    if not gminas:
        raise PermissionDenied(_("Only a gmina's coordinator or regional finance imports."))
    form = BankStatementForm(request.POST or None, request.FILES or None, gminas=gminas)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.import_statement(
                actor=request.user,
                gmina=form.chosen_gmina(),
                upload=form.upload(),
                context=RequestContext.of(request),
            )
        except DomainError as refusal:
            form.show(refusal)
        else:
            if result.created:
                messages.success(
                    request,
                    _(
                        "The statement was imported: %(added)s new lines, %(matched)s matched "
                        "to payments, %(skipped)s imported before."
                    )
                    % {"added": result.added, "matched": result.matched, "skipped": result.skipped},
                )
            else:
                messages.info(request, _("This file was imported before; nothing changed."))
            return redirect("finance:statement", pk=result.statement.pk)
    status = 422 if request.method == "POST" else 200
    return render(request, "finance/statement_upload.html", {"form": form}, status=status)


def statement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A statement with its lines, each with its state and the payment it confirms."""
    _require_statements(request)
    try:
        statement = selectors.statement_for(user=request.user, pk=pk)
    except BankStatement.DoesNotExist as exc:
        raise Http404(_("No such statement.")) from exc
    lines = selectors.list_lines(user=request.user, statement=statement)
    return render(
        request,
        "finance/statement.html",
        {
            "statement": statement,
            "rows": _rows(request, lines),
            "may_review": can_import_statement(request.user, statement.gmina),
        },
    )


def _rows(
    request: HttpRequest, lines: Any, forms: dict[int, LineMatchForm] | None = None
) -> list[dict[str, Any]]:
    forms = forms or {}
    lines = list(lines)
    may = {line.pk: can_import_statement(request.user, line.statement.gmina) for line in lines}
    open_lines = [
        line
        for line in lines
        if may[line.pk] and line.state != StatementLine.State.MATCHED and not line.payment_id
    ]
    options = selectors.payments_for_lines(line for line in open_lines if line.pk not in forms)
    forms = {
        line.pk: forms.get(line.pk)
        or LineMatchForm(prefix=f"l{line.pk}", payments=options[line.pk])
        for line in open_lines
    }
    return [
        {"line": line, "may_review": may[line.pk], "form": forms.get(line.pk)} for line in lines
    ]


def statement_review(request: HttpRequest) -> HttpResponse:
    """The unmatched lines of the user's statements, oldest first, each to match or set aside."""
    _require_statements(request)
    return _review(request)


def _review(
    request: HttpRequest, forms: dict[int, LineMatchForm] | None = None, status: int = 200
) -> HttpResponse:
    teryt = _teryt(request)
    lines = selectors.lines_to_review(user=request.user, teryt=teryt or None)[:REVIEW_LIMIT]
    return render(
        request,
        "finance/statement_review.html",
        {"rows": _rows(request, lines, forms), "teryt": teryt, "limit": REVIEW_LIMIT},
        status=status,
    )


def _line(request: HttpRequest, pk: int) -> StatementLine:
    try:
        line = selectors.line_for(user=request.user, pk=pk)
    except StatementLine.DoesNotExist as exc:
        raise Http404(_("No such line.")) from exc
    if not can_import_statement(request.user, line.statement.gmina):
        raise PermissionDenied(_("You may not review this gmina's statements."))
    return line


def _back(request: HttpRequest, line: StatementLine) -> HttpResponse:
    if request.POST.get("back") == "statement":
        return redirect("finance:statement", pk=line.statement_id)
    return redirect("finance:statement-review")


def _row_fragment(
    request: HttpRequest, line: StatementLine, note: str, form: LineMatchForm | None = None
) -> HttpResponse:
    """htmx: the decided line's row, swapped in place, and the note for the live region. An
    error comes back in the row too (200: htmx swaps only successful answers)."""
    fresh = selectors.line_for(user=request.user, pk=line.pk)
    if form is not None:
        # The row is new to the page: focus goes back to the field that holds the error.
        form.fields["payment"].widget.attrs["autofocus"] = True
    row = _rows(request, [fresh], {fresh.pk: form} if form is not None else None)[0]
    context = {
        "row": row,
        "review": request.POST.get("back") != "statement",
        "note": note,
        "focus": True,
    }
    response = render(request, "finance/_statement_line.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_POST
def line_match(request: HttpRequest, pk: int) -> HttpResponse:
    line = _line(request, pk)
    form = LineMatchForm(
        request.POST, prefix=f"l{line.pk}", payments=selectors.payments_for_line(line)
    )
    if form.is_valid():
        try:
            services.match_line(
                actor=request.user,
                line=line,
                payment_id=form.cleaned_data["payment"],
                context=RequestContext.of(request),
            )
        except DomainError as refusal:
            show_refusal(form, refusal)
        else:
            done = _("The line was matched to the payment.")
            if request.htmx:
                return _row_fragment(request, line, done)
            messages.success(request, done)
            return _back(request, line)
    if request.htmx:
        return _row_fragment(request, line, _("The line was not matched."), form)
    return _review(request, {line.pk: form}, status=422)


def _decide(request: HttpRequest, pk: int, call: Any, done: str) -> HttpResponse:
    line = _line(request, pk)
    try:
        call(actor=request.user, line=line, context=RequestContext.of(request))
    except DomainError as refusal:
        if request.htmx:
            return _row_fragment(request, line, refusal.message)
        messages.error(request, refusal.message)
    else:
        if request.htmx:
            return _row_fragment(request, line, done)
        messages.success(request, done)
    return _back(request, line)


@require_POST
def line_set_aside(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(
        request, pk, services.set_aside_line, _("The line was set aside: not a payment.")
    )


@require_POST
def line_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, services.reopen_line, _("The line is back in the review."))
