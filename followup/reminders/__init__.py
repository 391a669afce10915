"""The daily reminder rules (påminnelser). One function per rule; each returns how many notifications
it created. Every notification carries a `dedupe_key`, so running the rules again the same day (or the
next day, while the situation is unchanged) creates nothing new. Texts contain no names or personal
identity numbers. A placement reminder names the participant by pseudonym (the one name every role
with access may see, and safe in the e-mailed digest); the link leads straight to the action (log the
talk, fill in the self-assessment, register consent), whose page checks access and shows the name.

Reminders close themselves: each rule collects the keys that are still due, and an open reminder of
the rule whose key is no longer due (the talk was held, the assessment saved, the placement ended) is
marked done. `refresh_placement` runs the placement rules for one placement right after a save, so
the reminder closes at once rather than on the next daily run.

Recipients:
- placement rules → the placement's supervisor (handledare) and the participant's case officer;
  consent and the follow-up after exit → the case officer only;
- partnership rules → every active IOP-samordnare; the steering-group rule also the users of the
  partnership's convening party (sammankallande part) holding the role styrgrupp or IOP-samordnare;
- uninvoiced payment periods → the non-profit party's ekonomi users (the invoicing app's rule), reported
  figures not submitted in time → the non-profit's staff (the reporting app's rule); both apps register
  their rule here (`register_rule`) from their AppConfig.ready.
"""

import datetime as dt
from collections.abc import Callable, Iterable

from followup.reminders.partnerships import (
    EXTENSION_WARNING_DAYS,
    coordinators,
    remind_extension_deadline,
    remind_steering_meetings,
)
from followup.reminders.placements import (
    END_ASSESSMENT_WINDOW_DAYS,
    EXIT_FOLLOWUP_WINDOW_DAYS,
    EXIT_WARNING_DAYS,
    PLACEMENT_RULES,
    START_ASSESSMENT_GRACE_DAYS,
    SUPERVISION_INTERVAL_DAYS,
    refresh_placement,
    remind_consent,
    remind_end_assessment,
    remind_exit_followup,
    remind_exit_meeting,
    remind_joint_followups,
    remind_start_assessment,
    remind_supervision_talk,
)

__all__ = [
    "END_ASSESSMENT_WINDOW_DAYS",
    "EXIT_FOLLOWUP_WINDOW_DAYS",
    "EXIT_WARNING_DAYS",
    "EXTENSION_WARNING_DAYS",
    "PLACEMENT_RULES",
    "START_ASSESSMENT_GRACE_DAYS",
    "SUPERVISION_INTERVAL_DAYS",
    "coordinators",
    "refresh_placement",
    "register_rule",
    "registered_rules",
    "remind_consent",
    "remind_end_assessment",
    "remind_exit_followup",
    "remind_exit_meeting",
    "remind_extension_deadline",
    "remind_joint_followups",
    "remind_start_assessment",
    "remind_steering_meetings",
    "remind_supervision_talk",
    "run_all",
]

# Every daily rule by name, in the order they run. Apps above followup (invoicing, reporting) add their
# own rules from their AppConfig.ready through `register_rule`, so this app imports none of them.
_RULES: dict[str, Callable[..., int]] = {}


def register_rule(rule: Callable[..., int], *, name: str | None = None) -> None:
    """Add a daily reminder rule: a function `rule(*, today) -> int` returning how many notifications it
    created. Registering the same name again replaces the rule."""
    _RULES[name or rule.__name__] = rule


def registered_rules() -> dict[str, Callable[..., int]]:
    return dict(_RULES)


for _rule in (*PLACEMENT_RULES, remind_extension_deadline, remind_steering_meetings):
    register_rule(_rule)


def run_all(*, today: dt.date, rules: Iterable[Callable[..., int]] | None = None) -> dict[str, int]:
    """Run every registered rule (or the given ones); returns created counts per rule name."""
    selected = registered_rules() if rules is None else {rule.__name__: rule for rule in rules}
    return {name: rule(today=today) for name, rule in selected.items()}
