"""System checks for running on several processes or hosts (`manage.py check --deploy`, docs/deployment.md)."""

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register

PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)
PER_HOST_SESSIONS = ("django.contrib.sessions.backends.file",)


@register(Tags.caches, deploy=True)
def shared_state(app_configs=None, **kwargs) -> list[CheckMessage]:
    """Warn when something a request leaves behind would stay in one process or on one host."""
    found: list[CheckMessage] = []
    per_process_cache = settings.CACHES["default"]["BACKEND"] in PER_PROCESS_CACHES
    if per_process_cache:
        found.append(
            Warning(
                "The cache is kept per process, so several web processes do not share it.",
                hint="Set CACHE_URL=redis://… (docs/deployment.md).",
                id="iop.W001",
            )
        )
    if settings.SESSION_ENGINE in PER_HOST_SESSIONS or (
        per_process_cache and settings.SESSION_ENGINE == "django.contrib.sessions.backends.cache"
    ):
        found.append(
            Warning(
                "Sessions are kept where another host cannot read them.",
                hint="Keep the database sessions of config/settings.py.",
                id="iop.W002",
            )
        )
    return found
