"""Pages of the territory browser (public reference data)."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import render

from integra.territories import selectors
from integra.territories.models import Territory


@login_not_required
def territory_list(request):
    units = selectors.list_territories(user=request.user, level="voivodeship")
    return render(request, "territories/territory_list.html", {"units": units})


@login_not_required
def territory_detail(request, teryt):
    try:
        unit = selectors.get_territory(user=request.user, teryt=teryt)
    except Territory.DoesNotExist as exc:
        raise Http404 from exc
    return render(request, "territories/territory_detail.html", {"unit": unit})


@login_not_required
def voivodeship_map(request):
    return render(request, "territories/voivodeship_map.html", {})
