from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IopConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "iop"
    verbose_name = _("Partnerskap")

    def ready(self) -> None:
        # Connects the login receiver (login time, two-factor state) before the first login.
        from iop import security  # noqa: F401
