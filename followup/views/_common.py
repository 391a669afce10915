"""What the followup pages share: the roles that work with participants, short labels and the posted
form's shape. The scoped lookups live in followup.access."""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from followup.models import SelfAssessment, Talk
from iop.form_posts import post_form
from iop.roles import Role
from participants.models import Placement
from participants.services import write_logged

WORKERS = (Role.AMS, Role.HANDLEDARE, Role.SAMORDNARE)
# Short button and column labels that fit two to a row on a 360 px phone.
SHORT_KIND_LABELS: dict[str, Promise] = {
    Talk.Kind.STUDY_VISIT: gettext_lazy("Studiebesök"),
    Talk.Kind.START_MEETING: gettext_lazy("Introduktion"),
    Talk.Kind.SUPERVISION_TALK: gettext_lazy("Handledning"),
    Talk.Kind.FOLLOWUP_MEETING: gettext_lazy("Uppföljning"),
    Talk.Kind.EXIT_MEETING: gettext_lazy("Avslutning"),
    Talk.Kind.SUPPORT_TALK: gettext_lazy("Stödsamtal"),
    Talk.Kind.OTHER: gettext_lazy("Annat"),
}
# The talk kinds as nouns for page titles ("Nytt handledningssamtal – …"); all are neuter in Swedish.
TALK_NOUNS: dict[str, Promise] = {
    Talk.Kind.STUDY_VISIT: gettext_lazy("studiebesök"),
    Talk.Kind.START_MEETING: gettext_lazy("uppstartsmöte"),
    Talk.Kind.SUPERVISION_TALK: gettext_lazy("handledningssamtal"),
    Talk.Kind.FOLLOWUP_MEETING: gettext_lazy("uppföljningsmöte"),
    Talk.Kind.EXIT_MEETING: gettext_lazy("avslutningsmöte"),
    Talk.Kind.SUPPORT_TALK: gettext_lazy("stödsamtal"),
    Talk.Kind.OTHER: gettext_lazy("samtal"),
}
SHORT_ASSESSOR_LABELS: dict[str, Promise] = {
    SelfAssessment.Kind.PARTICIPANT: gettext_lazy("Deltagaren"),
    SelfAssessment.Kind.CASE_OFFICER: gettext_lazy("Handläggaren"),
    SelfAssessment.Kind.SUPERVISOR: gettext_lazy("Handledaren"),
}


def now_local() -> dt.datetime:
    return timezone.localtime().replace(second=0, microsecond=0)


def bad_request(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    return render(request, template, context, status=400)


ASSESSMENT_KIND_ROLES: dict[str, tuple[str, ...]] = {
    SelfAssessment.Kind.PARTICIPANT: WORKERS,
    SelfAssessment.Kind.CASE_OFFICER: (Role.AMS, Role.SAMORDNARE),
    SelfAssessment.Kind.SUPERVISOR: (Role.HANDLEDARE, Role.SAMORDNARE),
}


def save_posted_form(
    request: HttpRequest,
    form: BaseForm,
    template: str,
    context: dict,
    *,
    save: Callable[[], Any],
    placement: Placement,
    action: str,
    detail: Callable[[Any], str],
    success: str,
    done: Callable[[Any], HttpResponse],
) -> HttpResponse:
    """A posted followup form: when valid, `save` runs the service with it and its access-log row about
    the placement's participant (`action`, `detail` of what was saved) is written in the same transaction
    (`participants.services.write_logged`): no save without its row, no row without the save. A refused
    save is shown at the form (400); a save shows the success message and answers `done` of what was saved."""
    return post_form(
        request,
        form,
        lambda: write_logged(
            request_or_user=request,
            write=save,
            action=action,
            participant=placement.participant_id,
            detail=detail,
        ),
        success=success,
        done=done,
        failed=lambda: bad_request(request, template, context | {"form": form}),
        on_error=lambda form, exc: form.add_error(None, exc),
    )
