from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_schedules(sender, *, apps=None, using: str = "default", **kwargs) -> None:
    """After every `migrate` (and `flush`): the periodic tasks of settings.PERIODIC_TASKS into
    django-celery-beat's tables, so that a task added to the settings is scheduled on the next deployment
    without a migration. `apps` is the migrated state's registry (none after a flush: the current one)."""
    from django.apps import apps as current_apps

    from iop.schedules import sync_periodic_tasks

    apps = apps or current_apps

    try:
        apps.get_model("django_celery_beat", "PeriodicTask")
    except LookupError:  # migrated back before django-celery-beat's tables
        return
    sync_periodic_tasks(apps, using=using)


class IopConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "iop"
    verbose_name = _("Partnerskap")

    def ready(self) -> None:
        # `security` connects the login receiver (login time, two-factor state) before the first login;
        # `checks` registers the deploy checks for running on several processes or hosts.
        from iop import checks, security  # noqa: F401

        post_migrate.connect(_sync_schedules, sender=self, dispatch_uid="iop-sync-periodic-tasks")
