"""Access rules of the reporting app's URLs.

Coordinators and the steering group order reports; handledare and ekonomi at the non-profit see and
download the reports of their partnerships; AMS and attestant have no report pages.
"""

import datetime as dt

from reporting.models import GeneratedReport, ReportJob, params_key
from tests.access.matrix import partnership_page, row

VIEWERS = {"samordnare": 200, "styrgrupp": 200, "handledare": 200, "ekonomi": 200}
EXPORT_OTHERS = {"styrgrupp": 404, "handledare": 404, "ekonomi": 404, "attestant": 404}


def _done_job(world, *, kind: str, params: dict, filename: str, content: bytes, **fields) -> ReportJob:
    """A finished job of the coordinator's with its file."""
    from django.core.files.base import ContentFile

    job = ReportJob.objects.create(
        kind=kind,
        params=params,
        params_key=params_key(params),
        state=ReportJob.State.DONE,
        requested_by=world.users["samordnare"],
        finished_at=dt.datetime(2025, 4, 1, 12, tzinfo=dt.UTC),
        **fields,
    )
    report = GeneratedReport(
        job=job,
        kind=kind,
        params_key=job.params_key,
        version=1,
        filename=filename,
        sha256="0" * 64,
        size=len(content),
    )
    report.file.save(filename, ContentFile(content), save=False)
    report.save()
    return job


def extend_world(world):
    params = {"partnership": world.partnership.pk, "year": 2025}
    world.report_job = _done_job(
        world,
        kind="partnership_summary",
        params=params,
        filename="sammanstallning-v1.pdf",
        content=b"%PDF-1.7\n",
        partnership=world.partnership,
    )
    world.generated_report = world.report_job.report
    # An export job of the coordinator's: its page and file are the owner's alone.
    world.export_job = _done_job(
        world,
        kind="access_log_export",
        params={
            "start": "2025-01-01",
            "end": "2025-01-31",
            "format": "csv",
            "owner": world.users["samordnare"].pk,
        },
        filename="atkomstlogg.csv",
        content=b"a;b\n",
        rows_done=1,
        rows_total=1,
    )
    from iop.models import Goal
    from reporting.reported_figures import ReportedFigure

    world.reported_goal = Goal.objects.create(
        partnership=world.partnership, title="Rådgivningstillfällen", indicator="custom", quantity="samtal"
    )
    from reporting.models import DeviationMeasure

    world.deviation_measure = DeviationMeasure.objects.create(
        partnership=world.partnership,
        year=2025,
        quarter=1,
        deviation_code="steering_behind",
        text="Ett styrgruppsmöte till i maj.",  # no word that is a participant's name ("Extra" is one)
        owner="IOP-samordnaren",
        due_on=dt.date(2025, 5, 31),
    )
    world.submitted_figure = ReportedFigure.objects.create(
        goal=world.reported_goal,
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 3, 31),
        value=120,
        status=ReportedFigure.Status.SUBMITTED,
        created_by=world.users["handledare"],
    )


MATRIX = {
    "reporting:index": row(roles=VIEWERS),
    # POST without data: allowed roles get the form back with errors (400).
    "reporting:request": row(roles={"samordnare": 400, "styrgrupp": 400}, method="post", data=lambda w: {}),
    "reporting:job_status_hx": row(roles=VIEWERS, kwargs=lambda w: {"pk": w.report_job.pk}),
    "reporting:download": row(roles=VIEWERS, kwargs=lambda w: {"pk": w.generated_report.pk}),
    # Export jobs: only the owner (here the coordinator) sees the page and the file; others who may export
    # something get 404 (the job is not theirs), roles that export nothing 403.
    "reporting:export_job": row(
        roles=EXPORT_OTHERS | {"samordnare": 200}, kwargs=lambda w: {"pk": w.export_job.pk}
    ),
    "reporting:export_job_status_hx": row(
        roles=EXPORT_OTHERS | {"samordnare": 200}, kwargs=lambda w: {"pk": w.export_job.pk}
    ),
    "reporting:export_download": row(
        roles=EXPORT_OTHERS | {"samordnare": 200}, kwargs=lambda w: {"pk": w.export_job.pk}
    ),
    # Dashboards: the steering group, the coordinators and the non-profit's staff of the partnership.
    "reporting:partnership_dashboard": row(
        roles=VIEWERS, kwargs=lambda w: {"pk": w.partnership.pk}, query="?year=2025"
    ),
    # The exports queue a job (POST) and redirect to its page.
    "reporting:partnership_dashboard_export": row(
        roles={actor: 302 for actor in VIEWERS},
        kwargs=lambda w: {"pk": w.partnership.pk, "table": "indicators", "fmt": "csv"},
        query="?year=2025",
        method="post",
        data=lambda w: {},
    ),
    "reporting:narrative_edit": row(
        roles={"samordnare": 200, "handledare": 200}, kwargs=lambda w: {"pk": w.partnership.pk, "year": 2025}
    ),
    "reporting:overview_dashboard": row(roles={"samordnare": 200}, query="?year=2025"),
    "reporting:overview_introduction": row(roles={"samordnare": 200}, kwargs=lambda w: {"year": 2019}),
    "reporting:overview_dashboard_export": row(
        roles={"samordnare": 302},
        kwargs=lambda w: {"table": "per_partnership", "fmt": "xlsx"},
        query="?year=2025",
        method="post",
        data=lambda w: {},
    ),
    # Reported figures: the non-profit's staff report, the coordinator reviews, the steering group reads.
    # The partnership page's results fragment: whoever sees the partnership page.
    "reporting:partnership_results_hx": partnership_page(200, kwargs=lambda w: {"pk": w.partnership.pk}),
    "reporting:figure_list": row(roles=VIEWERS, kwargs=lambda w: {"pk": w.partnership.pk}),
    # The partnership hub's Rapporter tab: who may see reports.
    "reporting:partnership_reports": row(roles=VIEWERS, kwargs=lambda w: {"pk": w.partnership.pk}),
    "reporting:figure_edit": row(
        roles={"handledare": 200, "ekonomi": 200},
        kwargs=lambda w: {"pk": w.partnership.pk, "goal_pk": w.reported_goal.pk, "start": "2025-04-01"},
    ),
    # POST without data: the coordinator gets the form back with errors (400).
    "reporting:figure_review": row(
        roles={"samordnare": 400},
        method="post",
        data=lambda w: {},
        kwargs=lambda w: {"pk": w.submitted_figure.pk},
    ),
    "reporting:figure_correct": row(
        roles={"samordnare": 400, "handledare": 400, "ekonomi": 400},
        method="post",
        data=lambda w: {},
        kwargs=lambda w: {"pk": w.submitted_figure.pk},
    ),
    # The quarterly board report: the coordinators own deviations, measures and the preview; the
    # non-profit's handledare and the coordinators write the progress text.
    "reporting:deviation_measures": row(
        roles={"samordnare": 200}, kwargs=lambda w: {"year": 2025, "quarter": 2}
    ),
    # POST without data: the coordinator gets the page back with the form's errors (400).
    "reporting:deviation_add": row(
        roles={"samordnare": 400},
        method="post",
        data=lambda w: {},
        kwargs=lambda w: {"year": 2025, "quarter": 2},
    ),
    "reporting:measure_add": row(
        roles={"samordnare": 400},
        method="post",
        data=lambda w: {},
        kwargs=lambda w: {"year": 2025, "quarter": 2},
    ),
    "reporting:measure_done": row(
        roles={"samordnare": 400},
        method="post",
        data=lambda w: {},
        kwargs=lambda w: {"pk": w.deviation_measure.pk},
    ),
    "reporting:progress_edit": row(
        roles={"samordnare": 200, "handledare": 200},
        kwargs=lambda w: {"pk": w.partnership.pk, "year": 2025, "quarter": 2},
    ),
    "reporting:quarterly_preview": row(
        roles={"samordnare": 200}, kwargs=lambda w: {"year": 2025, "quarter": 2}
    ),
}
