"""The programmes' daily reminders (påminnelser), registered with followup.reminders.

Seed 003: "Varje aktivitet eller fasförflyttning inleds och avslutas med ett uppföljningssamtal med
teamet", and every participant is to get a joint coordinated plan "snarast". The rules remind the
participant's process leader:
- a current phase without its opening talk `TALK_GRACE_DAYS` after it started;
- an ongoing participation in an activity without its opening talk `TALK_GRACE_DAYS` after it started;
- an enrolment without a joint coordinated plan `PLAN_DUE_DAYS` after the enrolment.
The closing talk is asked for by the pages themselves: the next phase, the end of an activity and the exit
are refused without it. The day limits are the product's defaults (the seed gives none).

Texts name the participant by pseudonym only; the link leads to the enrolment page, which checks access.
A reminder closes itself when what it asked for is done (the talk held, the plan made, the phase or
activity or enrolment ended), as followup's rules do.
"""

import datetime as dt

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from iop.models import Notification
from iop.notifications import notify

from .models import Enrolment, EnrolmentPhase, JointPlan, Participation, ParticipationTalk, PhaseTalk

TALK_GRACE_DAYS = 7
PLAN_DUE_DAYS = 30
KIND = "programmes.talk_or_plan"


def _remind(due: set[str], enrolment: Enrolment, key: str, message: str, due_date: dt.date) -> int:
    due.add(key)
    leader = enrolment.process_leader
    if not leader.is_active:
        return 0
    return notify(
        users=[leader],
        kind=KIND,
        message=message,
        dedupe_key=key,
        url=reverse("programmes:enrolment", kwargs={"pk": enrolment.pk}),
        due_date=due_date,
    )


def remind_programme_talks_and_plans(*, today: dt.date | None = None) -> int:
    """One query per kind of reminder, whatever the number of enrolments; returns how many were created."""
    today = today or timezone.localdate()
    since = today - dt.timedelta(days=TALK_GRACE_DAYS)
    due: set[str] = set()
    created = 0
    phases = (
        EnrolmentPhase.objects.filter(
            end_date__isnull=True, enrolment__end_date__isnull=True, start_date__lte=since
        )
        .exclude(
            Exists(PhaseTalk.objects.filter(enrolment_phase=OuterRef("pk"), purpose=PhaseTalk.Purpose.OPENS))
        )
        .select_related("phase", "enrolment__participant", "enrolment__process_leader")
    )
    for entry in phases:
        created += _remind(
            due,
            entry.enrolment,
            f"programmes:phase-talk:{entry.pk}",
            _("%(who)s: fasen %(phase)s saknar inledande uppföljningssamtal.")
            % {"who": entry.enrolment.participant.pseudonym, "phase": entry.phase.name},
            entry.start_date + dt.timedelta(days=TALK_GRACE_DAYS),
        )
    participations = (
        Participation.objects.filter(
            end_date__isnull=True, enrolment__end_date__isnull=True, start_date__lte=since
        )
        .exclude(
            Exists(
                ParticipationTalk.objects.filter(
                    participation=OuterRef("pk"), purpose=ParticipationTalk.Purpose.OPENS
                )
            )
        )
        .select_related("activity", "enrolment__participant", "enrolment__process_leader")
    )
    for participation in participations:
        created += _remind(
            due,
            participation.enrolment,
            f"programmes:activity-talk:{participation.pk}",
            _("%(who)s: aktiviteten %(activity)s saknar inledande uppföljningssamtal.")
            % {"who": participation.enrolment.participant.pseudonym, "activity": participation.activity.name},
            participation.start_date + dt.timedelta(days=TALK_GRACE_DAYS),
        )
    without_plan = (
        Enrolment.objects.current()
        .filter(start_date__lte=today - dt.timedelta(days=PLAN_DUE_DAYS))
        .exclude(Exists(JointPlan.objects.filter(enrolment=OuterRef("pk"))))
        .select_related("participant", "process_leader")
    )
    for enrolment in without_plan:
        created += _remind(
            due,
            enrolment,
            f"programmes:plan:{enrolment.pk}",
            _("%(who)s: ingen gemensam samordnad planering %(days)d dagar efter inskrivningen.")
            % {"who": enrolment.participant.pseudonym, "days": PLAN_DUE_DAYS},
            enrolment.start_date + dt.timedelta(days=PLAN_DUE_DAYS),
        )
    Notification.objects.filter(kind=KIND, done_at__isnull=True).exclude(dedupe_key__in=due).update(
        done_at=timezone.now()
    )
    return created
