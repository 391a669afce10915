"""Fixtures of the benchmark tests: small-scale load data."""

import datetime as dt

import pytest

TODAY = dt.date(2026, 6, 15)


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "faults: fault scripts (own Redis/PostgreSQL/gunicorn); RUN_FAULT_TESTS=1"
    )


@pytest.fixture
def load_data(db):
    """Load data at a tiny scale (2 partnerships, 100 participants, 200 placements)."""
    from bench.generate import generate

    return generate(scale=0.002, seed=7, today=TODAY)
