"""Retention (gallring) in the programmes app, through participants.retention's hooks.

- Kept: a participant with a current enrolment, or one that ended after the cutoff, is not due: the last
  activity in a programme counts like the end of a placement.
- Redacted with the participant: the free text about the person (phase and activity talk notes, the
  handover note at exit, the joint coordinated plan's goal and efforts) becomes "Gallrad." and its change
  history is deleted. Dates, phases, activities, outcomes and situations are kept, so the programme's
  figures stay the same.
"""

import datetime as dt

from django.db.models import Q

from participants.retention import REDACTED

from .models import Enrolment, EnrolmentExit, JointPlan, ParticipationTalk, PhaseTalk


def keep_enrolled(participant_ids: list[int], cutoff: dt.date) -> set[int]:
    active = Enrolment.objects.filter(participant_id__in=participant_ids).filter(
        Q(end_date__isnull=True) | Q(end_date__gt=cutoff)
    )
    return set(active.values_list("participant_id", flat=True))


def anonymise_programmes(participant_ids: list[int], placement_ids: list[int]) -> None:
    enrolments = Enrolment.objects.filter(participant_id__in=participant_ids).values("pk")
    phase_talks = PhaseTalk.objects.filter(enrolment_phase__enrolment__in=enrolments)
    activity_talks = ParticipationTalk.objects.filter(participation__enrolment__in=enrolments)
    for talks in (phase_talks, activity_talks):
        ids = list(talks.values_list("pk", flat=True))
        talks.model.objects.filter(pk__in=ids).exclude(notes="").update(notes=REDACTED)
        talks.model.history.filter(id__in=ids).delete()
    exits = EnrolmentExit.objects.filter(enrolment__in=enrolments)
    exits.exclude(handover_note="").update(handover_note=REDACTED)
    EnrolmentExit.history.filter(enrolment_id__in=enrolments).delete()
    JointPlan.objects.filter(enrolment__in=enrolments).update(goal=REDACTED, note=REDACTED)
