"""Swedish labels of the published tables and charts (the engine's keys are not translated)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from reporting.indicators import DIMENSIONS

OUTCOME_LABELS = {
    "work": "Arbete",
    "studies": "Studier",
    "other_measure": "Annan insats",
    "completed": "Genomförd enligt plan",
    "interrupted": "Avbrott",
}
DIMENSION_TITLES = {
    "gender": "Deltagare efter kön",
    "age_band": "Deltagare efter ålder vid start",
    "education": "Deltagare efter utbildningsnivå",
    "support": "Deltagare efter försörjning",
}
GOAL_STATUS_LABELS = {
    "on_track": "I fas",
    "behind": "Efter",
    "ahead": "Före",
    "no_target": "Inget målvärde",
    "not_judged": "Bedöms senare",
    "no_data": "Inga godkända siffror",
}
# Tables about persons, placements and work training: not shown for a partnership without
# person-level data (reported figures only).
PERSON_TABLES = (
    "key_figures",
    "indicators",
    "indicators_by_gender",
    *(f"participants_{d}" for d in DIMENSIONS),
    "yearly",
    "occupancy",
    "end_reasons",
    "outcomes",
    "progression",
    "talks",
    "exit_followups",
)

# The indicators in a few words, for chart axes (the tables carry the agreement's full wording).
INDICATOR_SHORT_LABELS = {
    "trained": gettext_lazy("Arbetstränat"),
    "joint_followups": gettext_lazy("Två gemensamma uppföljningar"),
    "self_assessment": gettext_lazy("Självskattning start och slut"),
    "intro_exit": gettext_lazy("Introduktion och avslut"),
    "completed_plan": gettext_lazy("Fullföljt planen"),
}


BASIS_LABELS = {"year": "per år", "period": "per rapportperiod", "agreement": "för avtalsperioden"}
