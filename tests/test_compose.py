"""docker-compose.yml is valid and describes the production-like stack (no Docker engine here)."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_it_has_the_five_services_with_healthchecks():
    services = _compose()["services"]
    assert set(services) == {"web", "worker", "beat", "db", "redis"}
    for name, service in services.items():
        assert "healthcheck" in service, name
        assert service["healthcheck"]["test"], name


def test_app_services_share_one_image_and_the_files_volume():
    services = _compose()["services"]
    images = {services[n]["image"] for n in ("web", "worker", "beat")}
    assert images == {"iop-admin:latest"}
    for name in ("web", "worker", "beat"):
        assert "files:/data/files" in services[name]["volumes"]
        assert services[name]["environment"]["DEBUG"] == "false"
        assert services[name]["depends_on"]["db"]["condition"] == "service_healthy"
    assert "files" in _compose()["volumes"]


def test_worker_and_beat_run_celery_with_the_database_scheduler():
    services = _compose()["services"]
    assert services["worker"]["command"].startswith("celery -A config worker")
    assert "django_celery_beat.schedulers:DatabaseScheduler" in services["beat"]["command"]
    assert "gunicorn config.wsgi" in services["web"]["command"]


def test_the_dockerfile_exists_and_serves_with_gunicorn():
    text = (ROOT / "Dockerfile").read_text()
    assert "gunicorn" in text and "constraints.txt" in text


def test_the_image_leaves_out_local_environments_databases_and_secrets():
    ignored = {line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()}
    assert {".venv", ".env", "db.sqlite3", "var", ".git"} <= ignored
