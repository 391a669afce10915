"""Services of the partnership registry: every write goes through a function here.

Each service is keyword-only and typed, runs `full_clean()` before `save()` and works inside one
transaction, so a failed validation leaves nothing half-saved.
"""
