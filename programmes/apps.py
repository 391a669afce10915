from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "programmes"
    verbose_name = _("Program med flera parter")

    def ready(self) -> None:
        from participants.retention import register_retention_hook, register_retention_keep_hook

        from .retention import anonymise_programmes, keep_enrolled

        register_retention_keep_hook(keep_enrolled)
        register_retention_hook(anonymise_programmes)
