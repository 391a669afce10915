"""URLs of the partnership registry (namespace `iop`)."""

from django.urls import path

from iop.views import partnerships

app_name = "iop"
urlpatterns = [
    path("", partnerships.partnership_list, name="partnership_list"),
    path("<int:pk>/", partnerships.partnership_detail, name="partnership_detail"),
]
