"""The measures a goal (mål) can be followed up by: the five follow-up indicators of the reference
agreement (§4.3), a fixed list of other measures computed from person-level data, and a
figure reported by the partner per period.

This module only names and describes them; reporting/ computes them (docs/reporting.md, "Goals and
results", defines each measure).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IndicatorCode(models.TextChoices):
    """The measure of a goal: computed from person-level data, or `custom` = reported by the partner."""

    TRAINED = "trained", _("Antal deltagare som arbetstränat")
    JOINT_FOLLOWUPS = (
        "joint_followups",
        _("Antal som haft minst två uppföljningssamtal med både handledare och arbetsmarknadssekreterare"),
    )
    SELF_ASSESSMENT = (
        "self_assessment",
        _("Antal vars utveckling mätts med självskattning vid start och avslut"),
    )
    INTRO_EXIT = "intro_exit", _("Antal som haft introduktionssamtal och avslutningssamtal")
    COMPLETED_PLAN = "completed_plan", _("Antal som fullföljt arbetsträningen enligt sin individuella plan")
    STARTED = "started", _("Antal deltagare som påbörjat")
    ENDED = "ended", _("Antal deltagare som avslutat")
    OUTCOME = "outcome", _("Antal avslutade med ett visst utfall")
    OUTCOME_SHARE = "outcome_share", _("Andel i procent med ett visst utfall av en bas")
    OCCUPANCY = "occupancy", _("Genomsnittlig beläggning (platser i snitt)")
    CUSTOM = "custom", _("Rapporteras av partnern per period")


# The agreement's five indicators (§4.3), in their order.
PREDEFINED = [
    IndicatorCode.TRAINED,
    IndicatorCode.JOINT_FOLLOWUPS,
    IndicatorCode.SELF_ASSESSMENT,
    IndicatorCode.INTRO_EXIT,
    IndicatorCode.COMPLETED_PLAN,
]
# Every measure computed from person-level data.
COMPUTED = [c for c in IndicatorCode if c != IndicatorCode.CUSTOM]


class Outcome(models.TextChoices):
    """The outcome of an ended placement a goal counts (from the end reason's outcome)."""

    WORK = "work", _("Arbete")
    STUDIES = "studies", _("Studier")
    WORK_OR_STUDIES = "work_or_studies", _("Arbete eller studier")
    OTHER_MEASURE = "other_measure", _("Annan insats")
    COMPLETED = "completed", _("Fullföljt enligt plan")
    INTERRUPTED = "interrupted", _("Avbrutit")


# Outcomes a follow-up after exit can record (`followup.ExitFollowUp.situation`), so that a goal can
# count them "within N days of exit" or "still there at the 3/6-month follow-up".
FOLLOWED_UP_OUTCOMES = (Outcome.WORK, Outcome.STUDIES, Outcome.WORK_OR_STUDIES, Outcome.OTHER_MEASURE)


class ShareBase(models.TextChoices):
    """The base (denominator) of a share goal."""

    ENDED = "ended", _("av dem som avslutat")
    STARTED = "started", _("av dem som påbörjat")
    ACTIVE = "active", _("av alla deltagare under perioden")
