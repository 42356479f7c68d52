from django.urls import path

from integra.core import views

app_name = "core"
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
]
