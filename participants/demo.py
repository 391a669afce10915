"""Demo data for the participant pages: a year of fictional participants in the Stadsmission 2025
agreement (ASN-2024-1234). Everything goes through the services, so the capacity rule (24 at once),
consent and referral rules hold exactly as in production.

Layout: 24 "places" (slots), each running placements one after another through 2025 (staggered
starts, a week or two between participants), which keeps the partnership at ≤ 24 at once by
construction; the services check it anyway. About one in five placements is interrupted early, some
are extended beyond 4 months by a recorded joint decision, some have a pause. At the end of the year
three accepted referrals wait in the queue, a few referrals are new, declined or withdrawn, one
participant has no consent, one withdrew it, one has protected identity.

The agreement has no 2026 period in the registry demo, so every placement lies in 2025.
Idempotent: runs only when the first demo participant is missing, and all in one transaction.
Names are invented; personal identity numbers are fictional (personnummer.make_fictional).
"""

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import Group
from django.db import transaction

from iop.demo import DEMO_PASSWORD, STADSMISSION_CASE, city, stadsmission
from iop.models import Partnership, StaffMember, User, WorkArea
from iop.roles import Role
from participants.models import EndReason, Participant, Pause, Referral
from participants.personnummer import make_fictional
from participants.services import (
    ExtensionDecision,
    consent_register,
    consent_withdraw,
    participant_create,
    pause_add,
    placement_end,
    placement_extend,
    placement_start,
    plan_revise,
    referral_create,
    referral_set_status,
    working_time_step_add,
)

YEAR_END = dt.date(2025, 12, 19)
LAST_START = dt.date(2025, 11, 3)

EXTRA_USERS = {
    "ams2": ("Alva", "Sekreterarsson", Role.AMS, "city"),
    "ams3": ("Anton", "Sekreterarsson", Role.AMS, "city"),
    "handledare2": ("Hugo", "Handledarsson", Role.HANDLEDARE, "stadsmission"),
    "handledare3": ("Hedda", "Handledarsson", Role.HANDLEDARE, "stadsmission"),
}

FIRST_NAMES = [
    "Amina", "Bertil", "Cecilia", "Dragan", "Elin", "Fatima", "Goran", "Hiba", "Ivan", "Jasmin",
    "Kalle", "Leyla", "Mats", "Nadia", "Omar", "Petra", "Qasim", "Rut", "Samir", "Tove",
    "Umar", "Vera", "William", "Yasmin", "Zlatan", "Agnes", "Bilal", "Dalia", "Erik", "Farah",
]  # fmt: skip
LAST_NAMES = [
    "Exempelsson", "Påhittad", "Testberg", "Demostrom", "Fiktivsdotter", "Provlund", "Låtsasson",
    "Övningsby", "Modellqvist", "Skisshed", "Utkastsson",
]  # fmt: skip
END_REASON_CYCLE = [
    "completed_plan", "work", "studies", "other_measure", "completed_plan", "moved", "other",
    "completed_plan", "work",
]  # fmt: skip
GOALS = [
    "Komma i gång med regelbundna arbetstider och öka tiden stegvis.",
    "Pröva arbete i butik och kundkontakt; stärka svenskan i arbetet.",
    "Lära sig sortering och lagerarbete; ta fram ett CV tillsammans med handledaren.",
    "Sömnad i REMAKE; samarbete i grupp och eget ansvar för en arbetsuppgift.",
]


def _first_pnr() -> str:
    return _pnr(0)


def _pnr(i: int) -> str:
    return make_fictional(365 * 980 + i * 7, year=1962 + (i * 3) % 40)


def _users(*, demo_users: bool) -> tuple[list[User], list[User]]:
    orgs = {"city": city(), "stadsmission": stadsmission()}
    for username, (first, last, role, org_key) in EXTRA_USERS.items():
        user = User.objects.filter(username=username).first()
        if user is None:
            if not demo_users:
                continue
            user = User.objects.create(
                username=username,
                first_name=first,
                last_name=last,
                organisation=orgs[org_key],
                email=f"{username}@demo.example",
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
        user.groups.add(Group.objects.get_or_create(name=str(role))[0])
    officers = list(User.objects.filter(username__in=["ams", "ams2", "ams3"]).order_by("username"))
    supervisors = list(
        User.objects.filter(username__in=["handledare", "handledare2", "handledare3"]).order_by("username")
    )
    return officers, supervisors


def _staff(partnership: Partnership, supervisors: list[User]) -> None:
    # The registry demo may already have created these rows (handledare3 perhaps without a signed
    # undertaking, to show that rule): get_or_create keeps what exists.
    for i, user in enumerate(supervisors):
        StaffMember.objects.get_or_create(
            partnership=partnership,
            user=user,
            role=StaffMember.Role.SUPERVISOR,
            defaults={"fte": Decimal("1.00"), "confidentiality_signed_on": dt.date(2024, 12, 15 + i)},
        )


class _Seeder:
    def __init__(self, partnership, officers, supervisors):
        self.p = partnership
        self.officers = officers
        self.supervisors = supervisors
        self.areas = list(WorkArea.objects.filter(partnership=partnership).order_by("name"))
        self.partner = stadsmission()
        self.reasons = {r.code: r for r in EndReason.objects.all()}
        self.i = 0
        self.year_end = YEAR_END
        self.today: dt.date | None = None  # placements ending after this day are left running

    def participant(self, *, protected: bool = False) -> Participant:
        i = self.i
        self.i += 1
        return participant_create(
            personal_identity_number=_pnr(i),
            first_name=FIRST_NAMES[i % len(FIRST_NAMES)],
            last_name=LAST_NAMES[(i * 7) % len(LAST_NAMES)],
            case_officer=self.officers[i % len(self.officers)],
            gender=["kvinna", "man", "kvinna", "man", "annat"][i % 5],
            education_level=["forgymnasial", "gymnasial", "eftergymnasial", "okand"][i % 4],
            support_kind=["forsorjningsstod", "forsorjningsstod", "aktivitetsstod", "etableringsersattning"][
                i % 4
            ],
            interpreter_needed=i % 9 == 4,
            swedish_level=["", "grundlaggande", "god", "flytande"][i % 4],
            protected_identity=protected,
        )

    def consent(self, person: Participant, given_on: dt.date):
        return consent_register(
            participant=person,
            partnership=self.p,
            organisation=self.partner,
            given_on=given_on,
            documentation_note="Skriftligt samtycke undertecknat vid möte, arkiverat hos handläggaren.",
            by=person.case_officer,
        )

    def accepted_referral(self, person: Participant, start: dt.date, area) -> Referral:
        officer = person.case_officer
        self.consent(person, start - dt.timedelta(days=21))
        referral = referral_create(
            participant=person,
            partnership=self.p,
            case_officer=officer,
            referred_on=start - dt.timedelta(days=14),
            reason="Arbetsträning för att närma sig arbete eller studier.",
            preferred_work_area=area,
            by=officer,
        )
        referral_set_status(
            referral=referral,
            status=Referral.Status.STUDY_VISIT_BOOKED,
            on=start - dt.timedelta(days=12),
            study_visit_on=start - dt.timedelta(days=7),
            by=officer,
        )
        return referral_set_status(
            referral=referral, status=Referral.Status.ACCEPTED, on=start - dt.timedelta(days=5), by=officer
        )

    def placement(self, k: int, slot: int, start: dt.date, *, protected: bool = False) -> dt.date:
        """One participant's whole way; returns the day the place is free again."""
        person = self.participant(protected=protected)
        area = self.areas[(slot + k) % len(self.areas)] if self.areas else None
        supervisor = self.supervisors[slot % len(self.supervisors)] if self.supervisors else None
        officer = person.case_officer
        referral = self.accepted_referral(person, start, area)
        placement = placement_start(
            participant=person,
            partnership=self.p,
            start_date=start,
            work_area=area,
            supervisor=supervisor,
            referral=referral,
            by=officer,
        )
        plan_revise(placement=placement, goals=GOALS[k % len(GOALS)], agreed_on=start, by=supervisor)
        for weeks, percent in [(0, 25), (4, 40), (8, 60), (12, 75)]:
            day = start + dt.timedelta(weeks=weeks)
            if day <= placement.planned_end_date:
                working_time_step_add(placement=placement, from_date=day, percent=percent, by=supervisor)
        if k % 6 == 3:
            plan_revise(
                placement=placement,
                goals=GOALS[k % len(GOALS)] + "\nReviderad: fokus på arbete i butik inför avslut.",
                agreed_on=start + dt.timedelta(weeks=7),
                by=supervisor,
            )
        if k % 7 == 2:
            pause_start = start + dt.timedelta(weeks=5)
            pause_add(
                placement=placement,
                start_date=pause_start,
                end_date=pause_start + dt.timedelta(days=13),
                category=Pause.Category.CARE_HEALTH if k % 2 else Pause.Category.OTHER,
                note="Uppehåll enligt överenskommelse.",
                by=supervisor,
            )
        interrupted = k % 5 == 1
        extended = not interrupted and k % 8 == 3
        if extended and placement.planned_end_date + dt.timedelta(days=30) <= self.year_end:
            placement = placement_extend(
                placement=placement,
                new_end_date=placement.planned_end_date + dt.timedelta(days=30),
                decision=ExtensionDecision(
                    decided_on=placement.planned_end_date - dt.timedelta(days=14),
                    reason="Deltagaren behöver mer tid för att nå målen i planen.",
                    participant_consulted=True,
                    approved_by_city_user=officer,
                    approved_by_partner_user=supervisor,
                ),
                by=officer,
            )
        if interrupted:
            end = start + dt.timedelta(days=40 + k % 20)
            code = "interrupted_health" if k % 2 else "interrupted_other"
        else:
            code = END_REASON_CYCLE[k % len(END_REASON_CYCLE)]
            end = placement.planned_end_date
            if code in ("work", "studies", "other_measure") and not extended:
                end = start + dt.timedelta(days=75 + k % 30)  # left early for work or studies
        end = min(end, self.year_end, placement.planned_end_date)
        if self.today is not None and end >= self.today:
            return placement.planned_end_date  # still running today
        placement_end(placement=placement, end_date=end, end_reason=self.reasons[code], by=officer)
        return end


@transaction.atomic
def seed(*, demo_users: bool) -> None:
    partnership = Partnership.objects.filter(case_number=STADSMISSION_CASE).first()
    if partnership is None or Participant.objects.filter(personal_identity_number=_first_pnr()).exists():
        return
    officers, supervisors = _users(demo_users=demo_users)
    if not officers:
        return  # no case officers without demo users: nothing to attach participants to
    _staff(partnership, supervisors)
    s = _Seeder(partnership, officers, supervisors)

    k = 0
    for slot in range(24):
        start = dt.date(2025, 1, 8) + dt.timedelta(days=slot * 3)
        while start <= LAST_START:
            free_from = s.placement(k, slot, start, protected=(k == 5))
            k += 1
            start = free_from + dt.timedelta(days=5 + (slot + k) % 6)

    # A participant who withdrew consent after the placement ended.
    withdrawn = Participant.objects.filter(placements__isnull=False).order_by("pk")[2]
    consent = withdrawn.consents.first()
    assert consent is not None, "every placed demo participant has a consent"
    consent_withdraw(consent=consent, withdrawn_on=dt.date(2025, 11, 3), by=withdrawn.case_officer)

    # The queue at year end: accepted referrals that wait for a place.
    for offset in (0, 3, 6):
        person = s.participant()
        s.accepted_referral(
            person, dt.date(2025, 12, 15) + dt.timedelta(days=offset), s.areas[offset % len(s.areas)]
        )
    # Referrals in other states.
    for status in (
        Referral.Status.NEW,
        Referral.Status.STUDY_VISIT_BOOKED,
        Referral.Status.DECLINED,
        Referral.Status.WITHDRAWN,
    ):
        person = s.participant()
        s.consent(person, dt.date(2025, 11, 20))
        referral = referral_create(
            participant=person,
            partnership=partnership,
            case_officer=person.case_officer,
            referred_on=dt.date(2025, 12, 1),
            reason="Arbetsträning i butik.",
            by=person.case_officer,
        )
        if status != Referral.Status.NEW:
            referral_set_status(
                referral=referral,
                status=status,
                on=dt.date(2025, 12, 5),
                study_visit_on=dt.date(2025, 12, 10),
                reason="Deltagaren har fått annan insats."
                if status != Referral.Status.STUDY_VISIT_BOOKED
                else "",
                by=person.case_officer,
            )
    # Registered, but no consent yet: nothing can be sent.
    s.participant()
    _seed_running(s, officers, supervisors)


def _seed_running(s: "_Seeder", officers: list[User], supervisors: list[User]) -> None:
    """Placements in the 2026 continuation agreement, some of them running today (2026-11-23 in the
    demo's frame: whatever `date.today()` is, placements are laid out up to it)."""
    from iop.demo import STADSMISSION_2026_CASE

    p2026 = Partnership.objects.filter(case_number=STADSMISSION_2026_CASE).first()
    if p2026 is None:
        return
    today = min(dt.date.today(), dt.date(2026, 12, 20))
    if today < dt.date(2026, 2, 1):
        return
    _staff(p2026, supervisors)
    r = _Seeder(p2026, officers, supervisors)
    r.i = s.i
    r.year_end = dt.date(2026, 12, 31)
    r.today = today
    k = 0
    for slot in range(20):  # 20 of 24 places in use: a few free places to show
        start = dt.date(2026, 1, 12) + dt.timedelta(days=slot * 4)
        while start <= today - dt.timedelta(days=3):
            free_from = r.placement(k, slot, start)
            k += 1
            start = free_from + dt.timedelta(days=5 + (slot + k) % 6)
