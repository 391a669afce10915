"""The IOP administration system: project configuration and the partnership registry."""

from .celery import app as celery_app

__all__ = ("celery_app",)
