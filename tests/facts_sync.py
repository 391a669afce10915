"""Keep followup's per-placement facts in step with the ORM shortcuts tests take.

The product writes talks, self-assessments and placements through services, which refresh the
placement's facts row in the write's transaction (followup.facts.refresh_placement_facts). Tests build
their data with factories, `Talk.objects.create` and queryset `update()`, past the services; this does
what the services do for those writes, so the engine's tests state the rules, not the write path.
`followup/tests/test_placement_facts.py` checks the services themselves with this switched off
(`@pytest.mark.facts_by_services_only`).
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save

from followup.facts import refresh_placement_facts
from followup.models import SelfAssessment, Talk
from participants.models import Placement


def _after_write(sender, instance, **kwargs) -> None:
    # A placement deleted with its talks leaves nothing to compute: refresh writes no row for it.
    refresh_placement_facts([instance.pk if sender is Placement else instance.placement_id])


@contextmanager
def follow_orm_writes() -> Iterator[None]:
    original_update = QuerySet.update

    def update(self, **kwargs):
        if self.model not in (Talk, SelfAssessment):
            return original_update(self, **kwargs)
        before = set(self.values_list("placement_id", flat=True))
        pks = list(self.values_list("pk", flat=True))
        count = original_update(self, **kwargs)
        after = set(self.model.objects.filter(pk__in=pks).values_list("placement_id", flat=True))
        refresh_placement_facts(before | after)
        return count

    senders = (Talk, SelfAssessment, Placement)
    for sender in senders:
        post_save.connect(_after_write, sender=sender, dispatch_uid=f"facts-{sender.__name__}")
        if sender is not Placement:
            post_delete.connect(_after_write, sender=sender, dispatch_uid=f"facts-del-{sender.__name__}")
    QuerySet.update = update  # type: ignore[method-assign]
    try:
        yield
    finally:
        QuerySet.update = original_update  # type: ignore[method-assign]
        for sender in senders:
            post_save.disconnect(sender=sender, dispatch_uid=f"facts-{sender.__name__}")
            post_delete.disconnect(sender=sender, dispatch_uid=f"facts-del-{sender.__name__}")
