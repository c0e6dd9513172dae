"""The demo region: VNOG set up from the reference data like any region, plus example content.

VNOG itself, its 22 municipalities and their boundaries come from the national reference data
through `region_setup` (the path of `paraat setup_region`); only what is made up here is example
content: the contacts, marked "(demo)"/"Voorbeeld". The region's `is_demo` flag says it shows
example content (the banner on every page). Populations: the reference data has none, so the
demo fills the approximate 2017 figures of `vnog-gemeenten.csv` where none is known.

Idempotent: running it again updates in place and duplicates nothing.
"""

import csv
from pathlib import Path

from django.db import transaction

from .models import Contact, Municipality, Partner, PartnerKind, Region
from .reference import load_reference
from .services import region_setup

DATA = Path(__file__).resolve().parent / "data"

PARTNERS = [
    ("Politie Oost-Nederland", PartnerKind.POLICE),
    ("GGD Noord- en Oost-Gelderland", PartnerKind.GGD),
    ("GHOR Noord- en Oost-Gelderland", PartnerKind.GHOR),
    ("Defensie (11 Luchtmobiele Brigade)", PartnerKind.DEFENCE),
    ("Meldkamer Oost-Nederland", PartnerKind.EMERGENCY_ROOM),
    ("Waterschap Vallei en Veluwe", PartnerKind.WATER_BOARD),
    ("Waterschap Rijn en IJssel", PartnerKind.WATER_BOARD),
    ("Provincie Gelderland", PartnerKind.PROVINCE),
]

# Region roles as contacts; names are roles, not people (demo).
REGION_CONTACTS = [
    (
        "Programmacoördinator weerbaarheid (demo)",
        "Programmacoördinator",
        "Voorbeeld: meldt zich bij uitval in het actiecentrum van de brandweerkazerne Apeldoorn.",
    ),
    (
        "Coördinerend Functionaris Gemeenten (demo)",
        "CFG",
        "Voorbeeld: bereikbaar via de C2000-portofoon van het ROT; anders op het regiokantoor.",
    ),
    (
        "Voorzitter stuurgroep weerbaarheid (demo)",
        "Portefeuillehouder weerbaarheid",
        "Voorbeeld: via de gemeentelijke bode naar het gemeentehuis Apeldoorn.",
    ),
]


def read_regions() -> list[tuple[str, str]]:
    with open(DATA / "veiligheidsregios.csv", encoding="utf-8") as f:
        return [(row["code"], row["name"]) for row in csv.DictReader(f)]


@transaction.atomic
def load_region() -> Region:
    region = region_setup(code="VR06", reference=load_reference()).region
    Region.objects.filter(pk=region.pk).update(
        name="Veiligheidsregio Noord- en Oost-Gelderland",
        short_name="VNOG",
        is_demo=True,
        share_nationally=True,
    )
    region.refresh_from_db()
    with open(DATA / "vnog-gemeenten.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            Municipality.objects.filter(
                region=region, code=row["cbs_code"], population__isnull=True
            ).update(population=int(row["population_approx_2017"]), population_year=2017)
    for name, kind in PARTNERS:
        Partner.objects.update_or_create(region=region, name=name, defaults={"kind": kind})
    for name, function, outage in REGION_CONTACTS:
        Contact.objects.update_or_create(
            region=region,
            municipality=None,
            partner=None,
            name=name,
            defaults={"function": function, "outage_reachability": outage},
        )
    for partner in Partner.objects.filter(region=region):
        Contact.objects.update_or_create(
            region=region,
            partner=partner,
            name=f"Piket {partner.name} (demo)",
            defaults={
                "function": "Piketfunctionaris",
                "phone": "088-0000000",
                "outage_reachability": "Voorbeeld: via de meldkamer (C2000) of fysiek in het ROT.",
            },
        )
    return region
