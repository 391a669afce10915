from django.db import models
from django.utils.translation import gettext_lazy as _


class PlacementFacts(models.Model):
    """The follow-up facts of one placement (uppföljningsfakta per arbetsträningsplats): the dates at
    which each indicator criterion became true, kept so the indicator engine reads one row per placement
    instead of counting over every talk and self-assessment in the city's history.

    Dates, not running totals, because a report for a past period must give the same figures whenever
    it is regenerated: "held by the period end E" is "the date is on or before E". Local dates (the
    site's time zone), the same as `held_at__date`.

    - `first_joint_on`, `second_joint_on`: the first two joint follow-ups (`JOINT_Q`) held on or after
      the placement's start, in the order held. The engine counts those on or before
      min(E, occupied_until): the joint follow-ups held during the placement and by E, capped at 2
      (`JOINT_FOLLOWUPS_REQUIRED`, the only threshold the engine compares against). The first two on or
      after the start are the first two inside any window [start, X], so the cap loses nothing, and the
      end of the placement (extended or ended later) enters only when the engine reads: the row depends
      on the talks, the self-assessments and the start date alone.
    - `start_meeting_on`, `exit_meeting_on`: the first held start meeting and exit meeting (indicator 4).
    - `start_assessed_on`, `end_assessed_on`: the participant's own start and end self-assessments.
    - `last_talk_at`: when the latest held talk was held.

    Written only by `followup.facts.refresh_placement_facts` (from the services, in their transaction)
    and `rebuild_placement_facts`; a placement without a row has no facts (all empty).
    """

    placement = models.OneToOneField(
        "participants.Placement",
        verbose_name=_("arbetsträningsplats"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="facts",
    )
    first_joint_on = models.DateField(_("första gemensamma uppföljning"), null=True, blank=True)
    second_joint_on = models.DateField(_("andra gemensamma uppföljning"), null=True, blank=True)
    start_meeting_on = models.DateField(_("första genomförda uppstartsmöte"), null=True, blank=True)
    exit_meeting_on = models.DateField(_("första genomförda avslutningsmöte"), null=True, blank=True)
    start_assessed_on = models.DateField(_("deltagarens självskattning vid start"), null=True, blank=True)
    end_assessed_on = models.DateField(_("deltagarens självskattning vid slut"), null=True, blank=True)
    last_talk_at = models.DateTimeField(_("senaste genomförda samtal"), null=True, blank=True)

    class Meta:
        verbose_name = _("uppföljningsfakta för arbetsträningsplats")
        verbose_name_plural = _("uppföljningsfakta för arbetsträningsplatser")

    def __str__(self) -> str:
        return f"{self.placement_id}"
