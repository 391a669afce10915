from django.urls import path

from . import views

app_name = "invoicing"
urlpatterns = [
    path("", views.invoice_list, name="list"),
    path("ny/", views.invoice_create, name="create"),
    path("oversikt/", views.overview, name="overview"),
    path("export/", views.bulk_export, name="bulk_export"),
    path("<int:pk>/", views.invoice_detail, name="detail"),
    path("<int:pk>/andra/", views.invoice_edit, name="edit"),
    path("<int:pk>/skicka-in/", views.invoice_submit, name="submit"),
    path("<int:pk>/attestera/", views.invoice_approve, name="approve"),
    path("<int:pk>/returnera/", views.invoice_return, name="return"),
    path("<int:pk>/betald/", views.invoice_mark_paid, name="mark_paid"),
    path("<int:pk>/kreditera/", views.invoice_credit, name="credit"),
    path("<int:pk>/ladda-ned/<slug:fmt>/", views.invoice_download, name="download"),
    path("<int:pk>/rader/<int:line_pk>/verifikation/", views.line_verification, name="verification"),
]
