import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from followup import services
from followup.models import ExitFollowUp, SelfAssessment, Talk
from followup.tests.factories import TalkFactory, joint
from iop.models import Notification
from participants.models import AccessLog
from participants.tests.factories import end_reason


def _login(client, user):
    client.force_login(user)
    return client


# --- My participants --------------------------------------------------------------------------------


def test_supervisor_sees_own_organisations_placements_with_checklists(client, fu):
    p = fu.placement()
    _login(client, fu.supervisor)
    response = client.get(reverse("followup:my_participants"))
    assert response.status_code == 200
    assert [c.placement.pk for c, _name in response.context["rows"]] == [p.pk]


def test_supervisor_of_another_organisation_sees_none(client, fu):
    fu.placement()
    _login(client, fu.foreign_supervisor)
    assert client.get(reverse("followup:my_participants")).context["rows"] == []


def test_case_officer_sees_only_own_participants(client, fu):
    mine = fu.placement()
    fu.placement(officer=fu.other_ams)
    _login(client, fu.ams)
    rows = client.get(reverse("followup:my_participants")).context["rows"]
    assert [c.placement.pk for c, _ in rows] == [mine.pk]


def test_ended_placements_are_not_in_my_participants(client, fu):
    fu.placement(start=dt.date(2025, 1, 13), end_date=dt.date(2025, 5, 13), end_reason=end_reason("work"))
    _login(client, fu.ams)
    assert client.get(reverse("followup:my_participants")).context["rows"] == []


@pytest.mark.parametrize("n", [1, 15])
def test_my_participants_uses_a_constant_number_of_queries(client, fu, n, django_assert_max_num_queries):
    for _ in range(n):
        p = fu.placement()
        joint(p, fu.today)
        TalkFactory(placement=p, kind=Talk.Kind.START_MEETING)
    _login(client, fu.supervisor)
    # session, user, groups, access-log insert (+ savepoint pair), the one checklist query
    with django_assert_max_num_queries(9):
        response = client.get(reverse("followup:my_participants"))
    assert len(response.context["rows"]) == n


def test_my_participants_refuses_post(client, fu):
    _login(client, fu.supervisor)
    assert client.post(reverse("followup:my_participants")).status_code == 405


@pytest.mark.parametrize("who", ["styrgrupp", "ekonomi"])
def test_steering_group_and_finance_never_see_followup_pages(client, fu, who):
    p = fu.placement()
    talk = TalkFactory(placement=p)
    _login(client, getattr(fu, who))
    assert client.get(reverse("followup:my_participants")).status_code == 403
    assert client.get(reverse("followup:talk_detail", args=[talk.pk])).status_code == 403
    assert client.get(reverse("followup:placement", args=[p.pk])).status_code == 403


def test_anonymous_user_is_sent_to_login(client, fu):
    response = client.get(reverse("followup:my_participants"))
    assert response.status_code == 302 and "/logga-in/" in response["Location"]


# --- Placement page and talks -------------------------------------------------------------------


def test_placement_page_is_logged_as_a_read_of_personal_data(client, fu):
    p = fu.placement()
    _login(client, fu.supervisor)
    assert client.get(reverse("followup:placement", args=[p.pk])).status_code == 200
    log = AccessLog.objects.get(action="view")
    assert (log.participant_ref, log.user) == (p.participant_id, fu.supervisor)


def test_foreign_supervisor_gets_404_and_a_denied_log_row(client, fu):
    p = fu.placement()
    _login(client, fu.foreign_supervisor)
    assert client.get(reverse("followup:placement", args=[p.pk])).status_code == 404
    assert AccessLog.objects.filter(outcome="denied", user=fu.foreign_supervisor).exists()


def _supervision_post(**extra):
    data = {
        "kind": "supervision_talk",
        "status": "held",
        "held_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "participant_present": "on",
        "supervisor_present": "on",
        "development_goals": "Komma i tid",
        "work_ability_and_hours": "50 %",
        "work_environment": "Lugn",
        "what_works": "Sorteringen",
        "challenges": "Be om hjälp",
        "goals_next_period": "60 %",
        "action_plan": "Avstämning varje morgon",
        "notes": "",
        "next_steps": "",
    }
    return data | extra


def test_supervisor_logs_a_supervision_talk_with_the_seven_points(client, fu):
    p = fu.placement()
    _login(client, fu.supervisor)
    url = reverse("followup:talk_create", args=[p.pk, "supervision_talk"])
    page = client.get(url)
    assert page.status_code == 200
    assert "action_plan" in page.context["form"].fields
    response = client.post(url, _supervision_post())
    assert response.status_code == 302
    talk = Talk.objects.get()
    assert (talk.placement, talk.created_by, talk.action_plan) == (
        p,
        fu.supervisor,
        "Avstämning varje morgon",
    )
    assert list(talk.attendees.all()) == [fu.supervisor]
    assert AccessLog.objects.filter(action="create", participant_ref=p.participant_id).exists()


def test_a_talk_is_saved_only_with_its_access_log_row(client, fu, monkeypatch):
    """The save and its access-log row share one transaction: when the row cannot be written, no talk."""
    import participants.services.logged

    def failing_log(**kwargs):
        raise RuntimeError("access log unavailable")

    monkeypatch.setattr(participants.services.logged, "log_access", failing_log)
    p = fu.placement()
    _login(client, fu.supervisor)
    client.raise_request_exception = False
    response = client.post(
        reverse("followup:talk_create", args=[p.pk, "supervision_talk"]), _supervision_post()
    )
    assert response.status_code == 500
    assert not Talk.objects.exists()


def test_a_talk_without_date_is_refused_with_400_and_nothing_saved(client, fu):
    p = fu.placement()
    _login(client, fu.supervisor)
    response = client.post(
        reverse("followup:talk_create", args=[p.pk, "supervision_talk"]), _supervision_post(held_at="")
    )
    assert response.status_code == 400
    assert "held_at" in response.context["form"].errors
    assert not Talk.objects.exists()


def test_a_talk_with_nobody_present_is_refused(client, fu):
    p = fu.placement()
    _login(client, fu.supervisor)
    data = _supervision_post()
    del data["participant_present"], data["supervisor_present"]
    assert (
        client.post(reverse("followup:talk_create", args=[p.pk, "supervision_talk"]), data).status_code == 400
    )
    assert not Talk.objects.exists()


def test_unknown_talk_kind_is_404(client, fu):
    p = fu.placement()
    _login(client, fu.supervisor)
    assert client.get(reverse("followup:talk_create", args=[p.pk, "coffee"])).status_code == 404


def test_htmx_kind_swap_returns_only_the_exit_fields(client, fu):
    p = fu.placement()
    _login(client, fu.ams)
    response = client.get(
        reverse("followup:talk_fields_hx", args=[p.pk]) + "?kind=exit_meeting", HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert set(f.name for f in response.context["form"].kind_specific()) == {
        "exit_summary",
        "exit_evaluation",
        "exit_next_step",
    }
    assert b"<html" not in response.content


def test_case_officer_and_supervisor_log_a_joint_followup_and_the_checklist_counts_it(client, fu):
    p = fu.placement()
    _login(client, fu.ams)
    data = {
        "kind": "followup_meeting",
        "status": "held",
        "held_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "participant_present": "on",
        "supervisor_present": "on",
        "case_officer_present": "on",
    }
    assert (
        client.post(reverse("followup:talk_create", args=[p.pk, "followup_meeting"]), data).status_code == 302
    )
    page = client.get(reverse("followup:placement", args=[p.pk]))
    assert page.context["checklist"].joint_followups == 1


def test_correcting_a_talk_shows_the_change_in_history(client, fu):
    p = fu.placement()
    talk = services.talk_create(
        placement=p,
        by=fu.supervisor,
        kind="supervision_talk",
        held_at=timezone.now(),
        supervisor_present=True,
        notes="Första",
    )
    _login(client, fu.ams)
    data = _supervision_post(
        notes="Rättad", held_at=timezone.localtime(talk.held_at).strftime("%Y-%m-%dT%H:%M")
    )
    assert client.post(reverse("followup:talk_edit", args=[talk.pk]), data).status_code == 302
    detail = client.get(reverse("followup:talk_detail", args=[talk.pk]))
    assert detail.status_code == 200
    newest, diffs = detail.context["changes"][0]
    assert newest.history_user == fu.ams
    assert ("anteckningar", "Första", "Rättad") in [(str(label), old, new) for label, old, new in diffs]


def test_talk_edit_with_bad_input_keeps_the_talk(client, fu):
    talk = TalkFactory(placement=fu.placement(), notes="Orört")
    _login(client, fu.supervisor)
    assert (
        client.post(
            reverse("followup:talk_edit", args=[talk.pk]), _supervision_post(held_at="igår")
        ).status_code
        == 400
    )
    talk.refresh_from_db()
    assert talk.notes == "Orört" and talk.history.count() == 1  # only the creation


def test_foreign_supervisor_cannot_read_a_talk(client, fu):
    talk = TalkFactory(placement=fu.placement())
    _login(client, fu.foreign_supervisor)
    assert client.get(reverse("followup:talk_detail", args=[talk.pk])).status_code == 404
    assert client.get(reverse("followup:talk_edit", args=[talk.pk])).status_code == 404


def test_talk_detail_refuses_post(client, fu):
    talk = TalkFactory(placement=fu.placement())
    _login(client, fu.supervisor)
    assert client.post(reverse("followup:talk_detail", args=[talk.pk])).status_code == 405


# --- Self-assessment -------------------------------------------------------------------------------


def _assessment_post(placement, value="7"):
    instrument = services.instrument_for(placement.partnership)
    return {f"item_{i.pk}": value for i in instrument.items.all()} | {"assessed_on": "2025-03-01", "note": ""}


def test_supervisor_and_participant_fill_in_the_start_self_assessment(client, fu):
    p = fu.placement()
    _login(client, fu.supervisor)
    url = reverse("followup:assessment", args=[p.pk, "start", "participant"])
    assert client.get(url).status_code == 200
    assert client.post(url, _assessment_post(p)).status_code == 302
    assessment = SelfAssessment.objects.get()
    assert [a.value for a in assessment.answers.all()] == [7] * 7


def test_an_answer_outside_the_scale_is_refused_with_400(client, fu):
    p = fu.placement()
    _login(client, fu.supervisor)
    url = reverse("followup:assessment", args=[p.pk, "start", "participant"])
    assert client.post(url, _assessment_post(p, value="11")).status_code == 400
    assert not SelfAssessment.objects.exists()


def test_a_supervisor_cannot_enter_the_case_officers_assessment(client, fu):
    p = fu.placement()
    _login(client, fu.supervisor)
    assert client.get(reverse("followup:assessment", args=[p.pk, "start", "case_officer"])).status_code == 403
    _login(client, fu.ams)
    assert client.get(reverse("followup:assessment", args=[p.pk, "start", "case_officer"])).status_code == 200


def test_progression_page_shows_the_chart_and_table(client, fu):
    p = fu.placement()
    _login(client, fu.ams)
    client.post(reverse("followup:assessment", args=[p.pk, "start", "participant"]), _assessment_post(p, "3"))
    client.post(reverse("followup:assessment", args=[p.pk, "end", "participant"]), _assessment_post(p, "6"))
    response = client.get(reverse("followup:progression", args=[p.pk]))
    assert response.status_code == 200
    assert [r.change for r in response.context["progression"].rows] == [3] * 7
    assert b"<svg" in response.content


# --- Follow-up after exit ----------------------------------------------------------------------------


def test_case_officer_records_the_situation_three_months_after_exit(client, fu):
    p = fu.placement(start=dt.date(2025, 1, 13), end_date=dt.date(2025, 5, 13), end_reason=end_reason("work"))
    _login(client, fu.ams)
    url = reverse("followup:exit_followup", args=[p.pk, 3])
    data = {
        "situation": "work_subsidised",
        "support_kind": "ingen",
        "followed_up_on": "2025-08-13",
        "note": "",
    }
    assert client.post(url, data).status_code == 302
    assert ExitFollowUp.objects.get().situation == "work_subsidised"


def test_exit_followup_without_situation_is_400(client, fu):
    p = fu.placement(start=dt.date(2025, 1, 13), end_date=dt.date(2025, 5, 13), end_reason=end_reason("work"))
    _login(client, fu.ams)
    url = reverse("followup:exit_followup", args=[p.pk, 3])
    assert client.post(url, {"followed_up_on": "2025-08-13"}).status_code == 400
    assert client.post(url, {"situation": "studies", "followed_up_on": "2025-01-01"}).status_code == 400
    assert not ExitFollowUp.objects.exists()


def test_supervisor_cannot_record_exit_followups(client, fu):
    p = fu.placement(start=dt.date(2025, 1, 13), end_date=dt.date(2025, 5, 13), end_reason=end_reason("work"))
    _login(client, fu.supervisor)
    assert client.get(reverse("followup:exit_followup", args=[p.pk, 3])).status_code == 403


def test_case_officer_of_another_participant_gets_404_for_exit_followup(client, fu):
    p = fu.placement(start=dt.date(2025, 1, 13), end_date=dt.date(2025, 5, 13), end_reason=end_reason("work"))
    _login(client, fu.other_ams)
    assert client.get(reverse("followup:exit_followup", args=[p.pk, 3])).status_code == 404


# --- Reminders in the app ------------------------------------------------------------------------------


def test_user_marks_a_reminder_done_with_htmx(client, fu):
    n = Notification.objects.create(user=fu.supervisor, kind="k", message="Boka samtal", dedupe_key="x")
    _login(client, fu.supervisor)
    assert n.message.encode() in client.get(reverse("followup:notifications")).content
    response = client.post(reverse("followup:notification_done", args=[n.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and b"<html" not in response.content
    n.refresh_from_db()
    assert n.done_at is not None


def test_a_user_cannot_mark_someone_elses_reminder(client, fu):
    n = Notification.objects.create(user=fu.supervisor, kind="k", message="m", dedupe_key="x")
    _login(client, fu.ams)
    assert client.post(reverse("followup:notification_done", args=[n.pk])).status_code == 404
    assert client.get(reverse("followup:notification_done", args=[n.pk])).status_code == 405


def test_bell_counts_open_reminders(client, fu):
    Notification.objects.create(user=fu.supervisor, kind="k", message="a", dedupe_key="a")
    Notification.objects.create(
        user=fu.supervisor, kind="k", message="b", dedupe_key="b", done_at=timezone.now()
    )
    _login(client, fu.supervisor)
    page = client.get(reverse("followup:my_participants")).content.decode()
    assert reverse("followup:notification_bell_hx") in page  # loaded by htmx after the page
    content = client.get(reverse("followup:notification_bell_hx")).content.decode()
    assert 'data-testid="bell-count">1<' in content


def test_user_turns_the_digest_off(client, fu):
    _login(client, fu.supervisor)
    assert client.get(reverse("followup:notification_settings")).status_code == 200
    assert client.post(reverse("followup:notification_settings"), {}).status_code == 302
    fu.supervisor.refresh_from_db()
    assert fu.supervisor.email_digest is False


# --- Instrument ------------------------------------------------------------------------------------


def _instrument_post(instrument, **changes):
    items = list(instrument.items.all())
    data = {
        "name": "Självskattning",
        "scale_min": "1",
        "scale_max": "10",
        "form-TOTAL_FORMS": str(len(items) + 1),
        "form-INITIAL_FORMS": str(len(items)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    for i, item in enumerate(items):
        data |= {
            f"form-{i}-id": str(item.pk),
            f"form-{i}-order": str(item.order),
            f"form-{i}-code": item.code,
        }
        data[f"form-{i}-wording"] = item.wording
    n = len(items)
    data |= {f"form-{n}-id": "", f"form-{n}-order": "", f"form-{n}-code": "", f"form-{n}-wording": ""}
    return data | changes


def test_coordinator_rewords_an_item_and_adds_one(client, fu):
    instrument = services.instrument_for(fu.partnership)
    _login(client, fu.coordinator)
    url = reverse("followup:instrument_edit", args=[fu.partnership.pk])
    assert client.get(url).status_code == 200
    data = _instrument_post(
        instrument,
        **{"form-0-wording": "Jag tror att jag kan få jobb.", "form-7-order": "7", "form-7-code": "health"},
        **{"form-7-wording": "Jag mår bra."},
    )
    assert client.post(url, data).status_code == 302
    assert instrument.items.count() == 8
    assert instrument.items.get(code="believes_job").wording == "Jag tror att jag kan få jobb."


def test_the_scale_cannot_change_once_assessments_exist(client, fu):
    p = fu.placement()
    instrument = services.instrument_for(fu.partnership)
    services.self_assessment_save(
        placement=p,
        occasion="start",
        kind="participant",
        assessed_on=fu.today,
        values={i.pk: 5 for i in instrument.items.all()},
        by=fu.ams,
    )
    _login(client, fu.coordinator)
    url = reverse("followup:instrument_edit", args=[fu.partnership.pk])
    response = client.post(url, _instrument_post(instrument, scale_max="5"))
    assert response.status_code == 400
    instrument.refresh_from_db()
    assert instrument.scale_max == 10


def test_only_coordinators_configure_the_instrument(client, fu):
    _login(client, fu.ams)
    assert client.get(reverse("followup:instrument_edit", args=[fu.partnership.pk])).status_code == 403


def test_the_checklist_tag_renders_for_another_apps_placement_page(fu):
    from django.template import Context, Template

    p = fu.placement()
    joint(p, fu.today)
    html = Template("{% load followup_tags %}{% placement_checklist placement %}").render(
        Context({"placement": p})
    )
    assert "(1 av 2)" in html and f"/uppfoljning/plats/{p.pk}/" in html


def test_my_participants_list_is_logged_once(client, fu):
    fu.placement()
    fu.placement()
    _login(client, fu.supervisor)
    client.get(reverse("followup:my_participants"))
    assert AccessLog.objects.filter(action="view", participant_ref__isnull=True).count() == 1


# --- Progression per partnership ----------------------------------------------------------------------


def _both(fu, start_value, end_value, end_day="2025-06-01"):
    p = fu.placement()
    instrument = services.instrument_for(fu.partnership)
    for occasion, value, day in (("start", start_value, "2025-02-01"), ("end", end_value, end_day)):
        services.self_assessment_save(
            placement=p,
            occasion=occasion,
            kind="participant",
            assessed_on=dt.date.fromisoformat(day),
            values={i.pk: value for i in instrument.items.all()},
            by=fu.ams,
        )


def test_partnership_progression_shows_the_distribution(client, fu):
    _both(fu, 3, 6)
    _both(fu, 5, 5)
    _both(fu, 7, 4)
    _login(client, fu.coordinator)
    url = (
        reverse("followup:partnership_progression", args=[fu.partnership.pk])
        + "?fran=2025-01-01&till=2025-12-31"
    )
    response = client.get(url)
    assert response.status_code == 200
    item = response.context["distribution"]["items"]["believes_job"]
    assert (item["improved"], item["unchanged"], item["worsened"]) == (1, 1, 1)
    assert b"<svg" in response.content


def test_partnership_progression_hides_small_groups_from_the_steering_group(client, fu):
    _both(fu, 3, 6)
    url = (
        reverse("followup:partnership_progression", args=[fu.partnership.pk])
        + "?fran=2025-01-01&till=2025-12-31"
    )
    _login(client, fu.styrgrupp)
    assert client.get(url).context["hidden"] is True
    _login(client, fu.coordinator)
    assert client.get(url).context["hidden"] is False


def test_partnership_progression_with_a_bad_date_is_400(client, fu):
    _login(client, fu.coordinator)
    url = reverse("followup:partnership_progression", args=[fu.partnership.pk]) + "?fran=igår"
    assert client.get(url).status_code == 400


def test_partnership_progression_is_refused_to_supervisors_and_finance(client, fu):
    for user in (fu.supervisor, fu.ekonomi):
        _login(client, user)
        assert (
            client.get(reverse("followup:partnership_progression", args=[fu.partnership.pk])).status_code
            == 403
        )


def test_an_invalid_talk_post_that_shows_the_form_again_is_logged_as_a_read(client, fu):
    p = fu.placement()
    _login(client, fu.supervisor)
    url = reverse("followup:talk_create", args=[p.pk, "supervision_talk"])
    response = client.post(url, {"kind": "supervision_talk", "status": "held", "held_at": "inte ett datum"})
    assert response.status_code == 400
    assert AccessLog.objects.filter(
        user=fu.supervisor, participant_ref=p.participant_id, action="view", outcome="allowed"
    ).exists()


# --- "Mina deltagare": mine by default, the organisation's on request, search ---------------------------


def _colleague(fu):
    from iop.roles import Role
    from tests.factories import StaffFactory, UserFactory

    colleague = UserFactory(organisation=fu.partner, roles=[Role.HANDLEDARE])
    StaffFactory(partnership=fu.partnership, user=colleague, confidentiality_signed_on=dt.date(2024, 12, 1))
    return colleague


def test_supervisor_sees_only_the_placements_they_supervise_by_default(client, fu):
    mine = fu.placement()
    fu.placement(supervisor=_colleague(fu))
    _login(client, fu.supervisor)
    response = client.get(reverse("followup:my_participants"))
    assert [c.placement.pk for c, _ in response.context["rows"]] == [mine.pk]
    assert response.context["scope"] == "mina"


def test_supervisor_switches_to_the_organisations_placements(client, fu):
    mine = fu.placement()
    theirs = fu.placement(supervisor=_colleague(fu))
    _login(client, fu.supervisor)
    response = client.get(reverse("followup:my_participants"), {"visa": "organisationen"})
    assert {c.placement.pk for c, _ in response.context["rows"]} == {mine.pk, theirs.pk}


def test_unassigned_supervisor_is_offered_the_organisation_view(client, fu):
    fu.placement(supervisor=_colleague(fu))
    _login(client, fu.supervisor)
    response = client.get(reverse("followup:my_participants"))
    assert response.context["rows"] == []
    assert "?visa=organisationen" in response.content.decode()


def test_an_unknown_scope_falls_back_to_mine(client, fu):
    mine = fu.placement()
    fu.placement(supervisor=_colleague(fu))
    _login(client, fu.supervisor)
    response = client.get(reverse("followup:my_participants"), {"visa": "<script>"})
    assert response.status_code == 200
    assert [c.placement.pk for c, _ in response.context["rows"]] == [mine.pk]


def test_search_matches_the_name_shown(client, fu):
    first = fu.placement()
    second = fu.placement()
    _login(client, fu.supervisor)
    rows = client.get(reverse("followup:my_participants")).context["rows"]
    shown = dict((c.placement.pk, name) for c, name in rows)
    response = client.get(reverse("followup:my_participants"), {"q": shown[second.pk].upper()})
    assert [c.placement.pk for c, _ in response.context["rows"]] == [second.pk]
    assert first.pk not in [c.placement.pk for c, _ in response.context["rows"]]


def test_search_does_not_find_a_protected_identity_by_its_real_name(client, fu):
    p = fu.placement()
    p.participant.protected_identity = True
    p.participant.save()
    _login(client, fu.supervisor)
    response = client.get(reverse("followup:my_participants"), {"q": p.participant.last_name})
    assert response.context["rows"] == []


def test_the_organisation_view_is_logged_and_uses_constant_queries(client, fu, django_assert_max_num_queries):
    for _ in range(5):
        fu.placement(supervisor=_colleague(fu))
    _login(client, fu.supervisor)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("followup:my_participants"), {"visa": "organisationen", "q": "x"})
    assert response.status_code == 200
    assert AccessLog.objects.filter(user=fu.supervisor, detail="mina deltagare (uppföljning)").count() == 1
