"""Template tags of the followup app: the reminder bell for the navbar (one query)."""

from django import template

register = template.Library()


@register.inclusion_tag("followup/checklist_card_partial.html")
def placement_checklist(placement) -> dict:
    """The indicator checklist for a placement page of another app: `{% placement_checklist placement %}`.
    The caller has already fetched the placement through `placements_visible_to` (one extra query)."""
    from followup.selectors import placement_checklist as build

    return {"checklist": build(placement), "placement": placement}
