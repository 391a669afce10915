"""URLs of the security pages and the accessibility statement (namespace `security`)."""

from django.urls import path

from iop.views import security as views

app_name = "security"

urlpatterns = [
    path("sakerhet/", views.security_settings, name="settings"),
    path("sakerhet/sparr/<int:pk>/hav/", views.security_lockout_reset, name="lockout_reset"),
    path("sakerhet/tvafaktor/", views.two_factor_setup, name="two_factor_setup"),
    path("sakerhet/tvafaktor/aterstall/", views.security_two_factor_reset, name="two_factor_reset"),
    path("sakerhet/tvafaktor/verifiera/", views.two_factor_verify, name="two_factor_verify"),
    path("session/forlang/", views.session_extend_view, name="session_extend"),
    path("tillganglighet/", views.accessibility_statement, name="accessibility"),
    path("tillganglighet/synpunkter/", views.accessibility_reports, name="accessibility_reports"),
]
