"""Demo accounts, one per role, all with password `paraat-demo`."""

from django.conf import settings
from django.db import transaction

from paraat.regions.models import Contact, Municipality, Partner, Region

from .models import Membership, User
from .roles import Role

DEMO_DOMAIN = "demo.paraat.nl"

# (local part, full name, role, municipality code, partner name, function)
DEMO_ACCOUNTS = [
    ("beheer", "Demo Functioneel beheerder", Role.ADMIN, None, None, "Functioneel beheerder"),
    (
        "programma",
        "Demo Programmacoördinator",
        Role.COORDINATOR,
        None,
        None,
        "Programmacoördinator weerbaarheid",
    ),
    ("cfg", "Demo CFG", Role.CFG, None, None, "Coördinerend Functionaris Gemeenten"),
    (
        "apeldoorn",
        "Demo Aanspreekpunt Apeldoorn",
        Role.MUNICIPAL_CONTACT,
        "GM0200",
        None,
        "Aanspreekpunt weerbaarheid",
    ),
    (
        "zutphen",
        "Demo Aanspreekpunt Zutphen",
        Role.MUNICIPAL_CONTACT,
        "GM0301",
        None,
        "Aanspreekpunt weerbaarheid",
    ),
    ("trekker", "Demo Trekker thematafel", Role.THEME_LEAD, None, None, "Trekker thematafel"),
    ("stuurgroep", "Demo Lid stuurgroep", Role.STEERING, None, None, "Lid stuurgroep weerbaarheid"),
    ("bestuur", "Demo Bestuurder", Role.BOARD, None, None, "Lid algemeen bestuur"),
    (
        "partner",
        "Demo Crisispartner GGD",
        Role.PARTNER,
        None,
        "GGD Noord- en Oost-Gelderland",
        "Adviseur crisisbeheersing",
    ),
    ("landelijk", "Demo Landelijk lezer", Role.NATIONAL, None, None, "Adviseur (landelijk)"),
]


def demo_email(local: str) -> str:
    return f"{local}@{DEMO_DOMAIN}"


@transaction.atomic
def load_users(region: Region) -> list[tuple[str, str]]:
    """Create or refresh the demo accounts; returns (e-mail, role label) pairs to print."""
    printed = []
    for local, name, role, mcode, pname, function in DEMO_ACCOUNTS:
        user, _created = User.objects.get_or_create(
            email=demo_email(local), defaults={"full_name": name}
        )
        user.full_name = name
        user.set_password(settings.PARAAT_DEMO_PASSWORD)
        user.save()
        municipality = Municipality.objects.get(code=mcode) if mcode else None
        partner = Partner.objects.get(region=region, name=pname) if pname else None
        Membership.objects.update_or_create(
            user=user,
            role=role,
            defaults={
                "region": None if role == Role.NATIONAL else region,
                "municipality": municipality,
                "partner": partner,
                "is_active": True,
            },
        )
        if role != Role.NATIONAL:
            Contact.objects.update_or_create(
                user=user,
                defaults={
                    "region": region,
                    "municipality": municipality,
                    "partner": partner,
                    "name": name,
                    "function": function,
                    "email": user.email,
                    "phone": "055-0000000",
                    "outage_reachability": "Voorbeeld: meldt zich bij uitval binnen 2 uur op het "
                    "gemeentehuis / de kazerne; thuisadres bekend bij de CFG.",
                },
            )
        printed.append((user.email, Role(role).label))
    return printed
