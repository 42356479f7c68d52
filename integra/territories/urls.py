from django.urls import path

from integra.territories import views

app_name = "territories"
urlpatterns = [
    path("", views.territory_list, name="territory-list"),
    path("mapa/", views.voivodeship_map, name="voivodeship-map"),
    # Before the unit page: "eksport.csv" is not a TERYT code.
    path("eksport.<str:fmt>", views.territory_export, name="territory-export"),
    path("<str:teryt>/", views.territory_detail, name="territory-detail"),
]
