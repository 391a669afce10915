"""The view-test modules' dates hold for the whole run, even one that passes midnight."""

import datetime as dt

from django.utils import timezone

TODAY = dt.date(2024, 2, 29)  # another day than the real one: what an import before midnight would hold


def test_a_test_runs_on_the_day_its_module_took_as_today():
    assert timezone.localdate() == TODAY
    assert dt.date.today() == TODAY
