"""Report pages: index, ordering, the polled status row and downloads."""

from unittest import mock

import pytest
from django.urls import reverse

from reporting.models import EXPORT_KINDS, ReportJob
from reporting.tests.factories import ReportJobFactory, generated_report
from tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db
PUBLISH = "reporting.tasks.generate_report.apply_async"
INDEX = reverse("reporting:index")
REQUEST = reverse("reporting:request")
QUERIES_INDEX = 7 + 1  # + the partnerships with dashboards (the user's roles come with the user)


def login(client, world, actor):
    client.force_login(world.users[actor])
    return client


# --- index -------------------------------------------------------------------------------------


def test_the_coordinator_sees_the_order_form_and_the_jobs(client, world):
    response = login(client, world, "samordnare").get(INDEX)
    assert response.status_code == 200
    assert response.context["form"] is not None
    assert [j.pk for j in response.context["jobs"]] == [world.report_job.pk]


def test_handledare_sees_the_reports_of_their_partnership_but_cannot_order(client, world):
    response = login(client, world, "handledare").get(INDEX)
    assert response.status_code == 200
    assert response.context["form"] is None
    assert [j.pk for j in response.context["jobs"]] == [world.report_job.pk]


def test_the_steering_group_does_not_see_jobs_of_other_partnerships(client, world):
    other = ReportJobFactory(partnership=PartnershipFactory())
    response = login(client, world, "styrgrupp").get(INDEX)
    assert other.pk not in [j.pk for j in response.context["jobs"]]
    response = login(client, world, "samordnare").get(INDEX)
    assert other.pk in [j.pk for j in response.context["jobs"]]


def test_reports_across_all_partnerships_are_for_coordinators_only(client, world):
    overall = ReportJobFactory(
        partnership=None, kind="overview", params={"year": 2025}, params_key="overview-2025"
    )
    assert overall.pk not in [j.pk for j in login(client, world, "styrgrupp").get(INDEX).context["jobs"]]
    assert overall.pk in [j.pk for j in login(client, world, "samordnare").get(INDEX).context["jobs"]]


def test_the_index_refuses_post(client, world):
    assert login(client, world, "samordnare").post(INDEX).status_code == 405


def test_the_index_is_refused_to_ams_and_sends_anonymous_users_to_login(client, world):
    assert login(client, world, "ams").get(INDEX).status_code == 403
    client.logout()
    assert client.get(INDEX).status_code == 302


@pytest.mark.parametrize("extra_jobs", [0, 30])
def test_the_index_uses_a_constant_number_of_queries(client, world, django_assert_num_queries, extra_jobs):
    for year in range(1960, 1960 + extra_jobs):
        job = ReportJobFactory(
            partnership=world.partnership, params={"partnership": world.partnership.pk, "year": year}
        )
        if year % 2:
            job.state = ReportJob.State.DONE
            job.save()
            generated_report(job)
    login(client, world, "samordnare")
    # session, user, roles, partnerships for the form, jobs in one query, partnerships for the dashboard links
    with django_assert_num_queries(QUERIES_INDEX):
        response = client.get(INDEX)
    assert response.status_code == 200
    assert len(response.context["jobs"]) == extra_jobs + 1


# --- ordering ----------------------------------------------------------------------------------


def test_ordering_a_report_creates_a_job_and_returns_to_the_list(client, world):
    login(client, world, "styrgrupp")
    with mock.patch(PUBLISH):
        response = client.post(
            REQUEST, {"kind": "partnership_summary", "partnership": world.partnership.pk, "year": 2024}
        )
    job = ReportJob.objects.get(params__year=2024)
    assert response.status_code == 302
    assert response["Location"] == f"{INDEX}#jobb-{job.pk}"
    assert job.requested_by == world.users["styrgrupp"]
    assert job.partnership == world.partnership


def _order(client, **publish):
    # Transactional tests: the job is published on commit inside the request, as in production.
    with mock.patch(PUBLISH, **publish):
        response = client.post(
            REQUEST,
            {"kind": "partnership_summary", "partnership": client.partnership.pk, "year": 2024},
            follow=True,
        )
    return response, ReportJob.objects.get(params__year=2024)


@pytest.mark.django_db(transaction=True)
def test_ordering_while_the_queue_answers_confirms_the_order(client, world):
    login(client, world, "styrgrupp").partnership = world.partnership
    response, job = _order(client)
    assert job.dispatched_at is not None
    assert [m.level_tag for m in response.context["messages"]] == ["success"]


@pytest.mark.django_db(transaction=True)
def test_ordering_while_the_broker_is_down_keeps_the_order_and_warns_that_the_queue_is_delayed(client, world):
    from kombu.exceptions import OperationalError

    login(client, world, "styrgrupp").partnership = world.partnership
    response, job = _order(client, side_effect=OperationalError("Connection refused"))
    assert response.status_code == 200
    assert job.state == ReportJob.State.QUEUED and job.dispatched_at is None
    assert [m.level_tag for m in response.context["messages"]] == ["warning"]


def test_ordering_without_a_year_is_refused_at_the_field(client, world):
    login(client, world, "samordnare")
    response = client.post(REQUEST, {"kind": "partnership_summary", "partnership": world.partnership.pk})
    assert response.status_code == 400
    assert response.context["form"].errors["year"]
    assert ReportJob.objects.exclude(kind__in=EXPORT_KINDS).count() == 1  # only the world's own report job


def test_ordering_a_report_on_an_invisible_partnership_is_refused(client, world):
    other = PartnershipFactory()
    login(client, world, "styrgrupp")
    response = client.post(REQUEST, {"kind": "partnership_summary", "partnership": other.pk, "year": 2025})
    assert response.status_code == 400
    assert response.context["form"].errors["partnership"]


def test_ordering_an_unknown_kind_is_refused(client, world):
    login(client, world, "samordnare")
    response = client.post(REQUEST, {"kind": "nonsense", "year": 2025})
    assert response.status_code == 400
    assert response.context["form"].errors["kind"]


def test_ordering_is_post_only_and_not_for_handledare(client, world):
    assert login(client, world, "samordnare").get(REQUEST).status_code == 405
    assert login(client, world, "handledare").post(REQUEST, {}).status_code == 403


# --- status fragment ---------------------------------------------------------------------------


def test_an_active_job_row_keeps_polling(client, world):
    job = ReportJobFactory(
        partnership=world.partnership, params={"partnership": world.partnership.pk, "year": 2024}
    )
    response = login(client, world, "styrgrupp").get(reverse("reporting:job_status_hx", args=[job.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'hx-trigger="every 2s"' in html
    assert "I kö" in html


def test_a_done_job_row_stops_polling_and_links_the_file(client, world):
    response = login(client, world, "styrgrupp").get(
        reverse("reporting:job_status_hx", args=[world.report_job.pk])
    )
    html = response.content.decode()
    assert "hx-trigger" not in html
    assert reverse("reporting:download", args=[world.generated_report.pk]) in html


def test_a_polled_row_that_finished_is_announced_in_the_live_region(client, world):
    html = (
        login(client, world, "styrgrupp")
        .get(reverse("reporting:job_status_hx", args=[world.report_job.pk]))
        .content.decode()
    )
    assert 'id="report-announcer" hx-swap-oob="innerHTML"' in html
    assert "är klar" in html


def test_a_polled_row_still_running_announces_nothing(client, world):
    job = ReportJobFactory(
        partnership=world.partnership,
        params={"partnership": world.partnership.pk, "year": 2022},
        state=ReportJob.State.RUNNING,
    )
    html = (
        login(client, world, "styrgrupp")
        .get(reverse("reporting:job_status_hx", args=[job.pk]))
        .content.decode()
    )
    assert "report-announcer" not in html


def test_the_index_has_one_persistent_live_region_for_the_announcements(client, world):
    html = login(client, world, "samordnare").get(INDEX).content.decode()
    assert html.count('id="report-announcer"') == 1
    assert 'aria-live="polite"' in html.split('id="report-announcer"')[1].split(">")[0]


def test_a_failed_job_row_shows_the_reason(client, world):
    job = ReportJobFactory(
        partnership=world.partnership,
        params={"partnership": world.partnership.pk, "year": 2023},
        state=ReportJob.State.FAILED,
        failure_reason="Ingen budget",
    )
    html = (
        login(client, world, "samordnare")
        .get(reverse("reporting:job_status_hx", args=[job.pk]))
        .content.decode()
    )
    assert "Ingen budget" in html and "hx-trigger" not in html


def test_the_status_of_another_partnerships_job_is_not_found(client, world):
    other = ReportJobFactory(partnership=PartnershipFactory())
    response = login(client, world, "styrgrupp").get(reverse("reporting:job_status_hx", args=[other.pk]))
    assert response.status_code == 404


def test_the_status_fragment_refuses_post(client, world):
    url = reverse("reporting:job_status_hx", args=[world.report_job.pk])
    assert login(client, world, "samordnare").post(url).status_code == 405


# --- download ----------------------------------------------------------------------------------


def test_the_file_is_downloaded_as_an_attachment(client, world):
    response = login(client, world, "ekonomi").get(
        reverse("reporting:download", args=[world.generated_report.pk])
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7\n"
    assert 'attachment; filename="sammanstallning-v1.pdf"' in response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf"


def test_a_file_of_another_partnership_is_not_found(client, world):
    other = generated_report(ReportJobFactory(partnership=PartnershipFactory(), state=ReportJob.State.DONE))
    response = login(client, world, "styrgrupp").get(reverse("reporting:download", args=[other.pk]))
    assert response.status_code == 404


def test_a_missing_file_is_not_found(client, world):
    world.generated_report.file.delete(save=False)
    response = login(client, world, "samordnare").get(
        reverse("reporting:download", args=[world.generated_report.pk])
    )
    assert response.status_code == 404


def test_the_download_refuses_post_and_ams(client, world):
    url = reverse("reporting:download", args=[world.generated_report.pk])
    assert login(client, world, "samordnare").post(url).status_code == 405
    assert login(client, world, "ams").get(url).status_code == 403
