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
        from reporting import reports  # noqa: F401
        from reporting.figure_services import remind_figures_due

        register_rule(remind_figures_due, name="remind_reported_figures")
