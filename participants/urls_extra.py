"""URLs of the occupancy page, the import and the access-log review; included in the participants
namespace by participants/urls.py (reverse as participants:<name>)."""

from django.urls import path

from participants.views_extra import access_log, imports, occupancy

urlpatterns = [
    path("belaggning/<int:pk>/", occupancy.occupancy_view, name="occupancy"),
    path("import/", imports.import_upload, name="import"),
    path("import/mall.xlsx", imports.import_template, name="import_template"),
    path("atkomstlogg/", access_log.access_log_list, name="access_log"),
    path("atkomstlogg/export/", access_log.access_log_export, name="access_log_export"),
    path(
        "atkomstlogg/deltagare/<int:participant_id>/",
        access_log.access_log_participant,
        name="access_log_participant",
    ),
    path("atkomstlogg/anvandare/<int:user_id>/", access_log.access_log_user, name="access_log_user"),
    path("atkomstlogg/granskningar/", access_log.access_log_review_list, name="access_log_reviews"),
    path(
        "atkomstlogg/granskningar/ny/", access_log.access_log_review_create, name="access_log_review_create"
    ),
]
