from django.urls import path

from integra.allocations import views, views_card

app_name = "allocations"
urlpatterns = [
    path("", views.run_list, name="run-list"),
    path("eksport.<str:fmt>", views.run_export, name="run-export"),
    path("<int:pk>/", views.run_detail, name="run-detail"),
    path("<int:pk>/eksport.<str:fmt>", views.run_results_export, name="run-results-export"),
    path("<int:pk>/publikacja/", views.run_publish, name="run-publish"),
    path("<int:a>/porownaj/<int:b>/", views.run_compare, name="run-compare"),
    path(
        "<int:a>/porownaj/<int:b>/gminy.<str:fmt>",
        views.compare_gminas_export,
        name="compare-gminas-export",
    ),
    path(
        "<int:a>/porownaj/<int:b>/wojewodztwa.<str:fmt>",
        views.compare_voivodeships_export,
        name="compare-voivodeships-export",
    ),
    path("gmina/<str:teryt>/", views_card.gmina_card, name="gmina-card"),
    path(
        "gmina/<str:teryt>/<str:code>/zmiana/", views_card.allocation_amend, name="allocation-amend"
    ),
    path("gmina/<str:teryt>/<str:code>/transze/", views_card.tranche_update, name="tranche-update"),
    path(
        "gmina/<str:teryt>/<str:code>/przekazanie/",
        views_card.tranche_transfer,
        name="tranche-transfer",
    ),
    path(
        "gmina/<str:teryt>/<str:code>/transze.<str:fmt>",
        views_card.tranche_export,
        name="tranche-export",
    ),
]
