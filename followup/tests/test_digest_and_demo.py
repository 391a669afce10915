import datetime as dt

from django.core import mail
from django.utils import timezone

from followup import demo
from followup.digest import send_digests
from followup.models import SelfAssessment, Talk
from followup.selectors import placement_checklists
from followup.tasks import send_digests as send_digests_task
from iop.models import Notification
from participants.models import Placement
from participants.tests.factories import end_reason


def _note(user, key, **kw):
    return Notification.objects.create(user=user, kind="k", message=f"Påminnelse {key}", dedupe_key=key, **kw)


def test_each_user_gets_one_digest_with_their_open_reminders_once(fu):
    _note(fu.supervisor, "a", url="/uppfoljning/plats/1/")
    _note(fu.supervisor, "b")
    _note(fu.supervisor, "done", done_at=timezone.now())
    _note(fu.ams, "c")
    assert send_digests() == 2
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {fu.supervisor.email, fu.ams.email}
    body = by_recipient[fu.supervisor.email].body
    assert "Påminnelse a" in body and "Påminnelse b" in body and "Påminnelse done" not in body
    assert send_digests() == 0  # already mailed
    assert len(mail.outbox) == 2


def test_users_who_turned_the_digest_off_get_no_mail(fu):
    fu.supervisor.email_digest = False
    fu.supervisor.save()
    _note(fu.supervisor, "a")
    assert send_digests_task() == 0
    assert mail.outbox == []
    assert Notification.objects.get().emailed_at is None


def test_demo_data_is_deterministic_idempotent_and_incomplete_in_places(fu):
    today = timezone.localdate()
    for i in range(9):
        start = today - dt.timedelta(days=30 + 25 * i)
        kwargs = {}
        if i >= 5:
            kwargs = {
                "end_date": min(start + dt.timedelta(days=110), today),
                "end_reason": end_reason("completed_plan"),
            }
        fu.placement(start=start, **kwargs)
    demo.seed(demo_users=False)
    counts = (Talk.objects.count(), SelfAssessment.objects.count())
    demo.seed(demo_users=False)
    assert (Talk.objects.count(), SelfAssessment.objects.count()) == counts
    checklists = placement_checklists(Placement.objects.order_by("pk"))
    joint = [c.joint_followups for c in checklists]
    assert any(j >= 2 for j in joint) and any(j == 1 for j in joint)
    ended = [c for c in checklists if c.placement.end_date]
    assert any(not {i.key: i.done for i in c.items}["self_assessment"] for c in ended)
    assert Talk.objects.filter(kind=Talk.Kind.SUPERVISION_TALK).exclude(action_plan="").exists()
