"""The breakdown dimensions (gender, age band, education, support) and the distinct-participant
counter every figure of persons is made with."""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import get_language

from participants.models import EducationLevel, Gender, SupportKind

AGE_BANDS = ("15–24", "25–54", "55–64", "65+")
OUTCOMES = ("work", "studies", "other_measure", "completed", "interrupted")
DIMENSIONS = ("gender", "age_band", "education", "support")


def age_band(age: int) -> str:
    """The ESF project's age bands (younger participants count in the youngest band)."""
    if age < 25:
        return AGE_BANDS[0]
    if age < 55:
        return AGE_BANDS[1]
    if age < 65:
        return AGE_BANDS[2]
    return AGE_BANDS[3]


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def dimension_labels() -> dict[str, list[tuple[str, str]]]:
    """(key, Swedish label) per breakdown dimension, in display order (a fresh copy to change freely)."""
    return {dim: list(labels) for dim, labels in _dimension_labels(get_language()).items()}


@functools.lru_cache(maxsize=8)
def _dimension_labels(language: str | None) -> dict[str, tuple[tuple[str, str], ...]]:
    # Translated once per language: the presentation asks for them for every result it shows.
    return {
        "gender": tuple((str(k), str(v)) for k, v in Gender.choices),
        "age_band": tuple((b, b) for b in AGE_BANDS),
        "education": tuple((str(k), str(v)) for k, v in EducationLevel.choices),
        "support": tuple((str(k), str(v)) for k, v in SupportKind.choices),
    }


@dataclass
class Breakdown:
    """A count of distinct participants with its split by gender, age band, education and support."""

    total: int = 0
    gender: dict[str, int] = field(default_factory=dict)
    age_band: dict[str, int] = field(default_factory=dict)
    education: dict[str, int] = field(default_factory=dict)
    support: dict[str, int] = field(default_factory=dict)

    def copy(self) -> Breakdown:
        return Breakdown(
            self.total, dict(self.gender), dict(self.age_band), dict(self.education), dict(self.support)
        )


# The dimension keys a breakdown has, in display order (the labels are translated, the keys are not).
DIMENSION_KEYS: dict[str, tuple[str, ...]] = {
    "gender": tuple(str(k) for k in Gender.values),
    "age_band": AGE_BANDS,
    "education": tuple(str(k) for k in EducationLevel.values),
    "support": tuple(str(k) for k in SupportKind.values),
}


class DistinctCounter:
    """Distinct participants with their dimensions (a tuple in DIMENSIONS order), counted once each."""

    __slots__ = ("seen",)

    def __init__(self) -> None:
        self.seen: dict[int, tuple[str, ...]] = {}

    def add(self, participant_id: int, dims: tuple[str, ...]) -> None:
        self.seen.setdefault(participant_id, dims)

    def breakdown(self) -> Breakdown:
        # One count per combination of dimensions, then each dimension's margin (a value outside the
        # choices is left out, as before).
        combos = Counter(self.seen.values())
        b = Breakdown(total=len(self.seen))
        for i, (dim, keys) in enumerate(DIMENSION_KEYS.items()):
            counts = dict.fromkeys(keys, 0)
            for combo, n in combos.items():
                if combo[i] in counts:
                    counts[combo[i]] += n
            setattr(b, dim, counts)
        return b
