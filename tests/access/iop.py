"""Access rules of the iop app's URLs."""

from tests.access.matrix import everyone, row

MATRIX = {
    "home": everyone(200, superuser=200),
    "healthz": everyone(200, anon=200, superuser=200),
    "login": everyone(302, anon=200, superuser=302),
    "logout": everyone(405, superuser=405),  # POST only; GET is refused
    "password_change": everyone(200, superuser=200),
    "password_change_done": everyone(200, superuser=200),
    "iop:partnership_list": everyone(200),
    "iop:partnership_detail": everyone(200, kwargs=lambda w: {"pk": w.partnership.pk}),
    # Django's admin: its own staff check; our middleware only sends anonymous users to login.
    "admin:*": row(roles={}, default=302, superuser=200, anon=302),
}
