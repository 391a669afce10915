from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from participants.models import SupportKind


class ExitFollowUp(models.Model):
    """A follow-up after exit (uppföljning efter avslut) 3 or 6 months after a placement ended.

    The case officer records where the participant is (`situation`) and on what support they live
    (`support_kind`); the reporting engine counts these outcomes (seeds 003/004).
    """

    class Situation(models.TextChoices):
        WORK_EMPLOYED = "work_employed", _("Arbete – anställning")
        WORK_SUBSIDISED = "work_subsidised", _("Arbete – subventionerad anställning")
        STUDIES = "studies", _("Studier")
        OTHER_MEASURE = "other_measure", _("Annan arbetsmarknadsinsats")
        UNEMPLOYED = "unemployed", _("Arbetslös")
        SICK_LEAVE = "sick_leave", _("Sjukskriven")
        UNKNOWN = "unknown", _("Okänt")

    WORK_SITUATIONS = (Situation.WORK_EMPLOYED, Situation.WORK_SUBSIDISED)

    placement = models.ForeignKey(
        "participants.Placement",
        verbose_name=_("arbetsträningsplats"),
        on_delete=models.CASCADE,
        related_name="exit_followups",
    )
    months_after = models.PositiveSmallIntegerField(
        _("månader efter avslut"), choices=[(3, _("3 månader")), (6, _("6 månader"))]
    )
    situation = models.CharField(_("situation"), max_length=20, choices=Situation.choices)
    support_kind = models.CharField(_("försörjning"), max_length=30, choices=SupportKind.choices, blank=True)
    followed_up_on = models.DateField(_("datum för uppföljningen"))
    note = models.TextField(_("kommentar"), blank=True)
    recorded_by = models.ForeignKey(
        "iop.User", verbose_name=_("registrerad av"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    history = HistoricalRecords(verbose_name=_("historik för uppföljning efter avslut"))

    class Meta:
        verbose_name = _("uppföljning efter avslut")
        verbose_name_plural = _("uppföljningar efter avslut")
        ordering = ["placement", "months_after"]
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "months_after"],
                name="exit_followup_once_per_placement_and_month",
                violation_error_message=_("Uppföljningen är redan registrerad."),
            ),
            models.CheckConstraint(
                condition=Q(months_after__in=[3, 6]),
                name="exit_followup_months_3_or_6",
                violation_error_message=_("Uppföljning görs efter 3 eller 6 månader."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.months_after} mån: {self.get_situation_display()}"
