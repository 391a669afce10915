"""The agreement's validity rule (seed 000 §9): an IOP agreement is valid only once the board's decision
has gained legal force (lagakraftvunnet beslut). The date is `Partnership.legal_force_date`.

One rule, one home: participants refuses a placement that starts before that date and invoicing refuses to
submit an invoice for a payment period that starts before it. A partnership without a recorded date is
treated as not yet valid, and the message names the field to fill in.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from iop.models import Partnership

# The code of the ValidationError, so views and tests can tell this refusal from others.
NOT_IN_FORCE = "not_in_legal_force"


def legal_force_problem(partnership: Partnership, day: dt.date, *, refused: str) -> str | None:
    """Why something dated `day` is not allowed under the validity rule, or None when the board's decision
    had gained legal force by that day. `refused` is the Swedish clause saying what is refused, e.g.
    "Arbetsträningen kan inte börja 2025-01-01"."""
    field = capfirst(Partnership._meta.get_field("legal_force_date").verbose_name)
    if partnership.legal_force_date is None:
        return _(
            "%(refused)s: överenskommelsen gäller först när nämndens beslut har vunnit laga kraft, och "
            "partnerskapet %(case)s saknar det datumet. Fyll i fältet ”%(field)s” på partnerskapet."
        ) % {"refused": refused, "case": partnership.case_number, "field": field}
    if day < partnership.legal_force_date:
        return _(
            "%(refused)s: nämndens beslut vann laga kraft först %(force)s, och överenskommelsen gäller "
            "från det datumet. Är datumet fel, rätta fältet ”%(field)s” på partnerskapet %(case)s."
        ) % {
            "refused": refused,
            "force": f"{partnership.legal_force_date:%Y-%m-%d}",
            "field": field,
            "case": partnership.case_number,
        }
    return None


def require_legal_force(
    partnership: Partnership, day: dt.date, *, refused: str, field: str | None = None
) -> None:
    """Raise ValidationError (code NOT_IN_FORCE, at `field` when given) unless the rule allows `day`."""
    problem = legal_force_problem(partnership, day, refused=refused)
    if problem is not None:
        error = ValidationError(problem, code=NOT_IN_FORCE)
        raise ValidationError({field: error}) if field else error
