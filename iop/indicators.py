"""Definitions of the five follow-up indicators of the reference agreement (seed 000 §4.3).

This module only names and describes them; reporting/ computes them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IndicatorCode(models.TextChoices):
    """The predefined, computable indicators; `custom` is a goal followed up by hand."""

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
    CUSTOM = "custom", _("Eget mål (följs upp manuellt)")


PREDEFINED = [c for c in IndicatorCode if c != IndicatorCode.CUSTOM]
