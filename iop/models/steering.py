from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .fields import optional_foreign_key


class SteeringGroupMember(models.Model):
    """A member of the partnership's steering group (styrgrupp), from one of the parties."""

    partnership = models.ForeignKey(
        "iop.Partnership", on_delete=models.CASCADE, related_name="steering_members"
    )
    party = models.ForeignKey("iop.PartnershipParty", verbose_name=_("part"), on_delete=models.CASCADE)
    user = models.ForeignKey(
        "iop.User",
        verbose_name=_("användare"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="steering_memberships",
    )
    name = models.CharField(
        _("namn"), max_length=200, blank=True, help_text=_("Om personen saknar inloggning.")
    )
    function = models.CharField(_("funktion"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("styrgruppsledamot")
        verbose_name_plural = _("styrgruppsledamöter")
        ordering = ["party", "name"]

    def __str__(self) -> str:
        return str(self.user) if self.user else self.name


class Meeting(models.Model):
    """A steering-group or working-group meeting (styrgruppsmöte / arbetsgruppsmöte)."""

    class Kind(models.TextChoices):
        STEERING = "steering", _("Styrgruppsmöte")
        WORKING = "working", _("Arbetsgruppsmöte")

    partnership = models.ForeignKey("iop.Partnership", on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.STEERING)
    date = models.DateField(_("datum"))
    convened_by = models.ForeignKey(
        "iop.Organisation",
        verbose_name=_("sammankallande"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    attendees = models.ManyToManyField("iop.User", verbose_name=_("deltagare"), blank=True, related_name="+")
    other_attendees = models.TextField(_("övriga närvarande"), blank=True)
    agenda = models.TextField(_("dagordning"), blank=True)
    minutes = models.TextField(_("protokoll"), blank=True)
    held = models.BooleanField(_("genomfört"), default=False)
    history = HistoricalRecords(m2m_fields=[attendees])

    class Meta:
        verbose_name = _("möte")
        verbose_name_plural = _("möten")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%Y-%m-%d}"


class ActionPoint(models.Model):
    """A decision or action point (beslut / åtgärdspunkt) from a meeting, followed up at the next one."""

    class Kind(models.TextChoices):
        DECISION = "decision", _("Beslut")
        ACTION = "action", _("Åtgärd")

    class Status(models.TextChoices):
        OPEN = "open", _("Öppen")
        DONE = "done", _("Klar")
        CANCELLED = "cancelled", _("Struken")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="action_points")
    kind = models.CharField(_("typ"), max_length=10, choices=Kind.choices, default=Kind.ACTION)
    text = models.TextField(_("beskrivning"))
    owner = optional_foreign_key("iop.User", _("ansvarig"), related_name="+")
    due_date = models.DateField(_("klart senast"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    followed_up_at = models.ForeignKey(
        Meeting,
        verbose_name=_("följdes upp vid"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followed_up_points",
    )
    concerns_type = models.ForeignKey(ContentType, on_delete=models.SET_NULL, null=True, blank=True)
    concerns_id = models.PositiveBigIntegerField(null=True, blank=True)
    concerns = GenericForeignKey("concerns_type", "concerns_id")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("beslut eller åtgärd")
        verbose_name_plural = _("beslut och åtgärder")
        ordering = ["status", "due_date", "pk"]

    def __str__(self) -> str:
        return self.text[:80]
