"""Access rules of the followup app's URLs: supervisors, case officers and coordinators only; the
steering group, ekonomi and attestant never see a talk or an assessment."""

import datetime as dt

from django.utils import timezone

from iop.dates import add_months
from iop.models import Notification
from tests.access.matrix import everyone, only, row

WORKERS = ("ams", "handledare", "samordnare")


def extend_world(world) -> None:
    from followup.models import Talk
    from participants.tests.factories import ConsentFactory, ParticipantFactory, PlacementFactory, end_reason

    today = timezone.localdate()
    participant = ParticipantFactory(case_officer=world.users["ams"])
    ConsentFactory(participant=participant, partnership=world.partnership, organisation=world.partner)
    start = today - dt.timedelta(days=20)
    # No work area: other apps' tests delete world.work_area (a placement would PROTECT it).
    world.fu_placement = PlacementFactory(
        participant=participant,
        partnership=world.partnership,
        supervisor=world.users["handledare"],
        start_date=start,
        planned_end_date=add_months(start, 4),
    )
    world.fu_ended_placement = PlacementFactory(
        participant=participant,
        partnership=world.partnership,
        supervisor=world.users["handledare"],
        start_date=dt.date(2025, 1, 13),
        planned_end_date=dt.date(2025, 5, 13),
        end_date=dt.date(2025, 5, 13),
        end_reason=end_reason("completed_plan"),
    )
    world.fu_talk = Talk.objects.create(
        placement=world.fu_placement,
        kind=Talk.Kind.SUPERVISION_TALK,
        held_at=timezone.now() - dt.timedelta(days=3),
        supervisor_present=True,
        created_by=world.users["handledare"],
    )
    world.fu_notification = Notification.objects.create(
        user=world.users["samordnare"], kind="test", message="Test", dedupe_key="access-test"
    )


def _placement(w) -> dict:
    return {"pk": w.fu_placement.pk}


MATRIX = {
    "followup:my_participants": only(*WORKERS),
    "followup:placement": only(*WORKERS, kwargs=_placement),
    "followup:talk_create": only(
        *WORKERS, kwargs=lambda w: {"pk": w.fu_placement.pk, "kind": "supervision_talk"}
    ),
    "followup:talk_fields_hx": only(*WORKERS, kwargs=_placement, query="?kind=exit_meeting"),
    "followup:assessment": only(
        *WORKERS, kwargs=lambda w: {"pk": w.fu_placement.pk, "occasion": "start", "kind": "participant"}
    ),
    "followup:progression": only(*WORKERS, kwargs=_placement),
    "followup:exit_followup": only(
        "ams", "samordnare", kwargs=lambda w: {"pk": w.fu_ended_placement.pk, "months": 3}
    ),
    "followup:talk_detail": only(*WORKERS, kwargs=lambda w: {"pk": w.fu_talk.pk}),
    "followup:talk_edit": only(*WORKERS, kwargs=lambda w: {"pk": w.fu_talk.pk}),
    "followup:instrument_edit": only("samordnare", kwargs=lambda w: {"pk": w.partnership.pk}),
    # Aggregated counts only (no personal data): the steering group may see them.
    "followup:partnership_progression": only(
        "samordnare", "styrgrupp", "ams", kwargs=lambda w: {"pk": w.partnership.pk}
    ),
    "followup:notifications": everyone(200),
    "followup:notification_bell_hx": everyone(200),
    # Each user marks only their own reminders: the world's one belongs to the coordinator.
    "followup:notification_done": row(
        roles={"samordnare": 302},
        default=404,
        method="post",
        kwargs=lambda w: {"pk": w.fu_notification.pk},
    ),
    "followup:notification_settings": everyone(200),
}
