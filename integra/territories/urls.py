from django.urls import path

from integra.territories import views

app_name = "territories"
urlpatterns = [
    path("", views.territory_list, name="territory-list"),
    path("mapa/", views.voivodeship_map, name="voivodeship-map"),
    path("<str:teryt>/", views.territory_detail, name="territory-detail"),
]
