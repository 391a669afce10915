"""Consent pages (samtycke): register a consent, withdraw it, download its scan. The responsible case
officer and samordnare only."""

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from iop.http import AuthenticatedHttpRequest
from iop.permissions import allow
from iop.roles import Role
from iop.uploads import serve_private_file
from participants.access import consent_or_deny, log_download, participant_or_deny, require_change_right
from participants.forms import ConsentForm, ConsentWithdrawForm
from participants.models import AccessLog, Participant
from participants.selectors import display_name
from participants.services import consent_register, consent_withdraw

from ._forms import logged_form_page


@require_http_methods(["GET", "POST"])
@allow(Role.AMS, Role.SAMORDNARE)
def consent_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    participant = participant_or_deny(request, pk, detail="registrera samtycke")
    require_change_right(request, participant, detail="registrera samtycke")
    form = ConsentForm(request.POST or None, request.FILES or None)

    def save() -> Participant:
        party = form.cleaned_data["party"]
        consent_register(
            participant=participant,
            partnership=party.partnership,
            organisation=party.organisation,
            given_on=form.cleaned_data["given_on"],
            documentation_note=form.cleaned_data["documentation_note"],
            document=form.cleaned_data.get("document") or None,
            by=request.user,
        )
        return participant

    return logged_form_page(
        request,
        form,
        "participants/consent_form.html",
        {"form": form, "p": participant, "name": display_name(participant, request.user)},
        save=save,
        action=AccessLog.Action.CREATE,
        detail="samtycke",
        success=_("Samtycket är registrerat."),
    )


@require_http_methods(["GET", "POST"])
@allow(Role.AMS, Role.SAMORDNARE)
def consent_withdraw_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    consent = consent_or_deny(request, pk, detail="återkalla samtycke")
    participant = consent.participant
    form = ConsentWithdrawForm(request.POST or None, initial={"withdrawn_on": timezone.localdate()})

    def save() -> Participant:
        consent_withdraw(consent=consent, withdrawn_on=form.cleaned_data["withdrawn_on"], by=request.user)
        return participant

    return logged_form_page(
        request,
        form,
        "participants/consent_withdraw.html",
        {"form": form, "consent": consent, "p": participant, "name": display_name(participant, request.user)},
        save=save,
        action=AccessLog.Action.CHANGE,
        detail="samtycke återkallat",
        success=_("Samtycket är återkallat."),
    )


@require_http_methods(["GET"])
@allow(Role.AMS, Role.SAMORDNARE)
def consent_document(request: HttpRequest, pk: int) -> FileResponse:
    """Download the consent scan; access-checked and logged as a download."""
    consent = consent_or_deny(request, pk, detail="samtyckesdokument")
    if not consent.document or not consent.document.storage.exists(consent.document.name):
        raise Http404
    log_download(request, consent.participant, detail=f"samtyckesdokument {consent.pk}")
    extension = consent.document.name.rsplit(".", 1)[-1].lower()[:5]
    return serve_private_file(request, consent.document, filename=f"samtycke-{consent.pk}.{extension}")
