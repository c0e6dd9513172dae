"""Demo data: VNOG's pilot emergency support points (public reporting, 2025–2026).

The places are real pilot locations (local points in Harderwijk, Nunspeet, Aalten and Speuld
(Ermelo), a coordination point in Apeldoorn); the buildings, addresses, contacts and facilities
are EXAMPLES, marked as such in the interface. Idempotent: update_or_create on natural keys.
"""

from django.db import transaction

from paraat.regions.models import Municipality

from .models import (
    Facility,
    PointFacility,
    PointKind,
    PointStatus,
    PopulatedPlace,
    SupportPoint,
    Wheelchair,
)
from .services import DEFAULT_FACILITIES

EXAMPLE = "Voorbeeld (demo): "

# (municipality code, kind, name, address, lat, lon, status, hours to open, capacity,
#  wheelchair, facility codes present, power hours)
POINTS = [
    (
        "GM0200",
        PointKind.COORDINATION,
        "Coördinatiepunt Brandweerkazerne Apeldoorn (voorbeeld)",
        "Voorbeeldadres: Kazerneweg 1, Apeldoorn",
        52.2115,
        5.9580,
        PointStatus.OPERATIONAL,
        "1.0",
        150,
        Wheelchair.YES,
        {
            "power",
            "communication",
            "information",
            "first_aid",
            "water",
            "help_desk",
            "sanitation",
            "heating",
        },
        72,
    ),
    (
        "GM0243",
        PointKind.LOCAL,
        "Noodsteunpunt Harderwijk (voorbeeld)",
        "Voorbeeldadres: Wijkcentrum, Voorbeeldstraat 10, Harderwijk",
        52.3445,
        5.6330,
        PointStatus.OPERATIONAL,
        "2.0",
        120,
        Wheelchair.YES,
        {"power", "communication", "information", "first_aid", "water", "food", "help_desk"},
        48,
    ),
    (
        "GM0302",
        PointKind.LOCAL,
        "Noodsteunpunt Nunspeet (voorbeeld)",
        "Voorbeeldadres: Dorpshuis, Voorbeeldlaan 5, Nunspeet",
        52.3790,
        5.7850,
        PointStatus.EQUIPPED,
        "2.0",
        80,
        Wheelchair.PARTLY,
        {"power", "information", "water", "help_desk", "heating"},
        24,
    ),
    (
        "GM0197",
        PointKind.LOCAL,
        "Noodsteunpunt Aalten (voorbeeld)",
        "Voorbeeldadres: Kerkzaal, Voorbeeldplein 2, Aalten",
        51.9255,
        6.5800,
        PointStatus.AGREED,
        "3.0",
        60,
        Wheelchair.YES,
        {"information", "water", "heating"},
        None,
    ),
    (
        "GM0233",
        PointKind.LOCAL,
        "Noodsteunpunt Speuld (voorbeeld)",
        "Voorbeeldadres: Dorpshuis, Voorbeeldweg 3, Speuld (Ermelo)",
        52.2650,
        5.6640,
        PointStatus.OPERATIONAL,
        "1.5",
        40,
        Wheelchair.NO,
        {"power", "communication", "information", "first_aid", "water", "help_desk"},
        36,
    ),
]

# Populated places with example resident counts (rounded, illustrative), to show distances.
PLACES = [
    ("Speuld", 52.265, 5.664, 600),
    ("Drie", 52.283, 5.700, 300),
    ("Hulshorst", 52.360, 5.730, 2500),
    ("Elspeet", 52.287, 5.787, 4500),
    ("Hierden", 52.370, 5.660, 2000),
    ("Uddel", 52.258, 5.780, 2800),
    ("Bredevoort", 51.942, 6.620, 1600),
    ("Dinxperlo", 51.863, 6.490, 5500),
    ("Beekbergen", 52.160, 5.964, 8800),
    ("Hoenderloo", 52.118, 5.878, 1900),
]


@transaction.atomic
def load_demo(region, *, stdout=None) -> None:
    for index, (code, name, description, weight, asks_hours) in enumerate(DEFAULT_FACILITIES):
        Facility.objects.update_or_create(
            region=region,
            code=code,
            defaults={
                "name": name,
                "description": description,
                "weight": weight,
                "asks_hours": asks_hours,
                "order": (index + 1) * 10,
            },
        )
    facilities = {f.code: f for f in Facility.objects.filter(region=region)}
    coordination = None
    for (
        code,
        kind,
        name,
        address,
        lat,
        lon,
        status,
        hours,
        capacity,
        wheelchair,
        present,
        power_hours,
    ) in POINTS:
        municipality = Municipality.objects.filter(region=region, code=code).first()
        if municipality is None:
            continue
        point, _ = SupportPoint.objects.update_or_create(
            municipality=municipality,
            name=name,
            defaults={
                "region": region,
                "kind": kind,
                "address": address,
                "latitude": lat,
                "longitude": lon,
                "status": status,
                "hours_to_open": hours,
                "capacity": capacity,
                "wheelchair": wheelchair,
                "managing_organisation": (
                    "Veiligheidsregio Noord- en Oost-Gelderland"
                    if kind == PointKind.COORDINATION
                    else f"Gemeente {municipality.name}"
                ),
                "contact_name": "Voorbeeld contactpersoon",
                "contact_phone": "088-0000000",
                "contact_outage": EXAMPLE + "meldt zich bij uitval binnen een uur op het punt.",
                "keyholder_name": "Voorbeeld sleutelhouder",
                "keyholder_phone": "06-00000000",
                "keyholder_outage": EXAMPLE + "woont om de hoek; buren weten het adres.",
                "notes": EXAMPLE + "pilotpunt uit de openbare berichtgeving; gegevens verzonnen.",
                "is_example": True,
                "coordination_point": None if kind == PointKind.COORDINATION else coordination,
            },
        )
        if kind == PointKind.COORDINATION:
            coordination = point
        for fcode, facility in facilities.items():
            PointFacility.objects.update_or_create(
                point=point,
                facility=facility,
                defaults={
                    "present": fcode in present,
                    "hours": power_hours if fcode == "power" and fcode in present else None,
                },
            )
    for name, lat, lon, residents in PLACES:
        PopulatedPlace.objects.update_or_create(
            region=region,
            name=name,
            defaults={
                "latitude": lat,
                "longitude": lon,
                "residents": residents,
                "is_example": True,
            },
        )
    if stdout:
        stdout.write(f"Support points: {len(POINTS)} example pilot points.")
