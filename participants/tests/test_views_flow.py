"""The participant's way end to end through the pages: case officer → consent → referral → study
visit → accepted → placement started; the supervisor sees the participant only with consent; an
extension beyond 4 months only as a recorded joint decision; the placement ends with a reason."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from iop.dates import add_months
from participants.models import AccessLog, Participant, Placement, Referral
from participants.personnummer import make_fictional
from participants.tests.factories import end_reason

TODAY = timezone.localdate()


def test_the_participants_way_through_the_pages(client, setup):
    ams, supervisor = setup.ams, setup.supervisor
    party = setup.partnership.parties.get(organisation=setup.partner).pk

    # The case officer registers the participant.
    client.force_login(ams)
    pnr = make_fictional(777, year=1991)
    response = client.post(
        reverse("participants:create"),
        {
            "personal_identity_number": f"{pnr[2:8]}-{pnr[8:]}",
            "first_name": "Vilma",
            "last_name": "Väg",
            "gender": "kvinna",
            "education_level": "gymnasial",
            "support_kind": "forsorjningsstod",
        },
    )
    assert response.status_code == 302
    person = Participant.objects.get(personal_identity_number=pnr)
    detail = reverse("participants:detail", args=[person.pk])

    # Without consent: no referral, and the supervisor sees nothing.
    referral_data = {
        "partnership": setup.partnership.pk,
        "referred_on": TODAY.isoformat(),
        "reason": "Arbetsträning",
    }
    assert (
        client.post(reverse("participants:referral_create", args=[person.pk]), referral_data).status_code
        == 400
    )
    client.force_login(supervisor)
    assert client.get(detail).status_code == 403

    # Consent, referral, study visit, accepted.
    client.force_login(ams)
    consent_data = {
        "party": party,
        "given_on": TODAY.isoformat(),
        "documentation_note": "Skriftligt vid möte",
    }
    assert (
        client.post(reverse("participants:consent_create", args=[person.pk]), consent_data).status_code == 302
    )
    assert (
        client.post(reverse("participants:referral_create", args=[person.pk]), referral_data).status_code
        == 302
    )
    referral = Referral.objects.get(participant=person)
    visit = {"on": TODAY.isoformat(), "study_visit_on": TODAY.isoformat()}
    status_url = "participants:referral_status"
    assert (
        client.post(reverse(status_url, args=[referral.pk, "study_visit_booked"]), visit).status_code == 302
    )
    accept = {"on": TODAY.isoformat()}
    assert client.post(reverse(status_url, args=[referral.pk, "accepted"]), accept).status_code == 302
    referral.refresh_from_db()
    assert referral.status == Referral.Status.ACCEPTED

    # Consent alone does not open the page to the supervisor: a placement at their organisation does.
    client.force_login(supervisor)
    assert client.get(detail).status_code == 403

    # The placement starts.
    client.force_login(ams)
    start = {"work_area": setup.work_area.pk, "supervisor": supervisor.pk, "start_date": TODAY.isoformat()}
    assert client.post(reverse("participants:placement_start", args=[referral.pk]), start).status_code == 302
    placement = Placement.objects.get(participant=person)
    assert placement.planned_end_date == add_months(TODAY, 4)

    # Now the supervisor sees the participant and records a working-time step.
    client.force_login(supervisor)
    assert client.get(detail).status_code == 200
    step = {"from_date": TODAY.isoformat(), "percent": 25}
    assert client.post(reverse("participants:step_create", args=[placement.pk]), step).status_code == 302

    # Extension past 4 months: refused without the joint decision, recorded with it.
    client.force_login(ams)
    extend_url = reverse("participants:placement_extend", args=[placement.pk])
    placement.refresh_from_db()
    new_end = placement.planned_end_date + dt.timedelta(days=30)
    extension = {
        "new_end_date": new_end.isoformat(),
        "decided_on": TODAY.isoformat(),
        "reason": "Mer tid för planens mål",
        "approved_by_city_user": ams.username,
        "version": placement.version,
    }
    assert client.post(extend_url, extension).status_code == 400
    extension.update({"approved_by_partner_name": "Per Partnersson", "participant_consulted": "on"})
    assert client.post(extend_url, extension).status_code == 302
    placement.refresh_from_db()
    assert placement.planned_end_date == new_end
    assert placement.extensions.get().joint_decision

    # Ending with a reason.
    finish = {
        "end_date": TODAY.isoformat(),
        "end_reason": end_reason("completed_plan").pk,
        "version": placement.version,
    }
    assert client.post(reverse("participants:placement_end", args=[placement.pk]), finish).status_code == 302
    placement.refresh_from_db()
    assert placement.end_reason.code == "completed_plan"

    # Withdrawing the consent closes the page to the supervisor again; every refusal is in the log.
    consent = person.consents.get()
    withdraw = {"withdrawn_on": TODAY.isoformat()}
    assert (
        client.post(reverse("participants:consent_withdraw", args=[consent.pk]), withdraw).status_code == 302
    )
    client.force_login(supervisor)
    assert client.get(detail).status_code == 403
    denied = AccessLog.objects.filter(
        participant_ref=person.pk, user=supervisor, action=AccessLog.Action.DENIED
    )
    assert denied.count() == 3
    # The participant page, and the step form's lookup (every request that loads the person is a read).
    assert (
        AccessLog.objects.filter(
            participant_ref=person.pk, user=supervisor, action=AccessLog.Action.VIEW
        ).count()
        == 2
    )
