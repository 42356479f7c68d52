from django.urls import path

from integra.providers import views

app_name = "providers"
urlpatterns = [
    path("", views.provider_list, name="provider-list"),
    path("eksport.<str:fmt>", views.provider_export, name="provider-export"),
    path("nowy/", views.provider_create, name="provider-create"),
    path("<int:pk>/", views.provider_detail, name="provider-detail"),
    path("<int:pk>/edycja/", views.provider_edit, name="provider-edit"),
    path("<int:pk>/scalenie/", views.provider_merge, name="provider-merge"),
    path("<int:pk>/zaproszenie/", views.provider_invite, name="provider-invite"),
]
