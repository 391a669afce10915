from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IopConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "iop"
    verbose_name = _("Partnerskap")
