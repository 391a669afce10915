"""Admin: only the end-reason code table. No personal data is exposed through Django's admin."""

from django.contrib import admin

from participants.models import EndReason


@admin.register(EndReason)
class EndReasonAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "outcome", "counts_as_completed_plan", "is_interruption", "active"]
    list_editable = ["active"]
    ordering = ["sort_order", "name"]
