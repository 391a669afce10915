from django.urls import path

from followup.views import assessments, exit_followups, notifications, placements, progression, talks

app_name = "followup"
urlpatterns = [
    path("", placements.my_participants, name="my_participants"),
    path("plats/<int:pk>/", placements.placement_detail, name="placement"),
    path("plats/<int:pk>/samtal/ny/<slug:kind>/", talks.talk_create, name="talk_create"),
    path("plats/<int:pk>/samtal/falt/", talks.talk_fields_hx, name="talk_fields_hx"),
    path(
        "plats/<int:pk>/skattning/<slug:occasion>/<slug:kind>/",
        assessments.assessment_edit,
        name="assessment",
    ),
    path("plats/<int:pk>/progression/", progression.progression, name="progression"),
    path("plats/<int:pk>/efter-avslut/<int:months>/", exit_followups.exit_followup, name="exit_followup"),
    path("samtal/<int:pk>/", talks.talk_detail, name="talk_detail"),
    path("samtal/<int:pk>/andra/", talks.talk_edit, name="talk_edit"),
    path("partnerskap/<int:pk>/sjalvskattning/", assessments.instrument_edit, name="instrument_edit"),
    path(
        "partnerskap/<int:pk>/progression/",
        progression.partnership_progression,
        name="partnership_progression",
    ),
    path("paminnelser/", notifications.notification_list, name="notifications"),
    path("paminnelser/klocka/", notifications.notification_bell_hx, name="notification_bell_hx"),
    path("paminnelser/<int:pk>/klar/", notifications.notification_done, name="notification_done"),
    path("paminnelser/installningar/", notifications.notification_settings, name="notification_settings"),
]
