"""Access rules of the reporting app's URLs.

Coordinators and the steering group order reports; handledare and ekonomi at the non-profit see and
download the reports of their partnerships; AMS and attestant have no report pages.
"""

import datetime as dt

from reporting.models import GeneratedReport, ReportJob, params_key
from tests.access.matrix import everyone, row

VIEWERS = {"samordnare": 200, "styrgrupp": 200, "handledare": 200, "ekonomi": 200}


def extend_world(world):
    from django.core.files.base import ContentFile

    params = {"partnership": world.partnership.pk, "year": 2025}
    job = ReportJob.objects.create(
        kind="partnership_summary",
        params=params,
        params_key=params_key(params),
        partnership=world.partnership,
        state=ReportJob.State.DONE,
        requested_by=world.users["samordnare"],
        finished_at=dt.datetime(2025, 4, 1, 12, tzinfo=dt.UTC),
    )
    report = GeneratedReport(
        job=job,
        kind=job.kind,
        params_key=job.params_key,
        version=1,
        filename="sammanstallning-v1.pdf",
        sha256="0" * 64,
        size=9,
    )
    report.file.save("sammanstallning-v1.pdf", ContentFile(b"%PDF-1.7\n"), save=False)
    report.save()
    world.report_job = job
    world.generated_report = report
    from iop.models import Goal
    from reporting.reported_figures import ReportedFigure

    world.reported_goal = Goal.objects.create(
        partnership=world.partnership, title="Rådgivningstillfällen", indicator="custom", quantity="samtal"
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
    # Dashboards: the steering group, the coordinators and the non-profit's staff of the partnership.
    "reporting:partnership_dashboard": row(
        roles=VIEWERS, kwargs=lambda w: {"pk": w.partnership.pk}, query="?year=2025"
    ),
    "reporting:partnership_dashboard_export": row(
        roles=VIEWERS,
        kwargs=lambda w: {"pk": w.partnership.pk, "table": "indicators", "fmt": "csv"},
        query="?year=2025",
    ),
    "reporting:narrative_edit": row(
        roles={"samordnare": 200, "handledare": 200}, kwargs=lambda w: {"pk": w.partnership.pk, "year": 2025}
    ),
    "reporting:overview_dashboard": row(roles={"samordnare": 200}, query="?year=2025"),
    "reporting:overview_dashboard_export": row(
        roles={"samordnare": 200},
        kwargs=lambda w: {"table": "per_partnership", "fmt": "xlsx"},
        query="?year=2025",
    ),
    # Reported figures: the non-profit's staff report, the coordinator reviews, the steering group reads.
    # The partnership page's results fragment: whoever sees the partnership page.
    "reporting:partnership_results_hx": everyone(200, kwargs=lambda w: {"pk": w.partnership.pk}),
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
    "reporting:deviation_measures": row(
        roles={"samordnare": 200}, kwargs=lambda w: {"year": 2025, "quarter": 2}
    ),
}
