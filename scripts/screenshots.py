"""README screenshots: the start page of each role, "Mina deltagare" and the dashboard at 1280 and 360 px.

Run against the demo server (`manage.py runserver 127.0.0.1:8712` on a database with `seed_demo
--demo-users`):
    DEBUG=true python scripts/screenshots.py [out-dir] [page ...]
Uses Debian's chromium (/usr/bin/chromium, never a downloaded browser); signs in by writing a session for
each demo user in the same database.
"""

import os
import sys
from importlib import import_module

BASE = "http://127.0.0.1:8712"
CHROMIUM = "/usr/bin/chromium"


def main(out: str, only: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "true")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop
    sys.path.insert(0, ".")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from playwright.sync_api import sync_playwright

    from iop.models import Partnership, User
    from programmes.models import Enrolment

    def session_for(username: str) -> str:
        user = User.objects.get(username=username)
        store = import_module(settings.SESSION_ENGINE).SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "iop.auth.RoleLoadingBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.save()
        return store.session_key

    partnership = Partnership.objects.get(case_number="ASN-2024-1234")
    enrolment = Enrolment.objects.filter(process_leader__username="processledare").first()
    assert enrolment, "the demo has no enrolment of the process leader (seed_demo --demo-users)"
    programme = enrolment.partnership
    pages = [
        ("start_samordnare", "samordnare", "/"),
        ("start_handledare", "handledare", "/"),
        ("start_ams", "ams", "/"),
        ("start_attestant", "attestant", "/"),
        ("start_ekonomi", "ekonomi", "/"),
        ("start_styrgrupp", "styrgrupp", "/"),
        ("mina_deltagare", "handledare", "/uppfoljning/"),
        ("dashboard", "styrgrupp", f"/rapporter/partnerskap/{partnership.pk}/?year=2025"),
        ("participants_occupancy", "samordnare", f"/deltagare/belaggning/{partnership.pk}/"),
        ("programme_overview", "samordnare", f"/program/{programme.pk}/"),
        ("programme_team", "processledare", f"/program/team/{enrolment.team_id}/"),
        ("programme_enrolment", "processledare", f"/program/inskrivning/{enrolment.pk}/"),
        ("programme_plan", "processledare", f"/program/inskrivning/{enrolment.pk}/plan/"),
        ("programme_time", "processledare", f"/program/team/{enrolment.team_id}/tidrapporter/2026/11/"),
        ("programme_staff_time", "processledare", f"/program/team/{enrolment.team_id}/personaltid/2026/12/"),
        ("programme_esf_entry", "processledare", f"/program/inskrivning/{enrolment.pk}/esf/"),
        ("programme_esf_export", "samordnare", f"/program/{programme.pk}/esf-export/"),
        ("esf_budget", "samordnare", f"/fakturor/partnerskap/{programme.pk}/esf-budget/"),
        ("programme_exit", "processledare", f"/program/inskrivning/{enrolment.pk}/utskrivning/"),
        ("risk_register", "samordnare", f"/partnerskap/{programme.pk}/risker/"),
    ]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for name, user, path in pages:
            if only and name not in only:
                continue
            for width in (1280, 360):
                context = browser.new_context(viewport={"width": width, "height": 900})
                context.add_cookies(
                    [{"name": settings.SESSION_COOKIE_NAME, "value": session_for(user), "url": BASE}]
                )
                page = context.new_page()
                response = page.goto(BASE + path)
                sys.stdout.write(f"{name} {width} {response.status if response else '?'}\n")
                # The dashboard is ~9 000 px long: its top (contents and first section) is the picture.
                page.screenshot(path=f"{out}/{name}_{width}.png", full_page=name != "dashboard")
                context.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots", sys.argv[2:])
