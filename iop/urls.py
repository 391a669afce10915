"""URLs of the partnership registry (namespace `iop`)."""

from django.urls import path

from iop.views import hub, items, organisations, partnerships, risks, tables, wizard

app_name = "iop"
urlpatterns = [
    path("", partnerships.partnership_list, name="partnership_list"),
    path("nytt/", partnerships.partnership_create, name="partnership_create"),
    path("<int:pk>/", partnerships.partnership_detail, name="partnership_detail"),
    path("<int:pk>/andra/", partnerships.partnership_edit, name="partnership_edit"),
    path("ny-overenskommelse/", wizard.partnership_wizard, name="partnership_wizard"),
    path("ny-overenskommelse/<slug:step>/", wizard.partnership_wizard, name="partnership_wizard_step"),
    path("<int:pk>/tabeller/", tables.partnership_tables, name="partnership_tables"),
    path("<int:pk>/handlingar/", hub.partnership_documents, name="partnership_documents"),
    path("<int:pk>/historik/", partnerships.partnership_history_view, name="partnership_history"),
    path("<int:pk>/andringar/<int:item_pk>/dokument/", items.amendment_document, name="amendment_document"),
    path("<int:pk>/risker/", risks.risk_list, name="risk_list"),
    path("<int:pk>/risker/ny/", risks.risk_create, name="risk_create"),
    path("<int:pk>/risker/<int:risk_pk>/andra/", risks.risk_edit, name="risk_edit"),
    path("<int:pk>/anvandare.json", items.party_user_lookup, name="party_user_lookup"),
    path("organisationer/", organisations.organisation_list, name="organisation_list"),
    path("organisationer/ny/", organisations.organisation_create, name="organisation_create"),
    path("organisationer/<int:pk>/andra/", organisations.organisation_edit, name="organisation_edit"),
]

# Create / edit / delete pages of each part of a partnership: iop:goal_create, iop:goal_edit, …
for _kind in items.KINDS:
    urlpatterns += [
        path(
            f"<int:pk>/{_kind.slug}/ny/",
            items.item_create,
            {"kind": _kind.name},
            name=f"{_kind.name}_create",
        ),
        path(
            f"<int:pk>/{_kind.slug}/<int:item_pk>/",
            items.item_edit,
            {"kind": _kind.name},
            name=f"{_kind.name}_edit",
        ),
    ]
    if _kind.deletable:
        urlpatterns.append(
            path(
                f"<int:pk>/{_kind.slug}/<int:item_pk>/ta-bort/",
                items.item_delete,
                {"kind": _kind.name},
                name=f"{_kind.name}_delete",
            )
        )
