"""What the partner delivers, one page per partnership (hub tab Dokument → Från parten): the yearly
documents with their status, upload by the non-profit party, receipt and due day by the IOP-samordnare,
the notices of economic change and their acknowledgement. Thin views: access, form, service, redirect."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from invoicing.delivery_forms import (
    EconomicChangeAcknowledgeForm,
    EconomicChangeNoticeForm,
    PartnerDocumentDeadlineForm,
    PartnerDocumentUploadForm,
)
from invoicing.models import EconomicChangeNotice, PartnerDocument, PartnerDocumentDeadline
from invoicing.selectors import (
    DELIVERY_VIEW_ROLES,
    PARTNER_ROLES,
    document_years,
    is_partner_user,
    notices_for_page,
    partner_document_rows,
)
from invoicing.services import partner_deliveries as services
from iop.form_posts import post_form
from iop.http import AuthenticatedHttpRequest
from iop.models import Partnership
from iop.permissions import COORDINATOR, allow, is_coordinator
from iop.selectors import partnerships_visible_to
from iop.uploads import serve_private_file


def _partnership_or_404(request: HttpRequest, pk: int) -> Partnership:
    return get_object_or_404(partnerships_visible_to(request.user).prefetch_related("periods"), pk=pk)


def _acknowledge_form(partnership: Partnership, notice: EconomicChangeNotice, forms: dict):
    """Each notice's own form (its own field ids); the one just refused keeps its errors."""
    if forms.get("failed_notice") == notice.pk:
        return forms["acknowledge_form"]
    return EconomicChangeAcknowledgeForm(partnership=partnership, prefix=f"n{notice.pk}")


def _page(
    request: AuthenticatedHttpRequest, partnership: Partnership, *, status: int = 200, **forms
) -> HttpResponse:
    today = timezone.localdate()
    partner = is_partner_user(request.user, partnership)
    coordinator = is_coordinator(request.user)
    years = document_years(partnership, today)
    deadline = PartnerDocumentDeadline.objects.filter(partnership=partnership).first()
    context = {
        "p": partnership,
        "rows": partner_document_rows(partnership, as_of=today),
        "notices": [
            (n, _acknowledge_form(partnership, n, forms) if coordinator and not n.acknowledged_at else None)
            for n in notices_for_page(partnership)
        ],
        "is_partner": partner,
        "is_coordinator": coordinator,
        "upload_form": forms.get("upload_form")
        or (PartnerDocumentUploadForm(years=years) if partner else None),
        "notice_form": forms.get("notice_form") or (EconomicChangeNoticeForm() if partner else None),
        "deadline_form": forms.get("deadline_form")
        or (PartnerDocumentDeadlineForm(instance=deadline) if coordinator else None),
    }
    return render(request, "invoicing/partner_deliveries.html", context, status=status)


@allow(DELIVERY_VIEW_ROLES)
@require_GET
def partner_deliveries(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _page(request, _partnership_or_404(request, pk))


def _post_form(
    request: AuthenticatedHttpRequest,
    partnership: Partnership,
    form,
    write: Callable[[dict], object],
    *,
    done: str,
    form_key: str,
    **page_extra,
) -> HttpResponse:
    """The one shape of every form on the page: a valid form goes to its service, which may still refuse
    (its message at the field); success redirects to the page, a refusal re-renders it with 400."""
    return post_form(
        request,
        form,
        lambda: write(form.cleaned_data),
        success=done,
        done=lambda _saved: redirect("invoicing:partner_deliveries", pk=partnership.pk),
        failed=lambda: _page(request, partnership, status=400, **{form_key: form}, **page_extra),
    )


@allow(PARTNER_ROLES)
@require_POST
def partner_document_upload(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership_or_404(request, pk)
    form = PartnerDocumentUploadForm(
        request.POST, request.FILES, years=document_years(partnership, timezone.localdate())
    )
    return _post_form(
        request,
        partnership,
        form,
        lambda data: services.partner_document_upload(
            partnership=partnership,
            kind=data["kind"],
            year=data["year"],
            upload=data["file"],
            by=request.user,
        ),
        done=_("Handlingen är inlämnad."),
        form_key="upload_form",
    )


@allow(DELIVERY_VIEW_ROLES)
@require_GET
def partner_document_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    document = get_object_or_404(
        PartnerDocument.objects.filter(partnership__in=partnerships_visible_to(request.user)), pk=pk
    )
    return serve_private_file(request, document.file, filename=document.file_name)


@allow(COORDINATOR)
@require_POST
def partner_document_receive(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(
        PartnerDocument.objects.filter(partnership__in=partnerships_visible_to(request.user)), pk=pk
    )
    try:
        services.partner_document_receive(document=document, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return _page(request, _partnership_or_404(request, document.partnership_id), status=400)
    messages.success(request, _("Handlingen är markerad som mottagen."))
    return redirect("invoicing:partner_deliveries", pk=document.partnership_id)


@allow(COORDINATOR)
@require_POST
def partner_document_deadline(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership_or_404(request, pk)
    return _post_form(
        request,
        partnership,
        PartnerDocumentDeadlineForm(request.POST),
        lambda data: services.partner_document_deadline_set(
            partnership=partnership, due_month=data["due_month"], due_day=data["due_day"], by=request.user
        ),
        done=_("Sista dagen för handlingarna är sparad."),
        form_key="deadline_form",
    )


@allow(PARTNER_ROLES)
@require_POST
def economic_notice_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership_or_404(request, pk)
    return _post_form(
        request,
        partnership,
        EconomicChangeNoticeForm(request.POST),
        # The form's fields are the service's: description, amount, effective_from.
        lambda data: services.economic_change_notify(partnership=partnership, by=request.user, **data),
        done=_("Anmälan om ekonomisk förändring är registrerad."),
        form_key="notice_form",
    )


@allow(COORDINATOR)
@require_POST
def economic_notice_acknowledge(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    notice = get_object_or_404(
        EconomicChangeNotice.objects.filter(partnership__in=partnerships_visible_to(request.user)), pk=pk
    )
    partnership = _partnership_or_404(request, notice.partnership_id)
    return _post_form(
        request,
        partnership,
        EconomicChangeAcknowledgeForm(request.POST, partnership=partnership, prefix=f"n{notice.pk}"),
        lambda data: services.economic_change_acknowledge(
            notice=notice, by=request.user, comment=data["comment"], amendment=data["amendment"]
        ),
        done=_("Anmälan är kvitterad."),
        form_key="acknowledge_form",
        failed_notice=notice.pk,
    )
