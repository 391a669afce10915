"""`python manage.py seed_demo`: idempotent demo data for every app.

Each app may have a `demo.py` with `seed(*, demo_users: bool)`; they run in app order.
"""

import importlib

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand

from iop.demo import DEMO_PASSWORD, DEMO_USERS, EXTRA_SUPERVISORS


class Command(BaseCommand):
    help = "Skapar demodata (idempotent). Demoanvändare skapas bara med DEBUG på eller --demo-users."

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo-users", action="store_true", help="Skapa demoanvändare även när DEBUG är av."
        )

    def handle(self, *args, **options):
        demo_users = bool(options["demo_users"] or settings.DEBUG)
        for app in ("iop", "participants", "followup", "programmes", "invoicing", "reporting"):
            if not apps.is_installed(app):
                continue
            try:
                module = importlib.import_module(f"{app}.demo")
            except ModuleNotFoundError as exc:
                if exc.name == f"{app}.demo":
                    continue
                raise
            module.seed(demo_users=demo_users)
            self.stdout.write(f"  demodata: {app}")
        self.stdout.write(self.style.SUCCESS("Demodata klar."))
        if demo_users:
            self.stdout.write(f"Demoinloggningar (lösenord: {DEMO_PASSWORD}):")
            for username, (_first, _last, role, _org) in DEMO_USERS.items():
                self.stdout.write(f"  {username:<14} {role.label}")
            for username in EXTRA_SUPERVISORS:
                self.stdout.write(f"  {username:<14} Handledare")
            self.stdout.write(f"  {'admin':<14} superanvändare (Django-admin)")
