"""The daily e-mail digest (daglig sammanfattning) of reminders, one mail per user."""

from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from iop.models import Notification


def send_digests() -> int:
    """Mail every active user with `email_digest` on and an e-mail address the open reminders not yet
    mailed, then stamp them `emailed_at` (so each reminder is mailed once). Returns mails sent."""
    pending = (
        Notification.objects.filter(
            done_at__isnull=True,
            emailed_at__isnull=True,
            user__is_active=True,
            user__email_digest=True,
        )
        .exclude(user__email="")
        .select_related("user")
        .order_by("user_id", "due_date", "created_at")
    )
    by_user = defaultdict(list)
    for n in pending:
        by_user[n.user].append(n)
    sent = 0
    base_url = getattr(settings, "SITE_URL", "").rstrip("/")
    for user, notifications in by_user.items():
        body = render_to_string(
            "followup/digest_email.txt", {"user": user, "notifications": notifications, "base_url": base_url}
        )
        with transaction.atomic():
            send_mail(
                subject=_("IOP: %(n)s påminnelser") % {"n": len(notifications)},
                message=body,
                from_email=None,
                recipient_list=[user.email],
            )
            Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
                emailed_at=timezone.now()
            )
        sent += 1
    return sent
