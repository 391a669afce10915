from django.urls import path

from invoicing.views import downloads, esf_budget, invoices, overview, partner_deliveries, workflow

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
    # What the partner delivers (hub tab Dokument → Från parten).
    path(
        "partnerskap/<int:pk>/fran-parten/", partner_deliveries.partner_deliveries, name="partner_deliveries"
    ),
    path(
        "partnerskap/<int:pk>/fran-parten/handling/",
        partner_deliveries.partner_document_upload,
        name="partner_document_upload",
    ),
    path(
        "partnerskap/<int:pk>/fran-parten/sista-dag/",
        partner_deliveries.partner_document_deadline,
        name="partner_document_deadline",
    ),
    path(
        "partnerskap/<int:pk>/fran-parten/ekonomisk-forandring/",
        partner_deliveries.economic_notice_create,
        name="economic_notice_create",
    ),
    # A programme's ESF budget (Översikt → Budget → ESF-budget).
    path("partnerskap/<int:pk>/esf-budget/", esf_budget.esf_budget, name="esf_budget"),
    path("partnerskap/<int:pk>/esf-budget/rad/", esf_budget.esf_budget_line, name="esf_budget_line_create"),
    path(
        "partnerskap/<int:pk>/esf-budget/rad/<int:line_pk>/",
        esf_budget.esf_budget_line,
        name="esf_budget_line_edit",
    ),
    path("partnerskap/<int:pk>/esf-budget/finansiar/", esf_budget.esf_financier, name="esf_financier_create"),
    path(
        "partnerskap/<int:pk>/esf-budget/finansiar/<int:financier_pk>/",
        esf_budget.esf_financier,
        name="esf_financier_edit",
    ),
    path("partnerskap/<int:pk>/esf-budget/schablon/", esf_budget.esf_flat_rate, name="esf_flat_rate"),
    path(
        "handlingar/<int:pk>/ladda-ned/",
        partner_deliveries.partner_document_download,
        name="partner_document_download",
    ),
    path(
        "handlingar/<int:pk>/mottagen/",
        partner_deliveries.partner_document_receive,
        name="partner_document_receive",
    ),
    path(
        "ekonomiska-forandringar/<int:pk>/kvittera/",
        partner_deliveries.economic_notice_acknowledge,
        name="economic_notice_acknowledge",
    ),
]
