"""Gunicorn settings, read by every `gunicorn config.wsgi` started in the project folder (Dockerfile,
docker-compose.yml, the benchmark's load phase, the fault scripts). Command-line flags still win."""

import gc


def post_worker_init(worker):
    """Freeze what loading the application created (Django, the URL conf, templates, translations):
    the collector then never walks those objects again, so the full collections that a busy worker
    runs every few requests cost what the requests created, not the whole application."""
    gc.freeze()
    worker.log.info("gc: %s objects frozen after loading the application", gc.get_freeze_count())


# No personal data in gunicorn's own logs: access log without query strings, personnummer masked in the
# access and error logs (iop/gunicorn_logging.py). The Dockerfile and docker-compose.yml rely on this.
logger_class = "iop.gunicorn_logging.PrivacyLogger"
