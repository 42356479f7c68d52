"""Reads of provider reports: one report with its parts, and the overdue lists per gmina and
voivodeship; every read starts from `ProviderReport.objects.visible_to(user)`."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from integra.contracts.models import ProviderReport


def get_report(*, user: Any, report_id: int) -> ProviderReport:
    """One report with its contract, people reached, costs and documents;
    ProviderReport.DoesNotExist when absent or outside the user's sight alike."""
    report: ProviderReport = (
        ProviderReport.objects.visible_to(user)
        .select_related("contract__gmina", "contract__provider", "contract__offer", "submitted_by")
        .prefetch_related("reach__group", "costs__documents")
        .get(pk=report_id)
    )
    return report


def overdue_reports(
    *, user: Any, voivodeship: str | None = None, gmina: str | None = None
) -> QuerySet[ProviderReport]:
    """The overdue reports the user sees (not submitted after their due date), oldest first;
    narrowed to a voivodeship (2 digits) or a gmina (7)."""
    reports = (
        ProviderReport.objects.visible_to(user)
        .filter(overdue_since__isnull=False, status=ProviderReport.Status.DUE)
        .select_related("contract__gmina__parent__parent", "contract__provider")
    )
    if gmina:
        reports = reports.filter(contract__gmina__teryt=gmina)
    elif voivodeship:
        reports = reports.filter(contract__gmina__teryt__startswith=voivodeship)
    return reports.order_by("due_on", "pk")
