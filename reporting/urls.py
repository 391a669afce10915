"""URLs of the reporting app (namespace `reporting`)."""

from django.urls import path

from reporting import dashboards, figure_views, partnership_reports, views

app_name = "reporting"
urlpatterns = [
    path("", views.index, name="index"),
    path("bestall/", views.request_report, name="request"),
    path("jobb/<int:pk>/status/", views.job_status_hx, name="job_status_hx"),
    path("fil/<int:pk>/", views.download, name="download"),
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
    path("avvikelser/<int:year>/<int:quarter>/", dashboards.deviation_measures, name="deviation_measures"),
]
