import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from iop.dates import add_months

NO_HEALTH_DETAILS = _("Skriv inga hälsouppgifter eller diagnoser här.")


def created_by_field() -> models.ForeignKey:
    """Who registered a record about a placement ("registrerad av"); kept when the user is deactivated."""
    return models.ForeignKey(
        "iop.User",
        verbose_name=_("registrerad av"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )


class EndReason(models.Model):
    """A reason for ending a placement (avslutsorsak): a code table the coordinator may edit.

    The indicators read the flags, never the wording: `outcome` says where the participant went and
    `counts_as_completed_plan` feeds indicator 5 (completed according to the individual plan).
    """

    class Outcome(models.TextChoices):
        WORK = "work", _("Arbete")
        STUDIES = "studies", _("Studier")
        OTHER_MEASURE = "other_measure", _("Annan arbetsmarknadsinsats")
        NONE = "none", _("Inget av ovanstående")

    code = models.SlugField(_("kod"), max_length=40, unique=True)
    name = models.CharField(_("benämning"), max_length=120)
    outcome = models.CharField(_("utfall"), max_length=20, choices=Outcome.choices, default=Outcome.NONE)
    counts_as_completed_plan = models.BooleanField(_("räknas som genomförd enligt plan"), default=False)
    is_interruption = models.BooleanField(_("räknas som avbrott"), default=False)
    active = models.BooleanField(_("kan väljas"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("sorteringsordning"), default=0)

    class Meta:
        verbose_name = _("avslutsorsak")
        verbose_name_plural = _("avslutsorsaker")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class PlacementQuerySet(models.QuerySet):
    def with_occupied_until(self) -> "PlacementQuerySet":
        """Annotate `occupied_until`: the actual end if set, else the planned end (inclusive)."""
        return self.annotate(occupied_until=Coalesce("end_date", "planned_end_date"))

    def overlapping(self, start: dt.date, end: dt.date) -> "PlacementQuerySet":
        """Placements occupying at least one day of [start, end] (both inclusive)."""
        return self.filter(start_date__lte=end).filter(
            Q(end_date__isnull=False, end_date__gte=start)
            | Q(end_date__isnull=True, planned_end_date__gte=start)
        )


class Placement(models.Model):
    """A work-training placement (arbetsträningsplats) of a participant in a partnership.

    Occupies one of the partnership's places from `start_date` to `end_date` (if ended) or else
    `planned_end_date`, both inclusive. The default planned end is start + the partnership's
    `max_months` (iop.dates.add_months, inclusive, nothing subtracted); a later planned end needs a
    recorded extension (PlacementExtension). `version` is bumped by every service write (optimistic
    locking for forms: pass `expected_version`).
    """

    participant = models.ForeignKey(
        "participants.Participant",
        verbose_name=_("deltagare"),
        on_delete=models.CASCADE,
        related_name="placements",
    )
    partnership = models.ForeignKey(
        "iop.Partnership", verbose_name=_("partnerskap"), on_delete=models.PROTECT, related_name="placements"
    )
    work_area = models.ForeignKey(
        "iop.WorkArea",
        verbose_name=_("verksamhet"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placements",
    )
    supervisor = models.ForeignKey(
        "iop.User",
        verbose_name=_("handledare"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervised_placements",
    )
    referral = models.OneToOneField(
        "participants.Referral",
        verbose_name=_("anvisning"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="placement",
    )
    start_date = models.DateField(_("startdatum"))
    planned_end_date = models.DateField(_("planerat slutdatum"))
    end_date = models.DateField(_("faktiskt slutdatum"), null=True, blank=True)
    end_reason = models.ForeignKey(
        EndReason, verbose_name=_("avslutsorsak"), on_delete=models.PROTECT, null=True, blank=True
    )
    end_note = models.TextField(_("kommentar till avslut"), blank=True, help_text=NO_HEALTH_DETAILS)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    history = HistoricalRecords(verbose_name=_("historik för arbetsträningsplats"))

    objects = PlacementQuerySet.as_manager()

    class Meta:
        verbose_name = _("arbetsträningsplats")
        verbose_name_plural = _("arbetsträningsplatser")
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end_date__gte=F("start_date")),
                name="placement_planned_end_after_start",
                violation_error_message=_("Planerat slut kan inte ligga före start."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | (Q(end_date__gte=F("start_date")) & Q(end_date__lte=F("planned_end_date"))),
                name="placement_end_within_planned_interval",
                violation_error_message=_(
                    "Slutdatum måste ligga mellan start och planerat slut (förläng först)."
                ),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True, end_reason__isnull=True)
                | Q(end_date__isnull=False, end_reason__isnull=False),
                name="placement_end_has_reason",
                violation_error_message=_("Ett avslut kräver både slutdatum och avslutsorsak."),
            ),
            # On PostgreSQL also an exclusion constraint (migration 0003): no overlapping placements
            # of one participant in the same partnership.
        ]
        indexes = [
            models.Index(fields=["partnership", "start_date"], name="placement_pship_start_idx"),
            # A participant's placements in one partnership: the participant list's status columns and
            # filters probe it once per row (a large programme's partnership index alone has thousands).
            models.Index(fields=["participant", "partnership"], name="placement_participant_ps_idx"),
            # A partnership's ongoing placements (end_date IS NULL): the participant list's "placed"
            # filter, occupancy and the supervisor's lists.
            models.Index(fields=["partnership", "end_date"], name="placement_pship_end_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.start_date:%Y-%m-%d} – {self.occupied_until:%Y-%m-%d}"

    @property
    def occupied_until(self) -> dt.date:
        return self.end_date or self.planned_end_date

    @property
    def is_ended(self) -> bool:
        return self.end_date is not None

    def max_planned_end_without_extension(self) -> dt.date | None:
        months = self.partnership.max_months if self.partnership_id else None
        return add_months(self.start_date, months) if months and self.start_date else None

    def clean(self) -> None:
        errors: dict = {}
        if self.start_date and self.planned_end_date and self.planned_end_date < self.start_date:
            errors["planned_end_date"] = _("Planerat slut kan inte ligga före start.")
        if self.end_date and self.start_date and self.end_date < self.start_date:
            errors["end_date"] = _("Slutdatum kan inte ligga före start.")
        elif self.end_date and self.planned_end_date and self.end_date > self.planned_end_date:
            errors["end_date"] = _("Slutdatum ligger efter planerat slut. Registrera en förlängning först.")
        if bool(self.end_date) != bool(self.end_reason_id):
            errors["end_reason" if self.end_date else "end_date"] = _(
                "Ett avslut kräver både slutdatum och avslutsorsak."
            )
        if (
            self.work_area is not None
            and self.partnership_id
            and self.work_area.partnership_id != self.partnership_id
        ):
            errors["work_area"] = _("Verksamheten hör inte till partnerskapet.")
        if (
            self.supervisor_id
            and self.partnership_id
            and not self.partnership.staff.filter(user_id=self.supervisor_id, active=True).exists()
        ):
            errors["supervisor"] = _("Handledaren är inte registrerad som personal i partnerskapet.")
        limit = self.max_planned_end_without_extension() if self.start_date else None
        if limit and self.planned_end_date and self.planned_end_date > limit:
            extended = (
                self.pk is not None
                and self.extensions.filter(
                    new_end_date__gte=self.planned_end_date, joint_decision=True
                ).exists()
            )
            if not extended:
                errors["planned_end_date"] = _(
                    "Planerat slut efter %(limit)s kräver ett registrerat gemensamt beslut om förlängning."
                ) % {"limit": f"{limit:%Y-%m-%d}"}
        if (
            not errors
            and self.start_date
            and self.planned_end_date
            and self.participant_id
            and self.partnership_id
        ):
            overlapping = (
                Placement.objects.filter(
                    participant_id=self.participant_id, partnership_id=self.partnership_id
                )
                .overlapping(self.start_date, self.occupied_until)
                .exclude(pk=self.pk)
            )
            if overlapping.exists():
                errors["start_date"] = _(
                    "Deltagaren har redan en arbetsträningsplats i partnerskapet under samma tid."
                )
        if errors:
            raise ValidationError(errors)


class PlacementExtension(models.Model):
    """An extension (förlängning) of a placement's planned end.

    Beyond the partnership's maximum months it must be a joint decision (`joint_decision`) of both
    parties together with the participant: approved by a city person and a partner person (user or
    name) and the participant consulted.
    """

    placement = models.ForeignKey(
        Placement, verbose_name=_("arbetsträningsplats"), on_delete=models.CASCADE, related_name="extensions"
    )
    previous_end_date = models.DateField(_("tidigare planerat slut"))
    new_end_date = models.DateField(_("nytt planerat slut"))
    decided_on = models.DateField(_("beslutsdatum"))
    approved_by_city_user = models.ForeignKey(
        "iop.User",
        verbose_name=_("godkänt av staden (användare)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_by_city_name = models.CharField(_("godkänt av staden (namn)"), max_length=200, blank=True)
    approved_by_partner_user = models.ForeignKey(
        "iop.User",
        verbose_name=_("godkänt av idéburen part (användare)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_by_partner_name = models.CharField(
        _("godkänt av idéburen part (namn)"), max_length=200, blank=True
    )
    participant_consulted = models.BooleanField(_("deltagaren har varit delaktig"), default=False)
    joint_decision = models.BooleanField(
        _("gemensamt beslut"),
        default=False,
        editable=False,
        help_text=_("Sätts när båda parter godkänt och deltagaren varit delaktig."),
    )
    reason = models.TextField(_("skäl"), help_text=NO_HEALTH_DETAILS)
    created_by = created_by_field()
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("förlängning")
        verbose_name_plural = _("förlängningar")
        ordering = ["placement", "new_end_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(new_end_date__gt=F("previous_end_date")),
                name="extension_new_end_later",
                violation_error_message=_("Det nya slutdatumet måste ligga efter det tidigare."),
            ),
            models.CheckConstraint(
                condition=Q(joint_decision=False)
                | (
                    Q(participant_consulted=True)
                    & (Q(approved_by_city_user__isnull=False) | ~Q(approved_by_city_name=""))
                    & (Q(approved_by_partner_user__isnull=False) | ~Q(approved_by_partner_name=""))
                ),
                name="extension_joint_decision_complete",
                violation_error_message=_(
                    "Ett gemensamt beslut kräver godkännande från båda parter och att deltagaren varit delaktig."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.previous_end_date:%Y-%m-%d} → {self.new_end_date:%Y-%m-%d}"

    @property
    def is_complete_joint_decision(self) -> bool:
        return bool(
            self.participant_consulted
            and (self.approved_by_city_user_id or self.approved_by_city_name.strip())
            and (self.approved_by_partner_user_id or self.approved_by_partner_name.strip())
        )

    def clean(self) -> None:
        errors = {}
        if self.new_end_date and self.previous_end_date and self.new_end_date <= self.previous_end_date:
            errors["new_end_date"] = _("Det nya slutdatumet måste ligga efter det tidigare.")
        if not (self.reason or "").strip():
            errors["reason"] = _("Ange skälet till förlängningen.")
        if self.joint_decision and not self.is_complete_joint_decision:
            errors["participant_consulted"] = _(
                "Ett gemensamt beslut kräver godkännande från båda parter och att deltagaren varit delaktig."
            )
        if errors:
            raise ValidationError(errors)
