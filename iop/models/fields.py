"""Field helpers shared by the models of every app: one declaration of a field shape used many times."""

from typing import Any

from django.db import models


def optional_foreign_key(
    to: str,
    verbose_name: Any,
    *,
    related_name: str,
    on_delete: Any = models.SET_NULL,
) -> Any:
    """A foreign key that may be left empty (null in the database, blank in forms). Typed `Any`: the
    attribute is the related object or None, which the model's own annotations say where it matters."""
    return models.ForeignKey(
        to,
        verbose_name=verbose_name,
        on_delete=on_delete,
        null=True,
        blank=True,
        related_name=related_name,
    )
