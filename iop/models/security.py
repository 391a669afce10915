"""Security policy and accessibility feedback (models owned by iop/security.py and its pages)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class SecurityPolicy(models.Model):
    """The coordinator's security settings (säkerhetsinställningar); one row, pk 1.

    `require_two_factor`: users with a role that sees personal data (arbetsmarknadssekreterare,
    handledare, IOP-samordnare) must log in with a second factor (an authenticator app, TOTP).
    """

    SINGLETON_PK = 1

    id = models.PositiveSmallIntegerField(primary_key=True, default=SINGLETON_PK, editable=False)
    require_two_factor = models.BooleanField(
        _("kräv tvåfaktorsinloggning för roller som ser personuppgifter"),
        default=False,
        help_text=_(
            "Gäller arbetsmarknadssekreterare, handledare och IOP-samordnare från deras nästa inloggning."
        ),
    )
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    updated_by = models.ForeignKey(
        "iop.User",
        verbose_name=_("ändrad av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("säkerhetsinställning")
        verbose_name_plural = _("säkerhetsinställningar")
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="security_policy_singleton")]

    def __str__(self) -> str:
        return str(_("Säkerhetsinställningar"))

    def clean(self) -> None:
        if self.id != self.SINGLETON_PK:
            raise ValidationError(_("Det finns bara en uppsättning säkerhetsinställningar."))

    @classmethod
    def current(cls, *, for_update: bool = False) -> "SecurityPolicy":
        """The policy in force; defaults (nothing required) while no coordinator has saved one."""
        if for_update:
            cls.objects.get_or_create(pk=cls.SINGLETON_PK)
            return cls.objects.select_for_update().get(pk=cls.SINGLETON_PK)
        return cls.objects.filter(pk=cls.SINGLETON_PK).first() or cls(pk=cls.SINGLETON_PK)


class AccessibilityReport(models.Model):
    """A reported accessibility problem (synpunkt på tillgängligheten) from the statement page.

    Anyone may send one, logged in or not. It must not contain personal data about participants;
    the form says so. Coordinators read and close them.
    """

    created_at = models.DateTimeField(_("inskickad"), auto_now_add=True)
    page = models.CharField(_("sida"), max_length=300, blank=True, help_text=_("Var på webbplatsen?"))
    description = models.TextField(_("beskrivning av problemet"), max_length=4000)
    contact = models.CharField(
        _("e-post eller telefon (frivilligt)"),
        max_length=200,
        blank=True,
        help_text=_("Om du vill att vi återkommer till dig."),
    )
    handled_at = models.DateTimeField(_("hanterad"), null=True, blank=True)

    class Meta:
        verbose_name = _("synpunkt på tillgänglighet")
        verbose_name_plural = _("synpunkter på tillgänglighet")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(description=""), name="accessibility_report_description_not_empty"
            )
        ]

    def __str__(self) -> str:
        return self.description[:60]

    def clean(self) -> None:
        # An empty description is caught as a blank field; this catches whitespace only.
        if self.description and not self.description.strip():
            raise ValidationError({"description": _("Beskriv problemet.")})
