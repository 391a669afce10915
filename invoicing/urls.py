from django.urls import path

from invoicing.views import downloads, invoices, overview, workflow

app_name = "invoicing"
urlpatterns = [
    path("", invoices.invoice_list, name="list"),
    path("ny/", invoices.invoice_create, name="create"),
    path("oversikt/", overview.overview, name="overview"),
    path("export/", downloads.bulk_export, name="bulk_export"),
    path("<int:pk>/", invoices.invoice_detail, name="detail"),
    path("<int:pk>/andra/", invoices.invoice_edit, name="edit"),
    path("<int:pk>/skicka-in/", workflow.invoice_submit, name="submit"),
    path("<int:pk>/attestera/", workflow.invoice_approve, name="approve"),
    path("<int:pk>/returnera/", workflow.invoice_return, name="return"),
    path("<int:pk>/betald/", workflow.invoice_mark_paid, name="mark_paid"),
    path("<int:pk>/kreditera/", workflow.invoice_credit, name="credit"),
    path("<int:pk>/ladda-ned/<slug:fmt>/", downloads.invoice_download, name="download"),
    path("<int:pk>/rader/<int:line_pk>/verifikation/", downloads.line_verification, name="verification"),
]
