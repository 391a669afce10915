"""docker-compose.yml is valid and describes the production-like stack (no Docker engine here)."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


APP_SERVICES = ("web", "worker", "beat")


def test_it_has_the_services_with_healthchecks():
    services = _compose()["services"]
    assert set(services) == {"lb", "web", "worker", "beat", "db", "redis", "objectstore", "release"}
    for name, service in services.items():
        if name == "release":  # a one-shot step, not a running service
            assert service["restart"] == "no"
            continue
        assert "healthcheck" in service, name
        assert service["healthcheck"]["test"], name


def test_app_services_share_one_image_and_nothing_per_host():
    services = _compose()["services"]
    images = {services[n]["image"] for n in (*APP_SERVICES, "release")}
    assert images == {"iop-admin:latest"}
    for name in APP_SERVICES:
        service = services[name]
        assert service["environment"]["DEBUG"] == "false"
        assert service["depends_on"]["db"]["condition"] == "service_healthy"
        assert service["depends_on"]["objectstore"]["condition"] == "service_healthy"
        assert service["depends_on"]["release"]["condition"] == "service_completed_successfully"
        # Files in the object store, the cache in Redis: no volume of files on one host.
        assert not service.get("volumes"), name
        assert service["environment"]["OBJECT_STORE_ENDPOINT_URL"] == "http://objectstore:9000"
        assert service["environment"]["OBJECT_STORE_BUCKET"]
        assert service["environment"]["CACHE_URL"].startswith("redis://redis:")
    assert "MEDIA_ROOT" not in services["web"]["environment"]


def test_two_web_replicas_behind_the_load_balancer():
    services = _compose()["services"]
    assert services["web"]["deploy"]["replicas"] == 2
    # Only the load balancer is published; replicas cannot share a host port.
    assert "ports" not in services["web"]
    assert services["lb"]["ports"] == ["8000:80"]
    (mount,) = services["lb"]["volumes"]
    source = mount.split(":")[0]
    conf = (ROOT / source).read_text()
    assert "server web:8000" in conf and "proxy_pass http://iop_web" in conf
    assert "X-Forwarded-For" in conf and "X-Forwarded-Proto" in conf
    assert services["web"]["environment"]["TRUSTED_PROXY_COUNT"].startswith("${TRUSTED_PROXY_COUNT:-1}")


def test_the_object_store_is_s3_compatible_and_not_published():
    services = _compose()["services"]
    store = services["objectstore"]
    assert store["image"].startswith("minio/minio:")
    assert "ports" not in store
    assert "objectdata:/data" in store["volumes"]
    assert "objectdata" in _compose()["volumes"]
    # The app's keys are the store's root credentials; the secret has no default.
    app_env = services["web"]["environment"]
    assert store["environment"]["MINIO_ROOT_PASSWORD"] == app_env["OBJECT_STORE_SECRET_ACCESS_KEY"]
    assert app_env["OBJECT_STORE_SECRET_ACCESS_KEY"].startswith("${OBJECT_STORE_SECRET_ACCESS_KEY:?")
    assert "prepare_storage" in services["release"]["command"]
    assert "migrate" in services["release"]["command"]
    assert "migrate" not in services["web"]["command"]  # two replicas must not migrate at once


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
