"""The joint coordinated plan (gemensam samordnad planering) of a participant in a programme.

Seed 003: "5600 Malmöbor förväntas få en gemensam samordnad planering snarast"; the follow-up counts
"Antal gemensamma samordnade planeringar". A plan names the parties that take part and the activities it
specifies. It is revised over time: every revision is a row of its own, never changed afterwards, so the
plan as it stood on any day can be read back; the latest revision is the plan in force.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class JointPlan(models.Model):
    enrolment = models.ForeignKey(
        "programmes.Enrolment",
        verbose_name=_("inskrivning"),
        on_delete=models.CASCADE,
        related_name="joint_plans",
    )
    revision = models.PositiveIntegerField(_("version"))
    decided_on = models.DateField(_("upprättad"))
    parties = models.ManyToManyField(
        "programmes.ProgrammeParty", verbose_name=_("parter som deltar"), related_name="+"
    )
    activities = models.ManyToManyField(
        "programmes.Activity", verbose_name=_("aktiviteter i planen"), related_name="+", blank=True
    )
    goal = models.CharField(
        _("mål"), max_length=300, help_text=_("T.ex. arbete inom lager, studier på komvux.")
    )
    note = models.TextField(_("insatser och ansvar"), blank=True)
    created_by = models.ForeignKey(
        "iop.User", verbose_name=_("registrerad av"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("registrerad"), auto_now_add=True)

    class Meta:
        verbose_name = _("gemensam samordnad planering")
        verbose_name_plural = _("gemensamma samordnade planeringar")
        ordering = ["enrolment", "-revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "revision"],
                name="joint_plan_revision_once",
                violation_error_message=_("Planen har redan den versionen."),
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Gemensam samordnad planering')} {self.revision} ({self.decided_on:%Y-%m-%d})"
