"""The roles of the product. Each role is a Django group with the same name."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """A user's role (roll) in the product; a user may hold several."""

    AMS = "arbetsmarknadssekreterare", _("Arbetsmarknadssekreterare")
    HANDLEDARE = "handledare", _("Handledare")
    STYRGRUPP = "styrgrupp", _("Styrgrupp")
    EKONOMI = "ekonomi", _("Ekonomi (idéburen part)")
    ATTESTANT = "attestant", _("Attestant (staden)")
    SAMORDNARE = "iop-samordnare", _("IOP-samordnare")
    # Staff of any party of a multi-agency programme (seed 003), scoped to their own team(s).
    PROCESSLEDARE = "processledare", _("Processledare")
    TEAMMEDLEM = "teammedlem", _("Teammedlem")


ALL_ROLES: frozenset[str] = frozenset(Role.values)
