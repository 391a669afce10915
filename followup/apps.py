from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "followup"
    verbose_name = _("Uppföljning")

    def ready(self) -> None:
        from followup.retention import anonymise_followup
        from participants.retention import register_retention_hook

        register_retention_hook(anonymise_followup)
