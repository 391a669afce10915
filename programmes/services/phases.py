"""A programme's phases and a participant's way through them.

Seed 003: "Varje aktivitet eller fasförflyttning inleds och avslutas med ett uppföljningssamtal med
teamet." A participant moves to the next phase only once a closing follow-up talk has been held in the
current one; the move is refused with a message otherwise.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from iop.models import Partnership
from participants.models import AccessLog
from participants.services import lock_partnership

from ..models import Enrolment, EnrolmentPhase, Phase, PhaseTalk
from .logged import write_for_enrolment
from .talks import assert_closed_by_talk, talk_save

# Malmökraften 2.0's three phases (seed 003, "Deltagarens väg genom projektet"): the default sequence of
# a programme that has not configured its own.
DEFAULT_PHASES = (
    gettext_lazy("Kartläggning"),
    gettext_lazy("Samordnad planering och kompetenshöjande insatser"),
    gettext_lazy("Utmatchning"),
)


def phases_of(partnership: Partnership) -> QuerySet[Phase]:
    """The programme's phases in order; the default three are created the first time they are needed."""
    phases = Phase.objects.filter(partnership=partnership).order_by("position")
    if not phases.exists():
        Phase.objects.bulk_create(
            Phase(partnership=partnership, position=i, name=str(name))
            for i, name in enumerate(DEFAULT_PHASES, start=1)
        )
    return phases


def current_phase_entry(enrolment: Enrolment) -> EnrolmentPhase:
    return enrolment.phase_history.get(end_date__isnull=True)


def phase_talk_add(
    *, enrolment: Enrolment, purpose: str, held_on: dt.date, notes: str = "", by: Any, request: Any = None
) -> PhaseTalk:
    """Record a follow-up talk that opens or closes the participant's current phase."""

    def write() -> PhaseTalk:
        entry = current_phase_entry(enrolment)
        talk = PhaseTalk(enrolment_phase=entry, purpose=purpose, held_on=held_on, notes=notes, created_by=by)
        message = _("Samtalet kan inte vara före fasens start %(day)s.")
        return talk_save(talk, start=entry.start_date, message=message)

    return write_for_enrolment(
        enrolment,
        write=write,
        action=AccessLog.Action.CREATE,
        what="uppföljningssamtal i fas",
        by=by,
        request=request,
    )


def phase_advance(*, enrolment: Enrolment, on: dt.date, by: Any, request: Any = None) -> Enrolment:
    """Move the participant to the programme's next phase on `on`. Refused unless the current phase has
    been closed by a follow-up talk, and in the last phase."""

    def write() -> Enrolment:
        lock_partnership(enrolment.partnership_id)
        fresh = Enrolment.objects.select_related("phase").get(pk=enrolment.pk)
        entry = current_phase_entry(fresh)
        if fresh.end_date is not None:
            raise ValidationError(_("Deltagaren är utskriven ur programmet."))
        assert_closed_by_talk(
            entry.talks.all(),
            _(
                "Fasen %(phase)s är inte avslutad med ett uppföljningssamtal. Registrera det avslutande "
                "samtalet med teamet innan deltagaren går vidare till nästa fas."
            )
            % {"phase": fresh.phase.name},
        )
        following = (
            Phase.objects.filter(partnership_id=fresh.partnership_id, position__gt=fresh.phase.position)
            .order_by("position")
            .first()
        )
        if following is None:
            raise ValidationError(_("Deltagaren är redan i programmets sista fas."))
        if on < entry.start_date:
            raise ValidationError(
                {"on": _("Fasbytet kan inte vara före fasens start %(day)s.") % {"day": entry.start_date}}
            )
        entry.end_date = on
        entry.save(update_fields=["end_date"])
        EnrolmentPhase.objects.create(enrolment=fresh, phase=following, start_date=on)
        fresh.phase = following
        fresh.save(update_fields=["phase", "updated_at"])
        return fresh

    return write_for_enrolment(
        enrolment, write=write, action=AccessLog.Action.CHANGE, what="nästa fas", by=by, request=request
    )
