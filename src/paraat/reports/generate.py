"""National-scale data for benchmarks: a few plans on paper per region (bulk)."""

from .models import TLP, PlanCopy


def generate_region(region, *, rng, options) -> None:
    if PlanCopy.objects.filter(region=region).exists():
        return
    municipalities = list(region.municipalities.all()[:10])
    plans = [
        PlanCopy(
            region=region,
            title=f"Regionaal crisisplan {region.code} ({n + 1})",
            owner=region.display_name,
            plan_version="2026",
            paper_locations="Actiecentrum, kast 1\nROT-ruimte",
            tlp=rng.choice([TLP.GREEN, TLP.AMBER]),
        )
        for n in range(3)
    ]
    plans += [
        PlanCopy(
            region=region,
            municipality=m,
            title=f"Gemeentelijk crisisplan {m.name}",
            owner=m.name,
            paper_locations="Gemeentehuis, crisiskamer",
            tlp=TLP.AMBER,
        )
        for m in municipalities
    ]
    PlanCopy.objects.bulk_create(plans)
