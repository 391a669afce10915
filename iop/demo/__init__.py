"""Demo data of the partnership registry: the seed-000 agreement with Skåne Stadsmission and the
city's other labour-market partnerships (seeds 001 and 004). Fictional people only.

The modules: `organisations` (the city, Stadsmission and the non-profits), `users` (one demo user per
role), `stadsmission_agreement` (the reference agreement, its steering group and its 2026 continuation),
`partnerships` seeding the specs in `labour_market` and `social`. `seed` runs them in order.

Every function here is idempotent: it looks rows up by natural keys and creates what is missing.
"""

from iop.demo.organisations import city, stadsmission
from iop.demo.partnerships import seed_partnerships
from iop.demo.stadsmission_agreement import (
    STADSMISSION_2026_CASE,
    STADSMISSION_CASE,
    seed_stadsmission,
    seed_stadsmission_2026,
    seed_stadsmission_steering,
)
from iop.demo.users import DEMO_PASSWORD, DEMO_USERS, EXTRA_SUPERVISORS, seed_users

__all__ = [
    "DEMO_PASSWORD",
    "DEMO_USERS",
    "EXTRA_SUPERVISORS",
    "STADSMISSION_2026_CASE",
    "STADSMISSION_CASE",
    "city",
    "seed",
    "seed_partnerships",
    "seed_stadsmission",
    "seed_stadsmission_2026",
    "seed_stadsmission_steering",
    "seed_users",
    "stadsmission",
]


def seed(*, demo_users: bool) -> None:
    seed_stadsmission()
    if demo_users:
        seed_users(with_passwords=True)
    seed_stadsmission_steering(with_users=demo_users)
    seed_partnerships(city=city())
    seed_stadsmission_2026()
