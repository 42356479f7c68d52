"""Each role's home page: its work."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from integra.dashboards import selectors
from integra.dashboards.policies import can_view_board


@login_not_required
def home(request: HttpRequest) -> HttpResponse:
    """Each role's work first (dashboards.selectors.home); a visitor the public links."""
    if not request.user.is_authenticated:
        return render(request, "dashboards/home.html", {"home": None})
    work = selectors.home_for(user=request.user)
    for path in work.gminas:
        for stage in path.plans:
            stage.draft_href = new_plan_href(path.programme, path.gmina, stage.year)
    context = {"home": work, "has_board": can_view_board(request.user)}
    return render(request, "dashboards/home.html", context)


def new_plan_href(programme: Any, gmina: Any, year: int) -> str:
    """The new-plan page pre-filled for the programme, gmina and year."""
    new_plan = reverse("action_plans:action-plan-new")
    query = urlencode({"programme": programme.code, "gmina": gmina.teryt, "year": year})
    return f"{new_plan}?{query}"
