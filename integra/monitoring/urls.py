from django.urls import path

from integra.monitoring import views

app_name = "monitoring"
urlpatterns = [
    path("sprawozdania/", views.report_list, name="report-list"),
    path("sprawozdania/eksport.<str:fmt>", views.report_export, name="report-export"),
    path("sprawozdania/nowe/", views.report_create, name="report-create"),
    path("sprawozdania/<int:pk>/", views.report_detail, name="report-detail"),
    path("sprawozdania/<int:pk>/opis/", views.report_edit, name="report-edit"),
    path("sprawozdania/<int:pk>/zloz/", views.report_submit, name="report-submit"),
    path("sprawozdania/<int:pk>/przyjmij/", views.report_accept, name="report-accept"),
    path("sprawozdania/<int:pk>/zwroc/", views.report_return, name="report-return"),
    path("raporty/", views.programme_report, name="programme-report"),
    path("cele/", views.target_list, name="target-list"),
    path("cele/eksport.<str:fmt>", views.target_export, name="target-export"),
    path("cele/ustaw/", views.target_edit, name="target-edit"),
    path("wartosci/", views.value_list, name="value-list"),
    path("wartosci/eksport.<str:fmt>", views.value_export, name="value-export"),
    path("wartosci/wprowadz/", views.value_edit, name="value-edit"),
]
