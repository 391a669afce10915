"""Deviations written by hand and the measures for every deviation of the quarterly board report
(asked for by the board, ASN-2023-6069: "redovisar vidtagna åtgärder när de inte fullföljer sitt syfte")."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from iop.models.fields import optional_foreign_key


def _last_changed_by() -> models.ForeignKey:
    """Who last changed a text written in the app (kept, as empty, when the user is removed)."""
    return optional_foreign_key("iop.User", _("senast ändrad av"), related_name="+")


def _quarter_check(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=models.Q(quarter__gte=1, quarter__lte=4), name=name)


class ManualDeviation(models.Model):
    """A deviation (avvikelse) the coordinator records by hand for a partnership and quarter, next to the
    automatic ones (e.g. a work area closed for a month, a key person on long leave)."""

    partnership = models.ForeignKey(
        "iop.Partnership",
        verbose_name=_("partnerskap"),
        on_delete=models.CASCADE,
        related_name="manual_deviations",
    )
    year = models.PositiveIntegerField(_("år"))
    quarter = models.PositiveSmallIntegerField(_("kvartal"))
    text = models.TextField(_("avvikelse"))
    updated_by = _last_changed_by()
    updated_at = models.DateTimeField(_("senast ändrad"), auto_now=True)

    class Meta:
        verbose_name = _("avvikelse (manuell)")
        verbose_name_plural = _("avvikelser (manuella)")
        ordering = ["year", "quarter", "partnership", "pk"]
        constraints = [
            _quarter_check("manual_deviation_quarter_1_4"),
            models.CheckConstraint(condition=~models.Q(text=""), name="manual_deviation_text_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.year} K{self.quarter}: {self.text[:40]}"

    @property
    def code(self) -> str:
        return f"manual_{self.pk}"

    def clean(self) -> None:
        errors = {}
        if self.quarter is not None and not 1 <= self.quarter <= 4:
            errors["quarter"] = _("Ange kvartal 1–4.")
        if not (self.text or "").strip():
            errors["text"] = _("Beskriv avvikelsen.")
        if errors:
            raise ValidationError(errors)


class DeviationMeasure(models.Model):
    """A measure (åtgärd) taken for a deviation flagged in the quarterly board report, with who owns it
    (ansvarig), when it is to be done and whether it is. An open measure is shown again in every following
    quarterly report until it is marked done; `deviation_text` keeps what the deviation said then."""

    class Status(models.TextChoices):
        OPEN = "open", _("Pågår")
        DONE = "done", _("Klar")

    partnership = models.ForeignKey(
        "iop.Partnership",
        verbose_name=_("partnerskap"),
        on_delete=models.CASCADE,
        related_name="deviation_measures",
    )
    year = models.PositiveIntegerField(_("år"))
    quarter = models.PositiveSmallIntegerField(_("kvartal"))
    deviation_code = models.CharField(_("avvikelse"), max_length=60)
    deviation_text = models.TextField(_("avvikelsen då"), blank=True)
    text = models.TextField(_("åtgärd"))
    owner = models.CharField(_("ansvarig"), max_length=200, blank=True)
    due_on = models.DateField(_("klar senast"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    done_on = models.DateField(_("klar den"), null=True, blank=True)
    updated_by = _last_changed_by()
    updated_at = models.DateTimeField(_("senast ändrad"), auto_now=True)

    class Meta:
        verbose_name = _("åtgärd vid avvikelse")
        verbose_name_plural = _("åtgärder vid avvikelser")
        ordering = ["year", "quarter", "partnership", "deviation_code", "pk"]
        constraints = [
            _quarter_check("deviation_measure_quarter_1_4"),
            models.CheckConstraint(condition=~models.Q(text=""), name="deviation_measure_text_not_empty"),
            models.CheckConstraint(
                condition=models.Q(status="open", done_on__isnull=True)
                | models.Q(status="done", done_on__isnull=False),
                name="deviation_measure_done_has_date",
                violation_error_message=_("En klar åtgärd ska ha ett datum då den blev klar."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} K{self.quarter} {self.deviation_code}"

    def clean(self) -> None:
        errors = {}
        if self.quarter is not None and not 1 <= self.quarter <= 4:
            errors["quarter"] = _("Ange kvartal 1–4.")
        if not (self.text or "").strip():
            errors["text"] = _("Beskriv åtgärden.")
        if not (self.owner or "").strip():
            errors["owner"] = _("Ange vem som är ansvarig för åtgärden.")
        if self.due_on is None:
            errors["due_on"] = _("Ange när åtgärden ska vara klar.")
        if self.status == self.Status.DONE and self.done_on is None:
            errors["done_on"] = _("Ange när åtgärden blev klar.")
        if errors:
            raise ValidationError(errors)
