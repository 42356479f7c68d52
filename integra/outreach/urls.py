from django.urls import path

from integra.outreach import views

app_name = "outreach"
urlpatterns = [
    path("szkolenia/", views.session_list, name="session-list"),
    path("szkolenia/eksport.<str:fmt>", views.session_export, name="session-export"),
    path("szkolenia/nowe/", views.session_create, name="session-create"),
    path("szkolenia/<int:pk>/", views.session_detail, name="session-detail"),
    path("szkolenia/<int:pk>/zgloszenie/", views.session_register, name="session-register"),
    path("szkolenia/<int:pk>/obecnosc/", views.session_attendance, name="session-attendance"),
    path(
        "szkolenia/<int:pk>/uczestnicy.<str:fmt>",
        views.registrations_export,
        name="registrations-export",
    ),
    path("zgloszenia/<int:pk>/wycofanie/", views.registration_cancel, name="registration-cancel"),
    path("zgloszenia/<int:pk>/zaswiadczenie.pdf", views.certificate, name="certificate"),
]
