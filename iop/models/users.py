from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who logs in (användare). Belongs to one organisation; roles are groups."""

    organisation = models.ForeignKey(
        "iop.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    title = models.CharField(_("befattning"), max_length=120, blank=True)
    email_digest = models.BooleanField(
        _("daglig sammanfattning per e-post"),
        default=True,
        help_text=_("Få en daglig e-post med dina påminnelser."),
    )

    class Meta:
        verbose_name = _("användare")
        verbose_name_plural = _("användare")
        ordering = ["first_name", "last_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @cached_property
    def role_names(self) -> frozenset[str]:
        """Names of the user's role groups (cached per request-bound instance)."""
        if not self.is_active or not self.pk:
            return frozenset()
        return frozenset(self.groups.values_list("name", flat=True))
