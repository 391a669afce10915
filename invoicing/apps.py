from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvoicingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "invoicing"
    verbose_name = _("Fakturering")

    def ready(self) -> None:
        # A payment period that ended without an invoice, and a yearly partner document due or overdue,
        # are daily reminders.
        from followup.reminders import register_rule
        from invoicing.services import remind_partner_documents, remind_uninvoiced_periods

        register_rule(remind_uninvoiced_periods)
        register_rule(remind_partner_documents)
