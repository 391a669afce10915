"""Root URL configuration."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from config.views import bare, home
from iop import views
from iop.forms import LoginForm
from iop.permissions import authenticated, public
from iop.security import two_factor_exempt

admin.site.site_header = "IOP-administration – Malmö stad"
admin.site.site_title = "IOP-administration"

urlpatterns = [
    path("", home, name="home"),
    path("halsa/", views.healthz, name="healthz"),
    path("halsa/inloggad/", bare, name="bare"),
    path(
        "logga-in/",
        public(
            auth_views.LoginView.as_view(
                template_name="registration/login.html",
                authentication_form=LoginForm,
                redirect_authenticated_user=True,
            )
        ),
        name="login",
    ),
    path("logga-ut/", two_factor_exempt(authenticated(auth_views.LogoutView.as_view())), name="logout"),
    path(
        "losenord/",
        authenticated(
            auth_views.PasswordChangeView.as_view(template_name="registration/password_change.html")
        ),
        name="password_change",
    ),
    path(
        "losenord/klart/",
        authenticated(
            auth_views.PasswordChangeDoneView.as_view(template_name="registration/password_change_done.html")
        ),
        name="password_change_done",
    ),
    path("partnerskap/", include("iop.urls")),
    path("deltagare/", include("participants.urls")),
    path("uppfoljning/", include("followup.urls")),
    path("rapporter/", include("reporting.urls")),
    path("program/", include("programmes.urls")),
    path("fakturor/", include("invoicing.urls")),
    path("", include("iop.urls_security")),
    path("admin/", admin.site.urls),
]

handler403 = "iop.views.permission_denied"
handler404 = "iop.views.page_not_found"
handler500 = "iop.views.server_error"
