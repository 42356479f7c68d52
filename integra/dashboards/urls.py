from django.urls import path

from integra.dashboards import views

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
]
