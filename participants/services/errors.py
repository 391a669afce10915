"""Codes of the ValidationErrors the participant services raise that views act on."""

from enum import StrEnum


class ErrorCode(StrEnum):
    # Someone else saved the placement after the form was opened (its `version` moved on).
    STALE = "stale"
    # One more placement would exceed the partnership's places at once on some day (platstak).
    CAPACITY = "capacity"
