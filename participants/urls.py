from django.urls import include, path

app_name = "participants"
urlpatterns: list = [
    path("", include("participants.urls_extra")),
]
