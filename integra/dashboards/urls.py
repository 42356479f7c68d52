from django.urls import path

from integra.dashboards import views

app_name = "dashboards"
urlpatterns = [
    path("", views.home, name="home"),
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
