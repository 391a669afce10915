"""Services for the simple parts of a partnership: goals, budget, staff, steering group, work areas."""

from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from iop.cache_version import bumps_data_version
from iop.models import (
    BudgetLine,
    ContactPerson,
    ForumCriterionAssessment,
    Goal,
    InKindContribution,
    OtherFunding,
    StaffMember,
    SteeringGroupMember,
    WorkArea,
)

M = TypeVar("M", bound=models.Model)


def save_validated(item: M) -> M:
    """Validate a model instance (full_clean) and save it in one transaction: the one home of the plain
    "check the model's rules, then save" write that the registry's and the ESF budget's services share."""
    with transaction.atomic():
        item.full_clean()
        item.save()
    return item


@bumps_data_version
def goal_save(*, goal: Goal) -> Goal:
    """Create or update a goal (mål) with its target value."""
    return save_validated(goal)


@bumps_data_version
def budget_line_save(*, line: BudgetLine) -> BudgetLine:
    """Create or update a budget line (budgetrad) of one agreement year."""
    return save_validated(line)


@bumps_data_version
def in_kind_save(*, contribution: InKindContribution) -> InKindContribution:
    """Create or update the non-profit's in-kind contribution (egen insats)."""
    return save_validated(contribution)


@bumps_data_version
def other_funding_save(*, funding: OtherFunding) -> OtherFunding:
    """Create or update declared other funding (annan finansiering)."""
    return save_validated(funding)


@bumps_data_version
def staff_save(*, member: StaffMember) -> StaffMember:
    """Create or update a staff member (personal) with the date of the confidentiality undertaking."""
    return save_validated(member)


def steering_member_save(*, member: SteeringGroupMember) -> SteeringGroupMember:
    """Create or update a steering-group member (styrgruppsledamot) from one of the parties."""
    if member.party.partnership_id != member.partnership_id:
        raise ValidationError({"party": _("Välj en av partnerskapets parter.")})
    if not member.user_id and not member.name.strip():
        raise ValidationError({"name": _("Ange namn eller välj en användare.")})
    return save_validated(member)


def work_area_save(*, area: WorkArea) -> WorkArea:
    """Create or update a work area (verksamhet)."""
    return save_validated(area)


def contact_save(*, contact: ContactPerson) -> ContactPerson:
    """Create or update a party's contact person (kontaktperson)."""
    return save_validated(contact)


def forum_criterion_save(*, assessment: ForumCriterionAssessment) -> ForumCriterionAssessment:
    """Record how the partnership meets one of Forum's criteria (Forums kriterier)."""
    return save_validated(assessment)


@bumps_data_version
def item_delete(*, item: models.Model) -> None:
    """Delete one part of a partnership (the change history keeps a record of it)."""
    with transaction.atomic():
        item.delete()
