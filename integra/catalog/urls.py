from django.urls import path

from integra.catalog import views

app_name = "catalog"
urlpatterns = [
    path("", views.service_type_list, name="service-type-list"),
    path("eksport.<str:fmt>", views.service_type_export, name="service-type-export"),
    path("nowy/", views.service_type_create, name="service-type-create"),
    path("<str:code>/", views.service_type_detail, name="service-type-detail"),
    path("<str:code>/edycja/", views.service_type_edit, name="service-type-edit"),
    path("<str:code>/wycofanie/", views.service_type_retire, name="service-type-retire"),
    path("<str:code>/przywrocenie/", views.service_type_restore, name="service-type-restore"),
    path("<str:code>/usuniecie/", views.service_type_delete, name="service-type-delete"),
]
