from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmark: load data at city scale and the measured targets (docs/bench.md). An app only so that
    `manage.py generate_load_data` is found; the product apps never import it."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "bench"
    verbose_name = "Benchmark"
