"""Services of the reported-figure workflow (rapporterade siffror): the partner saves a draft and
submits it, the city's coordinator approves it or returns it with a comment; an approved figure is
corrected by a new version. Each service checks the state it starts from and writes in one
transaction; the history (django-simple-history) records who changed what and when."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from iop.cache_version import bumps_data_version
from iop.models import Goal, User
from reporting.reported_figures import GENDER_FIELDS, ReportedFigure, period_of

VALUE_FIELDS = ("value", "numerator", "denominator", *GENDER_FIELDS, "by_age", "comment")
Status = ReportedFigure.Status


def _check(figure: ReportedFigure, *allowed: str) -> None:
    if figure.status not in allowed:
        raise ValidationError(
            _("Siffran har status ”%(s)s” och kan inte ändras så.") % {"s": figure.get_status_display()}
        )


def _locked(figure: ReportedFigure, *allowed: str) -> ReportedFigure:
    """The figure read again under a row lock, refused unless its status is one of `allowed`."""
    locked = ReportedFigure.objects.select_for_update().get(pk=figure.pk)
    _check(locked, *allowed)
    return locked


def _saved(figure: ReportedFigure, reason: str) -> ReportedFigure:
    """Save the figure with `reason` as its history's change reason."""
    figure._change_reason = reason
    figure.save()
    return figure


def _reviewed(figure: ReportedFigure, status: str, by: User, reason: str) -> ReportedFigure:
    """The coordinator's decision on a submitted figure: its new status, who reviewed it and when."""
    figure.status = status
    figure.reviewed_at = timezone.now()
    figure.reviewed_by = by
    return _saved(figure, reason)


@bumps_data_version
@transaction.atomic
def figure_save_draft(
    *, goal: Goal, period_start: dt.date, values: dict, by: User, figure: ReportedFigure | None = None
) -> ReportedFigure:
    """Create or update the draft (or returned) figure of a goal and period with `values`."""
    if not goal.is_reported:
        raise ValidationError(_("Målet beräknas från deltagardata och rapporteras inte."))
    if figure is None:
        start, end = period_of(goal.partnership.reporting_frequency, period_start)
        if ReportedFigure.objects.filter(goal=goal, period_start=start).exists():
            raise ValidationError(_("Det finns redan en siffra för perioden. Öppna den i stället."))
        figure = ReportedFigure(goal=goal, period_start=start, period_end=end, created_by=by)
    else:
        figure = _locked(figure, Status.DRAFT, Status.RETURNED)
    for name in VALUE_FIELDS:
        if name in values:
            setattr(figure, name, values[name])
    figure.full_clean()
    return _saved(figure, "saved")


@bumps_data_version
@transaction.atomic
def figure_submit(*, figure: ReportedFigure, by: User) -> ReportedFigure:
    """Send a draft (or a returned figure) to the city's coordinator for approval."""
    figure = _locked(figure, Status.DRAFT, Status.RETURNED)
    figure.full_clean()
    figure.status = Status.SUBMITTED
    figure.submitted_at = timezone.now()
    figure.submitted_by = by
    return _saved(figure, "submitted")


@bumps_data_version
@transaction.atomic
def figure_approve(*, figure: ReportedFigure, by: User) -> ReportedFigure:
    """Approve a submitted figure: it is locked and replaces the earlier approved version, if any."""
    figure = _locked(figure, Status.SUBMITTED)
    for older in ReportedFigure.objects.filter(
        goal_id=figure.goal_id, period_start=figure.period_start, status=Status.APPROVED
    ).exclude(pk=figure.pk):
        older.status = Status.SUPERSEDED
        _saved(older, f"superseded by version {figure.version}")
    figure.return_comment = ""
    return _reviewed(figure, Status.APPROVED, by, "approved")


@bumps_data_version
@transaction.atomic
def figure_return(*, figure: ReportedFigure, comment: str, by: User) -> ReportedFigure:
    """Return a submitted figure to the partner with a comment saying what to complete."""
    if not comment.strip():
        raise ValidationError({"return_comment": _("Skriv vad partnern ska komplettera.")})
    figure = _locked(figure, Status.SUBMITTED)
    figure.return_comment = comment.strip()
    return _reviewed(figure, Status.RETURNED, by, "returned")


@bumps_data_version
@transaction.atomic
def figure_correct(*, figure: ReportedFigure, reason: str, by: User) -> ReportedFigure:
    """Start a correction of an approved figure: a new version in draft with the same values and the
    reason. The approved version stays in force until the correction is approved."""
    if not reason.strip():
        raise ValidationError({"correction_reason": _("Ange skälet till rättelsen.")})
    figure = _locked(figure, Status.APPROVED)
    if ReportedFigure.objects.filter(
        goal_id=figure.goal_id, period_start=figure.period_start, version__gt=figure.version
    ).exists():
        raise ValidationError(_("Det finns redan en rättelse av siffran."))
    new = ReportedFigure(
        goal_id=figure.goal_id,
        period_start=figure.period_start,
        period_end=figure.period_end,
        version=figure.version + 1,
        created_by=by,
        correction_reason=reason.strip(),
        **{name: getattr(figure, name) for name in VALUE_FIELDS},
    )
    return _saved(new, "correction")


FIGURES_DUE_DAYS = 15  # a period's figures are due 15 days after it ends


def remind_figures_due(*, today: dt.date) -> int:
    """A reporting period ended more than FIGURES_DUE_DAYS ago and a reported goal of an active
    partnership has no submitted or approved figure for it → the non-profit party's handledare and
    ekonomi users. Idempotent (one notification per user, goal and period); run by the daily reminder
    task with the other rules."""
    from django.urls import reverse

    from iop.models import Partnership, PartnershipParty
    from iop.notifications import notify
    from iop.roles import Role

    goals = list(
        Goal.objects.filter(indicator="custom", partnership__status=Partnership.Status.ACTIVE)
        .select_related("partnership")
        .prefetch_related("partnership__parties", "partnership__periods")
        .order_by("partnership_id", "pk")
    )
    due_day = today - dt.timedelta(days=FIGURES_DUE_DAYS)
    periods = {g.pk: period_of(g.partnership.reporting_frequency, due_day) for g in goals}
    reported = set(
        ReportedFigure.objects.filter(
            goal__in=goals, status__in=[Status.SUBMITTED, Status.APPROVED, Status.SUPERSEDED]
        ).values_list("goal_id", "period_start")
    )
    created = 0
    for goal in goals:
        start, end = periods[goal.pk]
        if end > due_day:  # the period holding the due day has not ended: the previous one is due
            start, end = period_of(goal.partnership.reporting_frequency, start - dt.timedelta(days=1))
        if (goal.pk, start) in reported:
            continue
        if not any(x.start <= end and x.end >= start for x in goal.partnership.periods.all()):
            continue
        org_ids = [
            x.organisation_id
            for x in goal.partnership.parties.all()
            if x.role == PartnershipParty.Role.NON_PROFIT
        ]
        users = User.objects.filter(
            organisation_id__in=org_ids, groups__name__in=[Role.HANDLEDARE, Role.EKONOMI], is_active=True
        ).distinct()
        created += notify(
            users=users,
            kind="reporting.figures_due",
            message=_("%(case)s: siffrorna för ”%(goal)s” %(a)s – %(b)s ska rapporteras.")
            % {"case": goal.partnership.case_number, "goal": goal.title, "a": start, "b": end},
            dedupe_key=f"reporting:figures_due:{goal.pk}:{start.isoformat()}",
            url=reverse("reporting:figure_list", kwargs={"pk": goal.partnership_id}),
            due_date=end + dt.timedelta(days=FIGURES_DUE_DAYS),
        )
    return created
