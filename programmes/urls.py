from django.urls import path

from . import views

app_name = "programmes"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.overview, name="overview"),
    path("<int:pk>/processledare/<int:user_pk>/", views.leader_caseload, name="leader"),
    path("<int:pk>/esf-export/", views.esf_export, name="esf_export"),
    path("team/<int:pk>/", views.team_caseload, name="team"),
    path("team/<int:pk>/skriv-in/", views.enrol, name="enrol"),
    path("inskrivning/<int:pk>/", views.enrolment_detail, name="enrolment"),
    path("inskrivning/<int:pk>/team/", views.reassign, name="reassign"),
    path("inskrivning/<int:pk>/samtal/", views.phase_talk, name="phase_talk"),
    path("inskrivning/<int:pk>/nasta-fas/", views.phase_next, name="phase_next"),
    path("inskrivning/<int:pk>/aktivitet/", views.participation_add, name="participation_add"),
    path("inskrivning/<int:pk>/aktivitet/samtal/", views.participation_talk, name="participation_talk"),
    path("inskrivning/<int:pk>/utskrivning/", views.exit_enrolment, name="exit"),
    path("inskrivning/<int:pk>/esf/", views.esf_entry, name="esf_entry"),
    path("inskrivning/<int:pk>/situation/", views.situation, name="situation"),
    path("inskrivning/<int:pk>/plan/", views.joint_plan, name="plan"),
    path("inskrivning/<int:pk>/aktivitet/avsluta/", views.participation_close, name="participation_close"),
    path(
        "team/<int:pk>/tidrapporter/<int:year>/<int:month>/", views.participant_time, name="participant_time"
    ),
    path("team/<int:pk>/tidrapporter/<int:year>/<int:month>/rapportera/", views.time_lock, name="time_lock"),
    path("team/<int:pk>/personaltid/<int:year>/<int:month>/", views.staff_time, name="staff_time"),
]
