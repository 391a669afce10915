import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ConsentQuerySet(models.QuerySet):
    def valid_on(self, day: dt.date, organisation=None) -> "ConsentQuerySet":
        """Consents in force on `day` (given on or before, not withdrawn on or before), optionally for one
        organisation (instance or id)."""
        qs = self.filter(given_on__lte=day).filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=day))
        if organisation is not None:
            qs = qs.filter(organisation_id=getattr(organisation, "pk", organisation))
        return qs


class Consent(models.Model):
    """The participant's consent (samtycke) to sharing information with one organisation in a partnership.

    Without a valid consent nothing about the participant is visible to the non-profit and no referral
    can be sent. Valid from `given_on` up to the day before `withdrawn_on`.
    """

    participant = models.ForeignKey(
        "participants.Participant",
        verbose_name=_("deltagare"),
        on_delete=models.CASCADE,
        related_name="consents",
    )
    partnership = models.ForeignKey(
        "iop.Partnership", verbose_name=_("partnerskap"), on_delete=models.PROTECT, related_name="consents"
    )
    organisation = models.ForeignKey(
        "iop.Organisation",
        verbose_name=_("uppgifter får delas med"),
        on_delete=models.PROTECT,
        related_name="consents",
    )
    given_on = models.DateField(_("samtycke lämnat"))
    documentation_note = models.TextField(
        _("hur samtycket dokumenterats"),
        blank=True,
        help_text=_("Till exempel: muntligt vid möte, antecknat i journal. Skriv inga hälsouppgifter."),
    )
    document = models.FileField(_("inskannat samtycke"), upload_to="consents/%Y/", blank=True)
    withdrawn_on = models.DateField(_("samtycke återkallat"), null=True, blank=True)
    registered_by = models.ForeignKey(
        "iop.User",
        verbose_name=_("registrerat av"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    history = HistoricalRecords(verbose_name=_("historik för samtycke"))

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("samtycke")
        verbose_name_plural = _("samtycken")
        ordering = ["-given_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=F("given_on")),
                name="consent_withdrawn_after_given",
                violation_error_message=_("Samtycket kan inte återkallas före det lämnades."),
            ),
            models.CheckConstraint(
                condition=~Q(documentation_note="") | ~Q(document=""),
                name="consent_documented",
                violation_error_message=_("Beskriv hur samtycket dokumenterats eller bifoga det."),
            ),
        ]
        indexes = [models.Index(fields=["participant", "organisation"], name="consent_participant_org_idx")]

    def __str__(self) -> str:
        return f"{self.organisation} {self.given_on:%Y-%m-%d}"

    def is_valid_on(self, day: dt.date, organisation=None) -> bool:
        if organisation is not None and self.organisation_id != getattr(organisation, "pk", organisation):
            return False
        return self.given_on <= day and (self.withdrawn_on is None or self.withdrawn_on > day)

    def clean(self) -> None:
        errors = {}
        if self.given_on and self.given_on > timezone.localdate():
            errors["given_on"] = _("Samtycket kan inte vara lämnat i framtiden. Ange dagen då det lämnades.")
        if self.withdrawn_on and self.given_on and self.withdrawn_on < self.given_on:
            errors["withdrawn_on"] = _("Samtycket kan inte återkallas före det lämnades.")
        if not (self.documentation_note or "").strip() and not self.document:
            errors["documentation_note"] = _("Beskriv hur samtycket dokumenterats eller bifoga det.")
        if (
            self.partnership_id
            and self.organisation_id
            and not self.partnership.parties.filter(organisation_id=self.organisation_id).exists()
        ):
            errors["organisation"] = _("Organisationen är inte part i partnerskapet.")
        if errors:
            raise ValidationError(errors)
