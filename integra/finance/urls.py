from django.urls import path

from integra.finance import views

app_name = "finance"
urlpatterns = [
    path("komponenty/", views.components, name="components"),
    path("komponenty/plan-zamowien.<str:fmt>", views.procurement_export, name="procurement-export"),
]
