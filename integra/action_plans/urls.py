"""Pages of Action Plans, under /plany/plany-dzialania/."""

from django.urls import path

from integra.action_plans.views import plans as views

VERSION = "<int:pk>/wersje/<int:number>/"

app_name = "action_plans"
urlpatterns = [
    path("", views.plan_list, name="action-plan-list"),
    path("eksport.<str:fmt>", views.plan_export, name="action-plan-export"),
    path("kolejka/", views.review_queue, name="review-queue"),
    path("kolejka/eksport.<str:fmt>", views.review_queue_export, name="review-queue-export"),
    path("konsultacje/<uuid:key>/", views.public_consultation, name="public-consultation"),
    path("<int:pk>/", views.plan_detail, name="action-plan-detail"),
    path("<int:pk>/aktualizacja/", views.plan_update, name="action-plan-update"),
    path("<int:pk>/porownanie/", views.version_diff, name="plan-version-diff"),
    path(VERSION, views.version_detail, name="plan-version-detail"),
    path(f"{VERSION}edycja/", views.version_edit, name="plan-version-edit"),
    path(f"{VERSION}wyslanie/", views.version_submit, name="plan-version-submit"),
    path(f"{VERSION}opinia/", views.version_opinion, name="plan-version-opinion"),
    path(f"{VERSION}zwrot/", views.version_return, name="plan-version-return"),
    path(f"{VERSION}zatwierdzenie/", views.version_approve, name="plan-version-approve"),
    path(f"{VERSION}konsultacje/", views.version_consultation, name="plan-version-consultation"),
    path(f"{VERSION}plan.pdf", views.version_pdf, name="plan-version-pdf"),
    path(f"{VERSION}uslugi.xlsx", views.version_xlsx, name="plan-version-xlsx"),
]
