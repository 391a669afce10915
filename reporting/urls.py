"""URLs of the reporting app (namespace `reporting`)."""

from django.urls import path

from reporting import dashboards, figure_views, overview_views, partnership_reports, quarterly_views, views
from reporting.exports import views as export_views

app_name = "reporting"
urlpatterns = [
    path("", views.index, name="index"),
    path("bestall/", views.request_report, name="request"),
    path("jobb/<int:pk>/status/", views.job_status_hx, name="job_status_hx"),
    path("fil/<int:pk>/", views.download, name="download"),
    path("export/<int:pk>/", export_views.export_job, name="export_job"),
    path("export/<int:pk>/status/", export_views.export_job_status_hx, name="export_job_status_hx"),
    path("export/<int:pk>/fil/", export_views.export_download, name="export_download"),
    path("partnerskap/<int:pk>/", dashboards.partnership_dashboard, name="partnership_dashboard"),
    path(
        "partnerskap/<int:pk>/export/<slug:table>.<slug:fmt>",
        dashboards.partnership_dashboard_export,
        name="partnership_dashboard_export",
    ),
    path("partnerskap/<int:pk>/berattelse/<int:year>/", dashboards.narrative_edit, name="narrative_edit"),
    path(
        "partnerskap/<int:pk>/rapporter/",
        partnership_reports.partnership_reports,
        name="partnership_reports",
    ),
    path("oversikt/", dashboards.overview_dashboard, name="overview_dashboard"),
    path(
        "oversikt/<int:year>/inledning/",
        overview_views.overview_introduction_edit,
        name="overview_introduction",
    ),
    path(
        "oversikt/export/<slug:table>.<slug:fmt>",
        dashboards.overview_dashboard_export,
        name="overview_dashboard_export",
    ),
    path("partnerskap/<int:pk>/resultat/", figure_views.figure_list, name="figure_list"),
    path(
        "partnerskap/<int:pk>/resultat/tabell/",
        figure_views.partnership_results_hx,
        name="partnership_results_hx",
    ),
    path(
        "partnerskap/<int:pk>/resultat/<int:goal_pk>/<slug:start>/",
        figure_views.figure_edit,
        name="figure_edit",
    ),
    path("siffra/<int:pk>/granska/", figure_views.figure_review, name="figure_review"),
    path("siffra/<int:pk>/ratta/", figure_views.figure_correct, name="figure_correct"),
    path(
        "avvikelser/<int:year>/<int:quarter>/", quarterly_views.deviation_measures, name="deviation_measures"
    ),
    path("avvikelser/<int:year>/<int:quarter>/ny/", quarterly_views.deviation_add, name="deviation_add"),
    path("avvikelser/<int:year>/<int:quarter>/atgard/", quarterly_views.measure_add_view, name="measure_add"),
    path("atgard/<int:pk>/klar/", quarterly_views.measure_done_view, name="measure_done"),
    path(
        "partnerskap/<int:pk>/lagesutveckling/<int:year>/<int:quarter>/",
        quarterly_views.progress_edit,
        name="progress_edit",
    ),
    path(
        "kvartalsrapport/<int:year>/<int:quarter>/forhandsvisning/",
        quarterly_views.quarterly_preview,
        name="quarterly_preview",
    ),
]
