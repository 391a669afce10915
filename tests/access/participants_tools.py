"""Access rules of the occupancy page, the spreadsheet import and the access-log review."""

import datetime as dt

from tests.access.matrix import only


def extend_world(world):
    from participants.tests.factories import ConsentFactory, ParticipantFactory, PlacementFactory

    participant = ParticipantFactory(
        case_officer=world.users["ams"], first_name="Extra", last_name="Världsson"
    )
    ConsentFactory(
        participant=participant,
        partnership=world.partnership,
        organisation=world.partner,
        given_on=dt.date(2025, 1, 1),
    )
    PlacementFactory(participant=participant, partnership=world.partnership, start_date=dt.date(2025, 2, 3))
    world.ptextra_participant = participant


MATRIX = {
    "participants:occupancy": only(
        "samordnare", "ams", "handledare", kwargs=lambda w: {"pk": w.partnership.pk}
    ),
    "participants:import": only("samordnare", "ams"),
    "participants:import_template": only("samordnare", "ams"),
    "participants:access_log": only("samordnare"),
    "participants:access_log_users": only("samordnare", query="?q=ad"),
    # GET shows the export form (POST queues the job: tests in participants/tests/test_access_log_views.py).
    "participants:access_log_export": only("samordnare", query="?format=csv"),
    "participants:access_log_participant": only(
        "samordnare", kwargs=lambda w: {"participant_id": w.ptextra_participant.pk}
    ),
    "participants:access_log_user": only("samordnare", kwargs=lambda w: {"user_id": w.users["ams"].pk}),
    "participants:access_log_reviews": only("samordnare"),
    "participants:access_log_review_create": only("samordnare"),
}
