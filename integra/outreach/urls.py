from django.urls import path

from integra.outreach import views
from integra.outreach.views import practices

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
    path("eksperci/", views.request_list, name="request-list"),
    path("eksperci/eksport.<str:fmt>", views.request_export, name="request-export"),
    path("eksperci/nowa-prosba/", views.request_create, name="request-create"),
    path("eksperci/lista/", views.roster, name="roster"),
    path("eksperci/<int:pk>/", views.request_detail, name="request-detail"),
    path("eksperci/<int:pk>/przydzial/", views.request_assign, name="request-assign"),
    path("eksperci/<int:pk>/praca/", views.request_report, name="request-report"),
    path("eksperci/<int:pk>/produkty/", views.output_add, name="output-add"),
    path("produkty/<int:pk>/", views.output_download, name="output-download"),
    path("kampania/", views.event_list, name="event-list"),
    path("kampania/eksport.<str:fmt>", views.event_export, name="event-export"),
    path("kampania/nowe/", views.event_create, name="event-create"),
    path("kampania/<int:pk>/", views.event_detail, name="event-detail"),
    path("kampania/<int:pk>/materialy/", views.material_add, name="material-add"),
    path("materialy/<int:pk>/", views.material_download, name="material-download"),
    path("dobre-praktyki/", practices.practice_list, name="practice-list"),
    path("dobre-praktyki/eksport.<str:fmt>", practices.practice_export, name="practice-export"),
    path("dobre-praktyki/nowa/", practices.practice_create, name="practice-create"),
    path("dobre-praktyki/<int:pk>/", practices.practice_detail, name="practice-detail"),
    path("dobre-praktyki/<int:pk>/edycja/", practices.practice_edit, name="practice-edit"),
    path("dobre-praktyki/<int:pk>/zdjecia/", practices.photo_add, name="practice-photo-add"),
    path(
        "dobre-praktyki/<int:pk>/publikacja/", practices.practice_publish, name="practice-publish"
    ),
    path("dobre-praktyki/<int:pk>/odrzucenie/", practices.practice_reject, name="practice-reject"),
    path("zdjecia/<int:pk>/", practices.photo_download, name="practice-photo"),
    path("powiadomienia/", views.notification_list, name="notification-list"),
    path("powiadomienia/<int:pk>/", views.notification_open, name="notification-open"),
    path("powiadomienia/przeczytane/", views.notification_read_all, name="notification-read-all"),
]
