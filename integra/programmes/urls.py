from django.urls import path

from integra.programmes import views

app_name = "programmes"
urlpatterns = [
    path(
        "porozumienia/<int:pk>/dokument/",
        views.agreement_document,
        name="agreement-document",
    ),
]
