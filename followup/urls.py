from django.urls import path

from followup import views

app_name = "followup"
urlpatterns = [
    path("", views.my_participants, name="my_participants"),
    path("plats/<int:pk>/", views.placement_detail, name="placement"),
    path("plats/<int:pk>/samtal/ny/<slug:kind>/", views.talk_create, name="talk_create"),
    path("plats/<int:pk>/samtal/falt/", views.talk_fields_hx, name="talk_fields_hx"),
    path("plats/<int:pk>/skattning/<slug:occasion>/<slug:kind>/", views.assessment_edit, name="assessment"),
    path("plats/<int:pk>/progression/", views.progression, name="progression"),
    path("plats/<int:pk>/efter-avslut/<int:months>/", views.exit_followup, name="exit_followup"),
    path("samtal/<int:pk>/", views.talk_detail, name="talk_detail"),
    path("samtal/<int:pk>/andra/", views.talk_edit, name="talk_edit"),
    path("partnerskap/<int:pk>/sjalvskattning/", views.instrument_edit, name="instrument_edit"),
    path("partnerskap/<int:pk>/progression/", views.partnership_progression, name="partnership_progression"),
    path("paminnelser/", views.notification_list, name="notifications"),
    path("paminnelser/klocka/", views.notification_bell_hx, name="notification_bell_hx"),
    path("paminnelser/<int:pk>/klar/", views.notification_done, name="notification_done"),
    path("paminnelser/installningar/", views.notification_settings, name="notification_settings"),
]
