"""Pages of Action Plans, under /plany/plany-dzialania/."""

from django.urls import path

from integra.action_plans.views import plans, public, versions

VERSION = "<int:pk>/wersje/<int:number>/"

app_name = "action_plans"
urlpatterns = [
    path("", plans.plan_list, name="action-plan-list"),
    path("nowy/", plans.plan_new, name="action-plan-new"),
    path("eksport.<str:fmt>", plans.plan_export, name="action-plan-export"),
    path("kolejka/", plans.review_queue, name="review-queue"),
    path("kolejka/eksport.<str:fmt>", plans.review_queue_export, name="review-queue-export"),
    path("konsultacje/<uuid:key>/", public.public_consultation, name="public-consultation"),
    path("<int:pk>/", plans.plan_detail, name="action-plan-detail"),
    path("<int:pk>/aktualizacja/", plans.plan_update, name="action-plan-update"),
    path("<int:pk>/porownanie/", versions.version_diff, name="plan-version-diff"),
    path(VERSION, versions.version_detail, name="plan-version-detail"),
    path(f"{VERSION}edycja/", versions.version_edit, name="plan-version-edit"),
    path(f"{VERSION}edycja/wiersz/", versions.version_edit_row, name="plan-version-edit-row"),
    path(f"{VERSION}wyslanie/", versions.version_submit, name="plan-version-submit"),
    path(f"{VERSION}opinia/", versions.version_opinion, name="plan-version-opinion"),
    path(f"{VERSION}zwrot/", versions.version_return, name="plan-version-return"),
    path(f"{VERSION}zatwierdzenie/", versions.version_approve, name="plan-version-approve"),
    path(f"{VERSION}konsultacje/", versions.version_consultation, name="plan-version-consultation"),
    path(f"{VERSION}plan.pdf", versions.version_pdf, name="plan-version-pdf"),
    path(f"{VERSION}uslugi.xlsx", versions.version_xlsx, name="plan-version-xlsx"),
]
