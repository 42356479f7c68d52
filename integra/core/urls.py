from django.urls import path

from integra.core import views

app_name = "core"
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("zadania/<uuid:job_id>/", views.job_detail, name="job-detail"),
    path("zadania/<uuid:job_id>/plik", views.job_download, name="job-download"),
    path("zadania/<uuid:job_id>/ponow", views.job_retry, name="job-retry"),
]
