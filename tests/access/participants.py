"""Access rules of the participant pages (participants app).

The world gets a participant with consent and an ongoing placement (case officer `ams`, supervisor
`handledare` with a signed undertaking), a second participant with an accepted (queued) referral, a
pause and a consent. Roles that never see participants get 403 on the participant and placement pages
(and the refusal is logged); pages for changes are limited to the roles named in the views.

The queue (`participants:queue`) answers 200 to every viewer; which names it shows is the rule of
`participants.selectors.queue_names_visible_to` (SECURITY.md): a handledare sees only queued participants
who can start within 30 days and consented to the organisation (participants/tests/test_queue_scope.py).
Every page that shows personal data writes an access-log row (tests/security/test_access_log_crawl.py).
"""

import datetime as dt

from django.utils import timezone

from participants.models import Pause, Referral
from participants.tests.factories import ConsentFactory, ParticipantFactory, PlacementFactory, ReferralFactory
from tests.access.matrix import only
from tests.factories import WorkAreaFactory

VIEWERS = ("ams", "handledare", "samordnare")
DECIDERS = ("ams", "samordnare")


def extend_world(world) -> None:
    today = timezone.localdate()
    ams, supervisor = world.users["ams"], world.users["handledare"]
    p = ParticipantFactory(case_officer=ams)
    world.consent = ConsentFactory(
        participant=p,
        partnership=world.partnership,
        organisation=world.partner,
        given_on=dt.date(2024, 12, 1),
    )
    placed = ReferralFactory(participant=p, partnership=world.partnership, status=Referral.Status.PLACED)
    world.placement = PlacementFactory(
        participant=p,
        partnership=world.partnership,
        referral=placed,
        # An own work area: the registry's tests delete world.work_area, which a placement protects.
        work_area=WorkAreaFactory(partnership=world.partnership, name="Matmissionen (deltagare)"),
        supervisor=supervisor,
        start_date=today - dt.timedelta(days=10),
    )
    world.pause = Pause.objects.create(
        placement=world.placement, start_date=today - dt.timedelta(days=2), category=Pause.Category.OTHER
    )
    world.participant = p
    queued = ParticipantFactory(case_officer=ams)
    ConsentFactory(participant=queued, partnership=world.partnership, organisation=world.partner)
    world.referral = ReferralFactory(
        participant=queued, partnership=world.partnership, status=Referral.Status.ACCEPTED
    )


def _p(w):
    return {"pk": w.participant.pk}


def _pl(w):
    return {"pk": w.placement.pk}


def _ref(w):
    return {"pk": w.referral.pk}


MATRIX = {
    "participants:list": only(*VIEWERS),
    "participants:case_officer_lookup": only(*VIEWERS, query="?q=ams"),
    "participants:create": only(*DECIDERS),
    "participants:detail": only(*VIEWERS, kwargs=_p),
    "participants:edit": only(*DECIDERS, kwargs=_p),
    "participants:consent_create": only(*DECIDERS, kwargs=_p),
    "participants:consent_withdraw": only(*DECIDERS, kwargs=lambda w: {"pk": w.consent.pk}),
    # The world's consent has no scan: allowed roles reach the view and get 404 (tested with a file in
    # participants/tests/test_views_participants.py).
    "participants:consent_document": only(*DECIDERS, status=404, kwargs=lambda w: {"pk": w.consent.pk}),
    "participants:referral_create": only(*DECIDERS, kwargs=_p),
    "participants:referral_status": only(
        *DECIDERS, kwargs=lambda w: {"pk": w.referral.pk, "status": "withdrawn"}
    ),
    "participants:queue_reorder": only("samordnare", kwargs=_ref),
    "participants:placement_start": only(*DECIDERS, kwargs=_ref),
    "participants:queue": only(*VIEWERS, kwargs=lambda w: {"pk": w.partnership.pk}),
    "participants:placement_detail": only(*VIEWERS, kwargs=_pl),
    "participants:placement_edit": only(*DECIDERS, kwargs=_pl),
    "participants:placement_extend": only(*DECIDERS, kwargs=_pl),
    "participants:approver_lookup": only(
        *DECIDERS, query="?q=sa", kwargs=lambda w: {"pk": w.placement.pk, "side": "city"}
    ),
    "participants:placement_end": only(*DECIDERS, kwargs=_pl),
    "participants:pause_create": only(*VIEWERS, kwargs=_pl),
    "participants:pause_end": only(*VIEWERS, kwargs=lambda w: {"pk": w.pause.pk}),
    "participants:step_create": only(*VIEWERS, kwargs=_pl),
    "participants:plan_create": only(*VIEWERS, kwargs=_pl),
}
