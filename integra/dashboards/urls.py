from django.urls import path

from integra.dashboards import views
from integra.dashboards.views import public

app_name = "dashboards"
urlpatterns = [
    path("", views.home, name="home"),
    path("tablica/", views.board, name="board"),
    path("tablica/eksport.<str:fmt>", views.board_export, name="board-export"),
    path("programy/przeglad/", views.programme_list, name="programme-list"),
    path("programy/<str:code>/przeglad/", views.programme_overview, name="programme-overview"),
    path(
        "programy/<str:code>/przeglad/wojewodztwa.<str:fmt>",
        views.programme_overview_export,
        name="programme-overview-export",
    ),
    path("programy/<str:code>/mapa/", views.allocation_map, name="allocation-map"),
    path(
        "programy/<str:code>/mapa/dane.json", views.allocation_map_data, name="allocation-map-data"
    ),
    path(
        "programy/<str:code>/mapa/tabela.<str:fmt>",
        views.allocation_map_export,
        name="allocation-map-export",
    ),
    # The public pages and open data: no sign-in, no personal data (views/public.py).
    path("public/", public.home, name="public-home"),
    path("public/programmes/<str:code>/", public.programme, name="public-programme"),
    path("public/programmes/<str:code>/map/", public.programme_map, name="public-map"),
    path(
        "public/programmes/<str:code>/map/data.json",
        public.programme_map_data,
        name="public-map-data",
    ),
    path("public/gminas/<str:teryt>/", public.gmina, name="public-gmina"),
    path("public/events/", public.events, name="public-events"),
    path("public/practices/", public.practice_list, name="public-practice-list"),
    path(
        "public/practices/export.<str:fmt>", public.practice_export, name="public-practice-export"
    ),
    path("public/practices/<int:pk>/", public.practice_detail, name="public-practice-detail"),
    path("public/invitations/", public.invitations, name="public-invitations"),
    path("public/data/", public.data, name="public-data"),
    path(
        "public/data/<str:code>/allocations.json",
        public.allocations_json,
        name="public-allocations-json",
    ),
    path(
        "public/data/<str:code>/allocations.<str:fmt>",
        public.allocations_export,
        name="public-allocations-export",
    ),
    path(
        "public/data/<str:code>/contracts.json",
        public.contracts_json,
        name="public-contracts-json",
    ),
    path(
        "public/data/<str:code>/contracts.<str:fmt>",
        public.contracts_export,
        name="public-contracts-export",
    ),
    path("public/data/iati/<str:code>.xml", public.iati_file, name="public-iati"),
    # The indicator dashboards (monitoring's one computation; the API serves the same figures).
    path("wskazniki/", views.indicators_national, name="indicators-national"),
    path(
        "wskazniki/eksport.<str:fmt>",
        views.indicators_national_export,
        name="indicators-national-export",
    ),
    path(
        "wskazniki/wojewodztwa/<str:teryt>/",
        views.indicators_voivodeship,
        name="indicators-voivodeship",
    ),
    path(
        "wskazniki/wojewodztwa/<str:teryt>/eksport.<str:fmt>",
        views.indicators_voivodeship_export,
        name="indicators-voivodeship-export",
    ),
    path("wskazniki/gminy/<str:teryt>/", views.indicators_gmina, name="indicators-gmina"),
    path(
        "wskazniki/gminy/<str:teryt>/eksport.<str:fmt>",
        views.indicators_gmina_export,
        name="indicators-gmina-export",
    ),
]
