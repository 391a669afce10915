"""Django admin for operators: inspect report jobs and generated files (read-only)."""

from django.contrib import admin

from reporting.models import GeneratedReport, ReportJob


@admin.register(ReportJob)
class ReportJobAdmin(admin.ModelAdmin):
    list_display = (
        "pk",
        "kind",
        "partnership",
        "state",
        "requested_by",
        "requested_at",
        "finished_at",
        "attempts",
    )
    list_filter = ("state", "kind")
    readonly_fields = [f.name for f in ReportJob._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(GeneratedReport)
class GeneratedReportAdmin(admin.ModelAdmin):
    list_display = ("filename", "kind", "version", "size", "created_at")
    list_filter = ("kind",)
    readonly_fields = [f.name for f in GeneratedReport._meta.fields]

    def has_add_permission(self, request):
        return False
