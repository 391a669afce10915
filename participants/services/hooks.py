"""Hooks of higher apps that keep rows derived from placements (followup's per-placement facts).

participants may not import them (the apps are layered), so they register a function here in their
AppConfig.ready, as with `participants.retention.register_retention_hook`. It takes the ids of the
placements a service created or whose start date it set, and runs in that service's transaction.
Services that only move the end (extend, end) do not call it: the facts depend on the start date,
the talks and the self-assessments alone (followup.models.PlacementFacts says why).
"""

from collections.abc import Callable

PLACEMENT_CHANGED_HOOKS: list[Callable[[list[int]], None]] = []


def register_placement_changed_hook(hook: Callable[[list[int]], None]) -> None:
    if hook not in PLACEMENT_CHANGED_HOOKS:
        PLACEMENT_CHANGED_HOOKS.append(hook)


def placement_changed(placement_ids: list[int]) -> None:
    for hook in PLACEMENT_CHANGED_HOOKS:
        hook(placement_ids)
