"""The one sweep that counts occupied places per day (capacity rule, occupancy page and indicator engine)."""

import datetime as dt

from participants.occupancy import occupied_per_day

D = dt.date


def test_a_placement_occupies_its_place_from_start_through_end_clipped_to_the_window():
    spans = {1: (D(2025, 1, 3), D(2025, 1, 5)), 2: (D(2024, 12, 1), D(2025, 1, 2))}
    assert occupied_per_day(spans, [], D(2025, 1, 1), D(2025, 1, 6)) == [1, 1, 1, 1, 1, 0]


def test_a_freeing_pause_frees_the_place_only_within_the_placement_and_an_open_pause_runs_to_its_end():
    spans = {1: (D(2025, 1, 1), D(2025, 1, 10))}
    pauses = [(1, D(2025, 1, 3), D(2025, 1, 4)), (1, D(2025, 1, 9), None)]
    assert occupied_per_day(spans, pauses, D(2025, 1, 1), D(2025, 1, 10)) == [1, 1, 0, 0, 1, 1, 1, 1, 0, 0]


def test_no_placements_means_no_place_taken():
    assert occupied_per_day({}, [], D(2025, 1, 1), D(2025, 1, 3)) == [0, 0, 0]
