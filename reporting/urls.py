"""URLs of the reporting app (namespace `reporting`)."""

from django.urls import path

from reporting import views

app_name = "reporting"
urlpatterns = [
    path("", views.index, name="index"),
    path("bestall/", views.request_report, name="request"),
    path("jobb/<int:pk>/status/", views.job_status_hx, name="job_status_hx"),
    path("fil/<int:pk>/", views.download, name="download"),
]
