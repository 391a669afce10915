from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "followup"
    verbose_name = _("Uppföljning")

    def ready(self) -> None:
        from followup.facts import refresh_placement_facts
        from followup.retention import anonymise_followup
        from participants.retention import register_retention_hook
        from participants.services.hooks import register_placement_changed_hook

        register_retention_hook(anonymise_followup)
        # The new placement gets its (empty) facts row in the same transaction.
        register_placement_changed_hook(refresh_placement_facts)
