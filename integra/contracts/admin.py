"""The read-only admin of procurement, contracts and reports (core.admin makes it read-only)."""

from django.contrib import admin

from integra.contracts import models


@admin.register(models.ProcurementRound)
class ProcurementRoundAdmin(admin.ModelAdmin):
    list_display = ("number", "title", "gmina", "programme", "status", "deadline_at")
    list_filter = ("status", "programme")
    search_fields = ("title", "gmina__name", "gmina__teryt")


@admin.register(models.Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ("round", "lot", "provider", "channel", "status", "total_pln", "score", "rank")
    list_filter = ("status", "channel")
    search_fields = ("provider__name", "round__title")


@admin.register(models.Contract)
class ContractAdmin(admin.ModelAdmin):
    list_display = ("number", "gmina", "provider", "kind", "value_pln", "status", "signed_on")
    list_filter = ("status", "kind", "programme")
    search_fields = ("number", "provider__name", "gmina__name")


@admin.register(models.ContractAmendment)
class ContractAmendmentAdmin(admin.ModelAdmin):
    list_display = ("contract", "number", "signed_on", "value_before_pln", "value_after_pln")


@admin.register(models.ProviderReport)
class ProviderReportAdmin(admin.ModelAdmin):
    list_display = ("contract", "kind", "number", "due_on", "status", "overdue_since")
    list_filter = ("status", "kind")


@admin.register(models.ContractSettings)
class ContractSettingsAdmin(admin.ModelAdmin):
    list_display = ("programme", "advance_max_percent")
