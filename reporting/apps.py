from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reporting"
    verbose_name = _("Rapporter")

    def ready(self) -> None:
        # Registers the annual, quarterly and overview builders in REPORT_BUILDERS.
        from reporting import reports  # noqa: F401
