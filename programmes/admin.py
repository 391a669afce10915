from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Activity,
    Enrolment,
    EnrolmentPhase,
    IntakePeriod,
    Participation,
    Phase,
    PhaseTalk,
    ProgrammeParty,
    ProgrammeTimeRules,
    Team,
    TeamMember,
)


class TeamMemberInline(admin.TabularInline):
    model = TeamMember
    extra = 0
    raw_id_fields = ["user"]


@admin.register(ProgrammeParty)
class ProgrammePartyAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "partnership", "kind", "is_project_owner"]
    list_filter = ["kind", "is_project_owner"]
    list_select_related = ["organisation", "partnership"]


@admin.register(Team)
class TeamAdmin(SimpleHistoryAdmin):
    list_display = ["name", "partnership", "caseload_target"]
    list_select_related = ["partnership"]
    inlines = [TeamMemberInline]


@admin.register(Phase)
class PhaseAdmin(admin.ModelAdmin):
    list_display = ["name", "partnership", "position"]
    list_select_related = ["partnership"]


class EnrolmentPhaseInline(admin.TabularInline):
    model = EnrolmentPhase
    extra = 0


@admin.register(Enrolment)
class EnrolmentAdmin(SimpleHistoryAdmin):
    list_display = ["pk", "partnership", "team", "process_leader", "phase", "start_date", "end_date"]
    list_select_related = ["partnership", "team", "process_leader", "phase"]
    raw_id_fields = ["participant", "process_leader"]
    inlines = [EnrolmentPhaseInline]


@admin.register(PhaseTalk)
class PhaseTalkAdmin(SimpleHistoryAdmin):
    list_display = ["pk", "purpose", "held_on", "enrolment_phase"]
    raw_id_fields = ["enrolment_phase", "created_by"]


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    """The programme's activity catalogue is kept here by the coordinator."""

    list_display = ["name", "partnership", "kind", "workplace_based", "provider"]
    list_filter = ["kind", "workplace_based"]
    list_select_related = ["partnership", "provider__organisation"]


@admin.register(Participation)
class ParticipationAdmin(SimpleHistoryAdmin):
    list_display = ["pk", "activity", "start_date", "end_date"]
    list_select_related = ["activity"]
    raw_id_fields = ["enrolment", "created_by"]


@admin.register(IntakePeriod)
class IntakePeriodAdmin(SimpleHistoryAdmin):
    list_display = ["name", "partnership", "start_date", "end_date", "planned_women", "planned_men"]
    list_select_related = ["partnership"]


@admin.register(ProgrammeTimeRules)
class ProgrammeTimeRulesAdmin(SimpleHistoryAdmin):
    list_display = ["partnership", "weekly_minimum_hours", "allowance_rate"]
    list_select_related = ["partnership"]
