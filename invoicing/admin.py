"""Read-only admin for invoices: the workflow runs through the product's pages and services."""

from django.contrib import admin

from .models import Invoice, InvoiceEvent, InvoiceLine, InvoiceNumberCounter, PartnerDocumentKind


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class LineInline(_ReadOnlyInline):
    model = InvoiceLine


class EventInline(_ReadOnlyInline):
    model = InvoiceEvent


@admin.register(Invoice)
class InvoiceAdmin(ReadOnlyAdmin):
    list_display = ["number", "kind", "seller", "partnership", "period_start", "status", "total"]
    list_filter = ["status", "kind", "budget_year"]
    inlines = [LineInline, EventInline]


@admin.register(InvoiceNumberCounter)
class CounterAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "last_number"]


@admin.register(PartnerDocumentKind)
class PartnerDocumentKindAdmin(admin.ModelAdmin):
    """The configurable list of documents the partner delivers yearly (three from a data migration)."""

    list_display = ["name", "code", "required", "position"]
    list_editable = ["required", "position"]
