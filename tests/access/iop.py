"""Access rules of the iop app's URLs."""

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile

from tests.access.matrix import everyone, only, partnership_page, row

# Parts of a partnership with create / edit (/ delete) pages, coordinators only.
PART_KINDS = [
    "period",
    "amendment",
    "work_area",
    "contact",
    "forum_criterion",
    "goal",
    "budget_line",
    "in_kind",
    "other_funding",
    "staff",
    "steering_member",
    "meeting",
    "action_point",
]
NOT_DELETABLE = {"period", "amendment"}


def extend_world(world) -> None:
    """One object of every part of a partnership, for the edit and delete URLs."""
    from iop.models import (
        ActionPoint,
        Amendment,
        BudgetLine,
        ContactPerson,
        ForumCriterionAssessment,
        Goal,
        InKindContribution,
        Meeting,
        OtherFunding,
        StaffMember,
        SteeringGroupMember,
    )

    p = world.partnership
    party = p.parties.get(organisation=world.partner)
    meeting = Meeting.objects.create(partnership=p, date=dt.date(2025, 3, 1), held=True)
    amendment = Amendment(partnership=p, date=dt.date(2025, 4, 1), title="Ändrad budget", text="Text")
    amendment.document.save("andring.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    amendment.save()
    world.parts = {
        "period": p.periods.first(),
        "amendment": amendment,
        "work_area": world.work_area,
        "contact": ContactPerson.objects.create(party=party, name="Kim Kontakt"),
        "forum_criterion": ForumCriterionAssessment.objects.create(partnership=p, criterion="initiative"),
        "goal": Goal.objects.create(partnership=p, title="72 deltagare", target_value=Decimal(72)),
        "budget_line": BudgetLine.objects.create(
            partnership=p, year=2025, category="other", description="Övrigt", amount=Decimal("100.00")
        ),
        "in_kind": InKindContribution.objects.create(partnership=p, year=2025, description="Lokaler"),
        "other_funding": OtherFunding.objects.create(
            partnership=p, year=2025, funder="Fond", activity="Café", amount=Decimal("10.00")
        ),
        "staff": StaffMember.objects.get(partnership=p, user=world.users["handledare"]),
        "steering_member": SteeringGroupMember.objects.create(partnership=p, party=party, name="Sam Styr"),
        "meeting": meeting,
        "action_point": ActionPoint.objects.create(meeting=meeting, text="Följ upp"),
    }


def _pk(w) -> dict:
    return {"pk": w.partnership.pk}


def _part(kind: str):
    return lambda w: {"pk": w.partnership.pk, "item_pk": w.parts[kind].pk}


MATRIX = {
    "home": everyone(200, superuser=200),
    "healthz": everyone(200, anon=200, superuser=200),
    # The benchmark's baseline: any logged-in user, one query.
    "bare": everyone(200, superuser=200),
    "login": everyone(302, anon=200, superuser=302),
    "logout": everyone(405, superuser=405),  # POST only; GET is refused
    "password_change": everyone(200, superuser=200),
    "password_change_done": everyone(200, superuser=200),
    "iop:partnership_list": everyone(200),
    "iop:partnership_detail": partnership_page(200, kwargs=_pk),
    "iop:partnership_create": only("samordnare"),
    "iop:partnership_edit": only("samordnare", kwargs=_pk),
    "iop:partnership_history": only("samordnare", kwargs=_pk),
    # The creation wizard: its start clears the session and redirects to the first step.
    "iop:partnership_wizard": only("samordnare", status=302),
    "iop:partnership_wizard_step": only("samordnare", kwargs=lambda w: {"step": "parter"}),
    "iop:partnership_tables": only("samordnare", kwargs=_pk),
    "iop:party_user_lookup": only("samordnare", kwargs=_pk, query="?q=sa"),
    # The hub's Dokument tab: everyone who sees the partnership sees its amendments.
    "iop:partnership_documents": partnership_page(200, kwargs=_pk),
    # Every role that can see the partnership may download its amendments' documents.
    "iop:amendment_document": partnership_page(200, kwargs=_part("amendment")),
    "iop:organisation_list": only("samordnare"),
    "iop:organisation_create": only("samordnare"),
    "iop:organisation_edit": only("samordnare", kwargs=lambda w: {"pk": w.partner.pk}),
    # Django's admin: its own staff check; our middleware only sends anonymous users to login.
    "admin:*": row(roles={}, default=302, superuser=200, anon=302),
}
for _kind in PART_KINDS:
    MATRIX[f"iop:{_kind}_create"] = only("samordnare", kwargs=_pk)
    MATRIX[f"iop:{_kind}_edit"] = only("samordnare", kwargs=_part(_kind))
    if _kind not in NOT_DELETABLE:
        # GET shows the confirmation page; only POST deletes.
        MATRIX[f"iop:{_kind}_delete"] = only("samordnare", kwargs=_part(_kind))
