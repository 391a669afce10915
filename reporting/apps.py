from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reporting"
    verbose_name = _("Rapporter")

    def ready(self) -> None:
        # Registers the annual, quarterly and overview builders in REPORT_BUILDERS.
        # Reported figures not submitted in time are one of the daily reminders.
        from followup.reminders import register_rule
        from reporting import partner_deliveries, quarterly_risks, reports  # noqa: F401 - register builders and sources
        from reporting.figure_services import remind_figures_due
        from reporting.narratives import remind_progress_due

        register_rule(remind_figures_due, name="remind_reported_figures")

        # The export views of the lower apps queue their jobs here (iop.export_jobs).
        from iop.export_jobs import register_export_starter
        from reporting.exports.services import start_export

        register_export_starter(start_export)
        register_rule(remind_progress_due, name="remind_progress_due")
