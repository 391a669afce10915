from functools import cached_property
from typing import Any

from django.contrib.auth.models import AbstractUser, Group
from django.db import models
from django.db.models import Expression, QuerySet
from django.utils.translation import gettext_lazy as _

from iop.roles import ALL_ROLES

ROLE_NAMES_ATTR = "loaded_role_names"


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
        """Names of the user's role groups (cached per request-bound instance; no query when the user was
        loaded `with_roles`, as every request's user is: iop.auth.RoleLoadingBackend)."""
        if not self.is_active or not self.pk:
            return frozenset()
        if ROLE_NAMES_ATTR in self.__dict__:
            # Used once: code that changes the groups and drops the cached value gets a fresh query.
            names = self.__dict__.pop(ROLE_NAMES_ATTR) or ""
            return frozenset(name for name in names.split(",") if name in ALL_ROLES)
        return frozenset(self.groups.filter(name__in=ALL_ROLES).values_list("name", flat=True))


class _GroupNames(Expression):
    """The names of a user's role groups joined by commas (role names hold none): a correlated subquery on
    the user table, written out because Django has no portable string aggregate. A few microseconds to
    compile, where an EXISTS per role costs more than the query it saves."""

    def __init__(self) -> None:
        super().__init__(output_field=models.TextField())

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple]:
        q = connection.ops.quote_name
        user, groups = q(User._meta.db_table), q(Group._meta.db_table)
        link = q(User.groups.through._meta.db_table)
        aggregate = "string_agg" if connection.vendor == "postgresql" else "group_concat"
        # Only role groups: another group's name could hold a comma and a role's name.
        roles = tuple(sorted(ALL_ROLES))
        # Only table names of the models and a fixed function name go into the text; the names are parameters.
        sql = (
            f"(SELECT {aggregate}(g.name, ',') FROM {groups} g INNER JOIN {link} ug ON ug.group_id = g.id"  # noqa: S608  # nosec B608
            f" WHERE ug.user_id = {user}.id AND g.name IN ({', '.join(['%s'] * len(roles))}))"
        )
        return sql, roles


def with_roles(users: QuerySet[User]) -> QuerySet[User]:
    """`users` with their role names loaded in the same query, for `User.role_names`."""
    return users.annotate(**{ROLE_NAMES_ATTR: _GroupNames()})
