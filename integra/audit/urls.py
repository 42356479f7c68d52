"""Audit search and history pages."""

app_name = "audit"
urlpatterns: list = []
