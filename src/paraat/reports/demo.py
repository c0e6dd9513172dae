"""Demo plans on paper for VNOG (labelled as examples). Idempotent: keyed on region + title."""

from django.db import transaction

from paraat.regions.models import Municipality

from .models import TLP, PlanCopy

DEMO_PLANS = [
    (
        None,
        "Regionaal crisisplan VNOG (voorbeeld)",
        "VNOG",
        "2024",
        "Actiecentrum brandweerkazerne Apeldoorn, kast 1\nROT-ruimte regiokantoor",
        TLP.AMBER,
    ),
    (
        None,
        "Draaiboek langdurige stroomuitval (voorbeeld)",
        "VNOG / thematafel Continuïteit",
        "concept 2026",
        "Actiecentrum brandweerkazerne Apeldoorn, kast 1\nKazerne Doetinchem, meldkamerkast",
        TLP.GREEN,
    ),
    (
        None,
        "Lijst noodsteunpunten met sleutelhouders (voorbeeld)",
        "Bureau Bevolkingszorg",
        "2026-1",
        "CFG-tas (papier)\nROT-ruimte regiokantoor",
        TLP.AMBER_STRICT,
    ),
    (
        "GM0200",
        "Gemeentelijk crisisplan Apeldoorn (voorbeeld)",
        "Gemeente Apeldoorn",
        "2025",
        "Gemeentehuis Apeldoorn, crisiskamer\nBurgemeesterskamer, kluis",
        TLP.AMBER,
    ),
    (
        "GM0301",
        "Gemeentelijk crisisplan Zutphen (voorbeeld)",
        "Gemeente Zutphen",
        "2025",
        "Stadhuis Zutphen, crisiskamer",
        TLP.AMBER,
    ),
]


@transaction.atomic
def load_demo(region, *, stdout=None) -> None:
    for code, title, owner, version, locations, tlp in DEMO_PLANS:
        municipality = (
            Municipality.objects.filter(region=region, code=code).first() if code else None
        )
        if code and municipality is None:
            continue
        PlanCopy.objects.update_or_create(
            region=region,
            title=title,
            defaults={
                "municipality": municipality,
                "owner": owner,
                "plan_version": version,
                "paper_locations": locations,
                "tlp": tlp,
            },
        )
    if stdout is not None:
        stdout.write("Reports: example plans on paper loaded.")
