"""The start page: what the system holds, and where each role goes next."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render

from integra.territories.selectors import territory_stats


@login_not_required
def home(request):
    stats = territory_stats()
    return render(
        request,
        "dashboards/home.html",
        {"stats": stats, "gmina_total": sum(stats["gminas"].values())},
    )
