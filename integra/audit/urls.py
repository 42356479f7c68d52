"""Audit search and its export."""

from django.urls import path

from integra.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.event_list, name="event-list"),
    path("eksport.<str:fmt>", views.event_export, name="event-export"),
]
