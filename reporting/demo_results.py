"""Demo data: reported figures of the partnerships that report figures rather than participants.

Every figure is either taken from a sentence of a seed document (quoted) or marked as invented in its
comment ("Påhittad demosiffra"); no target is invented (the goals come from iop.demo_partnerships).
The figures are entered by an inactive "Demodata" user and approved, as the coordinator would.
Idempotent.
"""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from iop.models import Goal, User
from reporting.reported_figures import ReportedFigure, period_of

D = dt.date
INVENTED = "Påhittad demosiffra."

# case number → goal title → [(period start, value, (women, men) or None, comment)]
FIGURES: dict[str, dict[str, list[tuple]]] = {
    # The board's list of labour-market partnerships: MFF Karriärakademin "har konkreta numerära mål som hittills överträffats"; the 2019 overview report
    # gives no figures (the activity report was due in July 2019): all four quarters are invented,
    # summing a little over the targets (300 and 40) as the board's list says.
    "ASN-2017-8596": {
        "Deltagare i matchningsverksamheten (rekryteringsträffar)": [
            (D(2019, 1, 1), 72, None, INVENTED),
            (D(2019, 4, 1), 81, None, INVENTED),
            (D(2019, 7, 1), 64, None, INVENTED),
            (D(2019, 10, 1), 90, None, INVENTED),
        ],
        "Anställningar": [
            (D(2019, 1, 1), 9, None, INVENTED),
            (D(2019, 4, 1), 12, None, INVENTED),
            (D(2019, 7, 1), 8, None, INVENTED),
            (D(2019, 10, 1), 13, None, INVENTED),
        ],
    },
    # The 2019 overview report: "Stadsmissionen redovisade nära 1000 rådgivningstillfällen under 2018" (the monthly
    # split is invented, summing to 990); Vinternatt has 40 beds 1 January – 31 March 2019 and
    # Pingstförsamlingen keeps the statistics: the bed-nights per month are invented (below the
    # 1 240 / 1 120 / 1 240 available).
    "ASN-2017-5149": {
        "Rådgivningstillfällen på Crossroads": [
            (D(2018, month, 1), value, None, INVENTED + " Översiktsrapporten 2019: nära 1000 under 2018.")
            for month, value in enumerate([78, 74, 85, 80, 86, 79, 70, 75, 88, 90, 92, 93], start=1)
        ],
        "Bäddnätter på Vinternatt": [
            (D(2019, 1, 1), 1178, None, INVENTED),
            (D(2019, 2, 1), 1064, None, INVENTED),
            (D(2019, 3, 1), 1151, None, INVENTED),
        ],
    },
    # The 2019 overview report: "Under 2018 har över 100 barn deltagit … 2018 var det 49% flickor och 51% pojkar":
    # 104 children, 51 girls (49 %) and 53 boys; the split per quarter is invented. "Grupperna är
    # alltid fullbokade och några barn står i kö": the queue lengths are invented.
    "ASN-2018-572": {
        "Barn som deltar i grupperna": [
            (
                D(2018, 1, 1),
                26,
                (13, 13),
                INVENTED + " Översiktsrapporten 2019: över 100 barn 2018, 49 % flickor.",
            ),
            (D(2018, 4, 1), 26, (12, 14), INVENTED),
            (D(2018, 7, 1), 24, (12, 12), INVENTED),
            (D(2018, 10, 1), 28, (14, 14), INVENTED),
        ],
        "Barn i kö till grupperna": [
            (
                D(2018, 1, 1),
                5,
                None,
                INVENTED + " Översiktsrapporten 2019: några barn står i kö varje termin.",
            ),
            (D(2018, 4, 1), 7, None, INVENTED),
            (D(2018, 7, 1), 4, None, INVENTED),
            (D(2018, 10, 1), 6, None, INVENTED),
        ],
    },
}


def demodata_user() -> User:
    user, created = User.objects.get_or_create(
        username="demodata", defaults={"first_name": "Demodata", "is_active": False}
    )
    if created:
        user.set_unusable_password()
        user.save()
    return user


@transaction.atomic
def seed_reported_figures() -> int:
    """Approved figures of the seeds' reporting partnerships (returns how many were created)."""
    by = demodata_user()
    reviewer = User.objects.filter(username="samordnare").first() or by
    created = 0
    goals = {
        (g.partnership.case_number, g.title): g
        for g in Goal.objects.filter(partnership__case_number__in=FIGURES).select_related("partnership")
    }
    now = timezone.now()
    for case, by_goal in FIGURES.items():
        for title, rows in by_goal.items():
            goal = goals.get((case, title))
            if goal is None:
                continue
            for start, value, gender, comment in rows:
                period_start, period_end = period_of(goal.partnership.reporting_frequency, start)
                women, men = gender if gender else (None, None)
                _, made = ReportedFigure.objects.get_or_create(
                    goal=goal,
                    period_start=period_start,
                    version=1,
                    defaults={
                        "period_end": period_end,
                        "value": Decimal(value),
                        "women": women,
                        "men": men,
                        "other": 0 if gender else None,
                        "unknown": 0 if gender else None,
                        "comment": comment,
                        "status": ReportedFigure.Status.APPROVED,
                        "created_by": by,
                        "submitted_by": by,
                        "submitted_at": now,
                        "reviewed_by": reviewer,
                        "reviewed_at": now,
                    },
                )
                created += made
    return created
