"""The placement rules: supervision talks, joint follow-ups, exit meeting, self-assessments at start
and end, consent and the follow-up after exit. Recipients: the placement's supervisor (handledare) and
the participant's case officer; consent and the follow-up after exit the case officer only."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from followup.models import ExitFollowUp, Talk
from followup.selectors import JOINT_FOLLOWUPS_REQUIRED, with_checklist
from iop.dates import add_months
from iop.models import Notification, User
from iop.notifications import notify
from participants.models import Consent, Placement

SUPERVISION_INTERVAL_DAYS = 30
EXIT_WARNING_DAYS = 14
START_ASSESSMENT_GRACE_DAYS = 14
END_ASSESSMENT_WINDOW_DAYS = 30
EXIT_FOLLOWUP_WINDOW_DAYS = 60


def _active_placements(today: dt.date, only: int | None = None) -> QuerySet[Placement]:
    """Placements that have started and are not ended (also those past their planned end)."""
    qs = (
        Placement.objects.filter(start_date__lte=today, end_date__isnull=True)
        .select_related("participant", "supervisor", "participant__case_officer", "work_area")
        .order_by("pk")
    )
    return qs.filter(pk=only) if only is not None else qs


def _close_not_due(kind: str, prefix: str, due: set[str], only: int | None = None) -> int:
    """Mark done the open reminders of a rule whose key is no longer due (what they asked is done, or
    no longer applies). With `only`, just that placement's reminders (keys `<prefix>:<pk>[:...]`)."""
    qs = Notification.objects.filter(kind=kind, done_at__isnull=True).exclude(dedupe_key__in=due)
    if only is not None:
        own = f"{prefix}:{only}"
        qs = qs.filter(Q(dedupe_key=own) | Q(dedupe_key__startswith=own + ":"))
    return qs.update(done_at=timezone.now())


@dataclass
class _Round:
    """One run of a placement rule: the reminders it sends (key `<prefix>:<placement>[:<suffix>]`) and, at
    the end, the closing of its open reminders that are no longer due."""

    kind: str
    prefix: str
    only: int | None
    due: set[str] = field(default_factory=set)
    created: int = 0

    def remind(
        self,
        placement: Placement,
        *,
        users: list[User],
        message: str,
        url: str,
        due_date: dt.date,
        suffix: str = "",
    ) -> None:
        key = f"{self.prefix}:{placement.pk}" + (f":{suffix}" if suffix else "")
        self.due.add(key)
        self.created += notify(
            users=users, kind=self.kind, message=message, dedupe_key=key, url=url, due_date=due_date
        )

    def close(self) -> int:
        """Close what is no longer due; the number of reminders this run created."""
        _close_not_due(self.kind, self.prefix, self.due, self.only)
        return self.created


def _people(placement: Placement, *, supervisor: bool = True, case_officer: bool = True) -> list[User]:
    users = []
    if supervisor and placement.supervisor and placement.supervisor.is_active:
        users.append(placement.supervisor)
    officer = placement.participant.case_officer
    if case_officer and officer and officer.is_active and officer not in users:
        users.append(officer)
    return users


def _url(placement: Placement) -> str:
    return reverse("followup:placement", kwargs={"pk": placement.pk})


def _talk_url(placement: Placement, kind: str) -> str:
    return reverse("followup:talk_create", kwargs={"pk": placement.pk, "kind": kind})


def _assessment_url(placement: Placement, occasion: str) -> str:
    return reverse(
        "followup:assessment", kwargs={"pk": placement.pk, "occasion": occasion, "kind": "participant"}
    )


def _where(placement: Placement) -> str:
    area = f"{placement.work_area}, " if placement.work_area_id else ""
    return _("%(who)s, plats %(area)sstart %(start)s") % {
        "who": placement.participant.pseudonym,
        "area": area,
        "start": f"{placement.start_date:%Y-%m-%d}",
    }


# --- Placement rules ---------------------------------------------------------------------------


def remind_supervision_talk(*, today: dt.date, only: int | None = None) -> int:
    """No supervision talk held in the last 30 days of an active placement (the work-training method: 1–2 a month)."""
    run = _Round("followup.supervision_talk", "followup:supervision", only)
    window_start = today - dt.timedelta(days=SUPERVISION_INTERVAL_DAYS)
    for p in with_checklist(_active_placements(today, only).filter(start_date__lte=window_start)):
        last = p.fu_last_supervision
        if last is not None and last.date() > window_start:
            continue
        since = last.date() if last else p.start_date
        run.remind(
            p,
            suffix=since.isoformat(),
            users=_people(p, case_officer=False) or _people(p),
            message=_("Inget handledningssamtal de senaste 30 dagarna (%(where)s).") % {"where": _where(p)},
            url=_talk_url(p, Talk.Kind.SUPERVISION_TALK),
            due_date=today,
        )
    return run.close()


def remind_joint_followups(*, today: dt.date, only: int | None = None) -> int:
    """Fewer than 2 joint follow-up talks (supervisor AND case officer) when half the time has passed."""
    run = _Round("followup.joint_followups", "followup:joint", only)
    for p in with_checklist(_active_placements(today, only)):
        half = p.start_date + (p.planned_end_date - p.start_date) / 2
        if today < half or p.fu_joint_count >= JOINT_FOLLOWUPS_REQUIRED:
            continue
        run.remind(
            p,
            suffix=p.planned_end_date.isoformat(),
            users=_people(p),
            message=_("Halva tiden har gått och %(n)s av 2 gemensamma uppföljningar är gjorda (%(where)s).")
            % {"n": p.fu_joint_count, "where": _where(p)},
            url=_talk_url(p, Talk.Kind.FOLLOWUP_MEETING),
            due_date=p.planned_end_date,
        )
    return run.close()


def remind_exit_meeting(*, today: dt.date, only: int | None = None) -> int:
    """Planned end within 14 days and no exit meeting booked: book it, and decide on an extension."""
    run = _Round("followup.exit_meeting", "followup:exit", only)
    horizon = today + dt.timedelta(days=EXIT_WARNING_DAYS)
    qs = with_checklist(_active_placements(today, only).filter(planned_end_date__lte=horizon))
    for p in qs:
        if p.fu_exit_booked:
            continue
        run.remind(
            p,
            suffix=p.planned_end_date.isoformat(),
            users=_people(p),
            message=_(
                "Planerat slut %(end)s och inget avslutningsmöte bokat. Boka mötet eller besluta om "
                "förlängning (%(where)s)."
            )
            % {"end": f"{p.planned_end_date:%Y-%m-%d}", "where": _where(p)},
            url=_talk_url(p, Talk.Kind.EXIT_MEETING),
            due_date=p.planned_end_date,
        )
    return run.close()


def remind_start_assessment(*, today: dt.date, only: int | None = None) -> int:
    """The participant's start self-assessment is missing 14 days after the start."""
    run = _Round("followup.start_assessment", "followup:sa_start", only)
    cutoff = today - dt.timedelta(days=START_ASSESSMENT_GRACE_DAYS)
    for p in with_checklist(_active_placements(today, only).filter(start_date__lte=cutoff)):
        if p.fu_start_sa:
            continue
        run.remind(
            p,
            users=_people(p),
            message=_("Självskattningen vid start saknas (%(where)s).") % {"where": _where(p)},
            url=_assessment_url(p, "start"),
            due_date=p.start_date + dt.timedelta(days=START_ASSESSMENT_GRACE_DAYS),
        )
    return run.close()


def remind_end_assessment(*, today: dt.date, only: int | None = None) -> int:
    """The end self-assessment is missing at the end: the planned end (not ended) or the actual end
    has been reached, within the last 30 days."""
    run = _Round("followup.end_assessment", "followup:sa_end", only)
    since = today - dt.timedelta(days=END_ASSESSMENT_WINDOW_DAYS)
    qs = (
        Placement.objects.annotate(fu_until=Coalesce("end_date", "planned_end_date"))
        .filter(start_date__lte=today, fu_until__lte=today, fu_until__gte=since)
        .select_related("participant__case_officer", "supervisor", "work_area")
        .order_by("pk")
    )
    if only is not None:
        qs = qs.filter(pk=only)
    for p in with_checklist(qs):
        if p.fu_end_sa:
            continue
        run.remind(
            p,
            users=_people(p),
            message=_("Självskattningen vid avslut saknas (%(where)s).") % {"where": _where(p)},
            url=_assessment_url(p, "end"),
            due_date=p.end_date or p.planned_end_date,  # the `fu_until` of the query
        )
    return run.close()


def remind_consent(*, today: dt.date, only: int | None = None) -> int:
    """Consent missing or withdrawn (none valid today) for a participant with an active placement."""
    run = _Round("followup.consent", "followup:consent", only)
    valid = Consent.objects.valid_on(today).filter(
        participant=OuterRef("participant"), partnership=OuterRef("partnership")
    )
    latest = Consent.objects.filter(participant=OuterRef("participant"), partnership=OuterRef("partnership"))
    qs = (
        _active_placements(today, only)
        .annotate(has_valid=Exists(valid), has_any=Exists(latest))
        .filter(has_valid=False)
    )
    for p in qs:
        message = (
            _("Samtycket är återkallat eller har upphört för en pågående plats (%(where)s).")
            if p.has_any
            else _("Samtycke saknas för en pågående plats (%(where)s).")
        )
        run.remind(
            p,
            suffix="withdrawn" if p.has_any else "missing",
            users=_people(p, supervisor=False),
            message=message % {"where": _where(p)},
            url=reverse("participants:consent_create", kwargs={"pk": p.participant_id}),
            due_date=today,
        )
    return run.close()


def remind_exit_followup(*, today: dt.date, only: int | None = None) -> int:
    """3 and 6 months after a placement ended the case officer records the participant's situation."""
    run = _Round("followup.exit_followup", "followup:after_exit", only)
    for months in (3, 6):
        earliest_end = add_months(today, -months) - dt.timedelta(days=EXIT_FOLLOWUP_WINDOW_DAYS)
        qs = (
            Placement.objects.filter(end_date__isnull=False, end_date__gte=earliest_end)
            .annotate(
                has_fu=Exists(ExitFollowUp.objects.filter(placement=OuterRef("pk"), months_after=months))
            )
            .filter(has_fu=False)
            .select_related("participant__case_officer", "work_area")
            .order_by("pk")
        )
        if only is not None:
            qs = qs.filter(pk=only)
        for p in qs:
            due_on = add_months(p.end_date, months)
            if due_on > today:
                continue
            run.remind(
                p,
                suffix=str(months),
                users=_people(p, supervisor=False),
                message=_("Dags för uppföljning %(m)s månader efter avslut (%(where)s).")
                % {"m": months, "where": _where(p)},
                url=reverse("followup:exit_followup", kwargs={"pk": p.pk, "months": months}),
                due_date=due_on,
            )
    # Closed when recorded, not when no longer due (see below).
    _close_recorded_exit_followups(only)
    return run.created


def _close_recorded_exit_followups(only: int | None = None) -> int:
    """An exit follow-up reminder closes when that follow-up is recorded (not when its window passes:
    a follow-up still missing stays on the list)."""
    open_ = Notification.objects.filter(kind="followup.exit_followup", done_at__isnull=True)
    if only is not None:
        open_ = open_.filter(dedupe_key__startswith=f"followup:after_exit:{only}:")
    keys = set(open_.values_list("dedupe_key", flat=True))
    wanted = {}
    for key in keys:
        _, _, pk, months = key.split(":")
        wanted[key] = (int(pk), int(months))
    recorded = set(
        ExitFollowUp.objects.filter(placement_id__in={pk for pk, _ in wanted.values()}).values_list(
            "placement_id", "months_after"
        )
    )
    done = [key for key, pair in wanted.items() if pair in recorded]
    return open_.filter(dedupe_key__in=done).update(done_at=timezone.now()) if done else 0


def refresh_placement(placement_id: int, *, today: dt.date | None = None) -> None:
    """Run the placement rules for one placement (after a talk, an assessment or a follow-up is saved),
    so reminders it resolved close at once."""
    today = today or timezone.localdate()
    for rule in PLACEMENT_RULES:
        rule(today=today, only=placement_id)


PLACEMENT_RULES = (
    remind_supervision_talk,
    remind_joint_followups,
    remind_exit_meeting,
    remind_start_assessment,
    remind_end_assessment,
    remind_consent,
    remind_exit_followup,
)
