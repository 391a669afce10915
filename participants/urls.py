"""URLs of the participants app (namespace `participants`), mounted at /deltagare/."""

from django.urls import path

from participants.views import (
    access_log,
    consents,
    imports,
    occupancy,
    participants,
    placement_records,
    placements,
    referrals,
)

app_name = "participants"
urlpatterns = [
    path("", participants.participant_list, name="list"),
    path("ny/", participants.participant_create_view, name="create"),
    path("handlaggare.json", participants.case_officer_lookup, name="case_officer_lookup"),
    path("<int:pk>/", participants.participant_detail, name="detail"),
    path("<int:pk>/andra/", participants.participant_edit, name="edit"),
    path("<int:pk>/samtycke/", consents.consent_create, name="consent_create"),
    path("samtycke/<int:pk>/aterkalla/", consents.consent_withdraw_view, name="consent_withdraw"),
    path("samtycke/<int:pk>/dokument/", consents.consent_document, name="consent_document"),
    path("<int:pk>/anvisning/", referrals.referral_create_view, name="referral_create"),
    path("anvisning/<int:pk>/status/<slug:status>/", referrals.referral_status, name="referral_status"),
    path("anvisning/<int:pk>/koplats/", referrals.queue_reorder, name="queue_reorder"),
    path("anvisning/<int:pk>/starta/", placements.placement_start_view, name="placement_start"),
    path("ko/<int:pk>/", referrals.queue, name="queue"),
    path("plats/<int:pk>/", placements.placement_detail, name="placement_detail"),
    path("plats/<int:pk>/andra/", placements.placement_edit, name="placement_edit"),
    path("plats/<int:pk>/forlang/", placements.placement_extend_view, name="placement_extend"),
    path(
        "plats/<int:pk>/forlang/godkannare/<slug:side>.json",
        placements.approver_lookup,
        name="approver_lookup",
    ),
    path("plats/<int:pk>/avsluta/", placements.placement_end_view, name="placement_end"),
    path("plats/<int:pk>/uppehall/", placement_records.pause_create, name="pause_create"),
    path("uppehall/<int:pk>/avsluta/", placement_records.pause_end_view, name="pause_end"),
    path("plats/<int:pk>/steg/", placement_records.step_create, name="step_create"),
    path("plats/<int:pk>/plan/", placement_records.plan_create, name="plan_create"),
    # The occupancy page, the spreadsheet import and the access-log review.
    path("belaggning/<int:pk>/", occupancy.occupancy_view, name="occupancy"),
    path("import/", imports.import_upload, name="import"),
    path("import/mall.xlsx", imports.import_template, name="import_template"),
    path("atkomstlogg/", access_log.access_log_list, name="access_log"),
    path("atkomstlogg/anvandare.json", access_log.access_log_users, name="access_log_users"),
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
