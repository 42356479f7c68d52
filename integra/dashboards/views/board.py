"""The consultant's portfolio board and its export (exactly the rows shown, in their order)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode

from integra.core.exports import export_response
from integra.dashboards import exports, rules
from integra.dashboards.forms import BoardForm
from integra.dashboards.policies import require_board_reader
from integra.dashboards.selectors import board as selectors


def load_board(request: HttpRequest) -> tuple[selectors.Board, BoardForm]:
    """The board the request asks for (programme, as of, sort), for the page and its export."""
    require_board_reader(request.user)
    programmes = selectors.board_programmes(user=request.user)
    form = BoardForm(request.GET, programmes=programmes, sorts=selectors.SORTS)
    choice = form.choice()
    programme = choice["programme"]
    board = selectors.portfolio_board(
        user=request.user,
        programme=programme,
        programmes=programmes,
        as_of=choice["as_of"] or selectors.default_as_of(programme),
        sort=choice["sort"],
        descending=choice["descending"],
    )
    return board, form


def _query(board: selectors.Board, **changes: str) -> str:
    values = {
        "programme": board.programme.code if board.programme else "",
        "as_of": board.as_of.isoformat(),
        "sort": board.sort,
        "order": "desc" if board.descending else "asc",
        **changes,
    }
    return urlencode(values)


def _headers(board: selectors.Board) -> list[dict[str, Any]]:
    """Each sortable column: its label, its sort link (the other direction when it is the sort
    now) and its aria-sort value."""
    headers = []
    for key in selectors.SORTS:
        current = board.sort == key
        order = "asc" if current and board.descending else "desc" if current else "asc"
        headers.append(
            {
                "key": key,
                "label": selectors.COLUMN_LABELS.get(key, ""),
                "href": "?" + _query(board, sort=key, order=order),
                "aria_sort": ("descending" if board.descending else "ascending")
                if current
                else "none",
            }
        )
    return headers


def board(request: HttpRequest) -> HttpResponse:
    found, form = load_board(request)
    context = {
        "board": found,
        "form": form,
        "headers": _headers(found),
        "query": _query(found),
        "legend": [(state, selectors.STATE_LABELS[state]) for state in rules.STATES],
        "counts": {column: found.counts(column) for column in selectors.COLUMNS},
        "rules": rules,
    }
    return render(request, "dashboards/board.html", context)


def board_export(request: HttpRequest, fmt: str) -> HttpResponse:
    found, _form = load_board(request)
    return export_response(exports.board_table(found), fmt)
