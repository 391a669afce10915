"""Tab pages of the partnership hub that belong to the registry itself (iop.hub): Dokument."""

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from iop.models import Amendment, AmendmentApproval, PartnershipParty
from iop.permissions import ANY_ROLE, allow, is_coordinator
from iop.selectors import partnerships_visible_to


@allow(ANY_ROLE)
@require_GET
def partnership_documents(request: HttpRequest, pk: int) -> HttpResponse:
    """The agreement's written amendments (ändringar) with their documents and each party's approval.
    Three queries whatever the number of amendments."""
    partnership = get_object_or_404(
        partnerships_visible_to(request.user).prefetch_related(
            Prefetch("parties", queryset=PartnershipParty.objects.select_related("organisation")),
            Prefetch(
                "amendments",
                queryset=Amendment.objects.prefetch_related(
                    Prefetch(
                        "approvals", queryset=AmendmentApproval.objects.select_related("party__organisation")
                    )
                ),
            ),
        ),
        pk=pk,
    )
    return render(
        request,
        "iop/partnership_documents.html",
        {"p": partnership, "can_edit": is_coordinator(request.user)},
    )
