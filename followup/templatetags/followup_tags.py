"""Template tags of the followup app: the reminder bell for the navbar (one query)."""

from django import template

from iop.models import Notification

register = template.Library()


@register.inclusion_tag("includes/notification_bell_inner.html", takes_context=True)
def notification_bell(context) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    count = 0
    if user is not None and user.is_authenticated:
        count = Notification.objects.filter(user=user, done_at__isnull=True).count()
    return {"count": count}
