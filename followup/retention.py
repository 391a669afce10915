"""Retention (gallring) of the follow-up app's free text, run by participants.retention.

Talks, self-assessments and exit follow-ups keep their dates, kinds, presence flags, scores and
situations (the indicators need them); their free text and change history are removed.
"""

from django.db.models import Q

from followup.models import ExitFollowUp, SelfAssessment, Talk
from followup.models.talk import EXIT_FIELDS, SUPERVISION_FIELDS
from participants.retention import REDACTED

# The talk's free text: the common notes and every kind's own text fields.
TALK_TEXT_FIELDS = ["others", "notes", "next_steps", *SUPERVISION_FIELDS, *EXIT_FIELDS]


def anonymise_followup(participant_ids: list[int], placement_ids: list[int]) -> None:
    talks = Talk.objects.filter(
        Q(placement_id__in=placement_ids) | Q(referral__participant_id__in=participant_ids)
    )
    talk_ids = list(talks.values_list("pk", flat=True))
    for field in TALK_TEXT_FIELDS:
        Talk.objects.filter(pk__in=talk_ids).exclude(**{field: ""}).update(**{field: REDACTED})
    Talk.history.filter(id__in=talk_ids).delete()
    SelfAssessment.objects.filter(placement_id__in=placement_ids).exclude(note="").update(note=REDACTED)
    SelfAssessment.history.filter(placement_id__in=placement_ids).delete()
    ExitFollowUp.objects.filter(placement_id__in=placement_ids).exclude(note="").update(note=REDACTED)
    ExitFollowUp.history.filter(placement_id__in=placement_ids).delete()
