from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """An in-app notification or reminder (avisering / påminnelse) to one user.

    `dedupe_key` makes creation idempotent: a rule that runs daily creates each reminder once.
    Texts must not contain personal identity numbers; refer to participants by name or pseudonym
    only through the linked page, which checks access.
    """

    user = models.ForeignKey("iop.User", on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("typ"), max_length=50)
    message = models.CharField(_("meddelande"), max_length=300)
    url = models.CharField(_("länk"), max_length=300, blank=True)
    due_date = models.DateField(_("senast"), null=True, blank=True)
    dedupe_key = models.CharField(max_length=200)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    done_at = models.DateTimeField(_("klarmarkerad"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("skickad per e-post"), null=True, blank=True)

    class Meta:
        verbose_name = _("avisering")
        verbose_name_plural = _("aviseringar")
        ordering = ["done_at", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "dedupe_key"], name="notification_once_per_user_and_key")
        ]
        indexes = [models.Index(fields=["user", "done_at"], name="notification_open_idx")]

    def __str__(self) -> str:
        return self.message
