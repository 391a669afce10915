"""Demo users: one per role (password `demo`), `admin`, and two more supervisors at Stadsmission.
All names are invented."""

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import Group

from iop.demo.organisations import city, stadsmission
from iop.demo.stadsmission_agreement import STADSMISSION_CASE
from iop.models import Partnership, StaffMember, User
from iop.roles import Role

# Only the demo accounts made by `seed_demo --demo-users` use it (bandit B105 reviewed).
DEMO_PASSWORD = "demo"  # nosec B105


# username → (first name, last name, role, organisation key). All names are invented.
DEMO_USERS = {
    "samordnare": ("Sara", "Samordnarsson", Role.SAMORDNARE, "city"),
    "ams": ("Amir", "Sekreterarsson", Role.AMS, "city"),
    "handledare": ("Hanna", "Handledarsson", Role.HANDLEDARE, "stadsmission"),
    "styrgrupp": ("Stefan", "Styrsson", Role.STYRGRUPP, "stadsmission"),
    "ekonomi": ("Eva", "Ekonomsson", Role.EKONOMI, "stadsmission"),
    "attestant": ("Ali", "Attestsson", Role.ATTESTANT, "city"),
    # A socialsekreterare of the city in a Malmökraften 2.0 team (programmes.demo).
    "processledare": ("Pia", "Processledarsson", Role.PROCESSLEDARE, "city"),
}
# Two more supervisors at Stadsmission (the budget funds three), created with the demo users.
EXTRA_SUPERVISORS = {
    "handledare2": ("Hugo", "Handledarsson"),
    "handledare3": ("Hedda", "Handledarsson"),
}


def seed_users(*, with_passwords: bool) -> list[User]:
    """One demo user per role (password `demo`), plus `admin` as superuser."""
    orgs = {"city": city(), "stadsmission": stadsmission()}
    users = []
    for username, (first, last, role, org_key) in DEMO_USERS.items():
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "organisation": orgs[org_key],
                "email": f"{username}@demo.example",
            },
        )
        if created and with_passwords:
            user.set_password(DEMO_PASSWORD)
            user.save()
        user.groups.add(Group.objects.get_or_create(name=str(role))[0])
        users.append(user)
    admin, created = User.objects.get_or_create(
        username="admin",
        defaults={
            "is_superuser": True,
            "is_staff": True,
            "first_name": "Admin",
            "email": "admin@demo.example",
        },
    )
    if created and with_passwords:
        admin.set_password(DEMO_PASSWORD)
        admin.save()
    users.append(admin)
    for username, (first, last) in EXTRA_SUPERVISORS.items():
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "organisation": orgs["stadsmission"],
                "email": f"{username}@demo.example",
            },
        )
        if created and with_passwords:
            user.set_password(DEMO_PASSWORD)
            user.save()
        user.groups.add(Group.objects.get_or_create(name=str(Role.HANDLEDARE))[0])
        users.append(user)
    p = Partnership.objects.get(case_number=STADSMISSION_CASE)
    signed = {"handledare": dt.date(2024, 12, 15), "handledare2": dt.date(2024, 12, 16), "handledare3": None}
    for username, day in signed.items():
        StaffMember.objects.get_or_create(
            partnership=p,
            user=User.objects.get(username=username),
            role=StaffMember.Role.SUPERVISOR,
            defaults={"fte": Decimal("1.00"), "confidentiality_signed_on": day},
        )
    StaffMember.objects.get_or_create(
        partnership=p,
        user=User.objects.get(username="ekonomi"),
        role=StaffMember.Role.ADMINISTRATOR,
        defaults={"fte": Decimal("0.10"), "confidentiality_signed_on": dt.date(2024, 12, 15)},
    )
    return users
