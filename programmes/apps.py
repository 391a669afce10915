from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "programmes"
    verbose_name = _("Program med flera parter")

    def ready(self) -> None:
        from followup.reminders import register_rule
        from participants.retention import register_retention_hook, register_retention_keep_hook

        from .reminders import remind_programme_talks_and_plans
        from .retention import anonymise_programmes, keep_enrolled

        # Talks that open a phase or an activity, and the joint plan, are daily reminders.
        register_rule(remind_programme_talks_and_plans)

        register_retention_keep_hook(keep_enrolled)
        register_retention_hook(anonymise_programmes)
