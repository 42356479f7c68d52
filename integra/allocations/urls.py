from django.urls import path

from integra.allocations.views import card, runs

app_name = "allocations"
urlpatterns = [
    path("", runs.run_list, name="run-list"),
    path("eksport.<str:fmt>", runs.run_export, name="run-export"),
    path("<int:pk>/", runs.run_detail, name="run-detail"),
    path("<int:pk>/eksport.<str:fmt>", runs.run_results_export, name="run-results-export"),
    path("<int:pk>/publikacja/", runs.run_publish, name="run-publish"),
    path("<int:a>/porownaj/<int:b>/", runs.run_compare, name="run-compare"),
    path(
        "<int:a>/porownaj/<int:b>/gminy.<str:fmt>",
        runs.compare_gminas_export,
        name="compare-gminas-export",
    ),
    path(
        "<int:a>/porownaj/<int:b>/wojewodztwa.<str:fmt>",
        runs.compare_voivodeships_export,
        name="compare-voivodeships-export",
    ),
    path("gmina/<str:teryt>/", card.gmina_card, name="gmina-card"),
    path("gmina/<str:teryt>/<str:code>/zmiana/", card.allocation_amend, name="allocation-amend"),
    path("gmina/<str:teryt>/<str:code>/transze/", card.tranche_update, name="tranche-update"),
    path(
        "gmina/<str:teryt>/<str:code>/przekazanie/",
        card.tranche_transfer,
        name="tranche-transfer",
    ),
    path(
        "gmina/<str:teryt>/<str:code>/transze.<str:fmt>",
        card.tranche_export,
        name="tranche-export",
    ),
]
