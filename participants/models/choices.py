"""Choice lists shared by the participant models (and by reports aggregating them)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    """Gender as registered for statistics (kön)."""

    WOMAN = "kvinna", _("Kvinna")
    MAN = "man", _("Man")
    OTHER = "annat", _("Annat")
    # Kept apart from "annat" everywhere: a blank gender is "uppgift saknas", never "annat".
    UNKNOWN = "saknas", _("Uppgift saknas")


class EducationLevel(models.TextChoices):
    """Highest completed education (utbildningsnivå), as the ESF follow-up counts it."""

    PRIMARY = "forgymnasial", _("Förgymnasial")
    SECONDARY = "gymnasial", _("Gymnasial")
    POST_SECONDARY = "eftergymnasial", _("Eftergymnasial")
    UNKNOWN = "okand", _("Okänd")


class SupportKind(models.TextChoices):
    """Kind of support the participant lives on (försörjning)."""

    INCOME_SUPPORT = "forsorjningsstod", _("Försörjningsstöd")
    ACTIVITY_SUPPORT = "aktivitetsstod", _("Aktivitetsstöd")
    SICKNESS_BENEFIT = "sjukpenning", _("Sjukpenning")
    ESTABLISHMENT = "etableringsersattning", _("Etableringsersättning")
    OTHER = "annan", _("Annan")
    NONE = "ingen", _("Ingen")
    UNKNOWN = "okand", _("Uppgift saknas")


class SwedishLevel(models.TextChoices):
    """Self-reported level of Swedish (svenskkunskaper), optional."""

    NONE = "ingen", _("Ingen")
    BASIC = "grundlaggande", _("Grundläggande")
    GOOD = "god", _("God")
    FLUENT = "flytande", _("Flytande / modersmål")
