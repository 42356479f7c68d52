"""Root URL configuration: pages per app, the API, admin and the language switch."""

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from integra.api.router import api

urlpatterns = [
    path("", include("integra.dashboards.urls")),
    path("", include("integra.core.urls")),
    path("konto/", include("integra.accounts.urls")),
    path("terytorium/", include("integra.territories.urls")),
    path("audyt/", include("integra.audit.urls")),
    path("programy/", include("integra.programmes.urls")),
    path("alokacje/", include("integra.allocations.urls")),
    path("katalog/", include("integra.catalog.urls")),
    path("plany/strategie/", include("integra.strategies.urls")),
    path("plany/plany-dzialania/", include("integra.action_plans.urls")),
    path("uslugodawcy/", include("integra.providers.urls")),
    path("nabory/", include("integra.contracts.urls")),
    path("finanse/", include("integra.finance.urls")),
    path("monitoring/", include("integra.monitoring.urls")),
    path("wsparcie/", include("integra.outreach.urls")),
    path("api/v1/", api.urls),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]
