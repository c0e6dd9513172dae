"""`paraat generate_data`: a national-scale data set for benchmarks, in bulk.

Regions and municipalities are written here; then every app's `generate.py` hook
(`generate_region(region, *, rng, options)`) adds its data per region, with bulk inserts.
Re-runnable: what exists is kept.
"""

import random
import time

from django.core.management import BaseCommand
from django.db import transaction

from paraat.core.extensions import app_modules

# Approximate number of municipalities per safety region (VR01…VR25), so that the generated
# regions differ in size as the real ones do: the largest has more than VNOG's 22.
SIZES = [
    10, 18, 12, 11, 14, 22, 15, 15, 26, 16, 6, 9, 6,
    6, 9, 18, 13, 8, 13, 24, 11, 21, 15, 16, 6,
]  # fmt: skip


def spread(total: int, weights: list[int]) -> list[int]:
    """Split `total` over the regions in proportion to `weights` (largest remainder first),
    at least one per region."""
    if total < len(weights):
        raise ValueError("fewer municipalities than regions")
    scale = total / sum(weights)
    counts = [max(1, int(w * scale)) for w in weights]
    order = sorted(range(len(weights)), key=lambda i: (-(weights[i] * scale % 1), i))
    index = 0
    while sum(counts) < total:
        counts[order[index % len(order)]] += 1
        index += 1
    while sum(counts) > total:
        largest = max(range(len(counts)), key=lambda i: counts[i])
        counts[largest] -= 1
    return counts


class Command(BaseCommand):
    help = "Generate the 25 real safety regions with synthetic municipalities (and app data)."

    def add_arguments(self, parser):
        parser.add_argument("--regions", type=int, default=25)
        parser.add_argument("--municipalities", type=int, default=342)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, regions, municipalities, seed, **options):
        from paraat.audit.services import data_changed
        from paraat.regions.demo import read_regions
        from paraat.regions.models import Municipality, Region
        from paraat.start.generated import generated_municipalities

        started = time.perf_counter()
        rng = random.Random(seed)
        real = read_regions()[:regions]
        per_region = spread(municipalities, SIZES[: len(real)])
        created = []
        with transaction.atomic():
            for index, ((code, name), count) in enumerate(zip(real, per_region, strict=True)):
                region, _new = Region.objects.get_or_create(
                    code=code,
                    defaults={"name": f"Veiligheidsregio {name}", "short_name": name},
                )
                share = rng.random() < 0.8
                if region.share_nationally != share:
                    region.share_nationally = share
                    region.save(update_fields=["share_nationally"])
                have = set(region.municipalities.values_list("code", flat=True))
                wanted = generated_municipalities(
                    region=region, first_number=5000 + index * 150, count=count, name=name, rng=rng
                )
                Municipality.objects.bulk_create([m for m in wanted if m.code not in have])
                created.append(region)
                self.stdout.write(f"{code} {name}: {max(count, len(have))} municipalities")
        options = {"seed": seed}
        for module in app_modules("generate"):
            if hasattr(module, "generate_region"):
                for region in created:
                    # One transaction per region and app: on SQLite a commit per statement
                    # costs more than the statements.
                    with transaction.atomic():
                        module.generate_region(region, rng=rng, options=options)
                        # the generators write without audit rows: the region's pages move on
                        data_changed(region=region)
        total = Municipality.objects.count()
        seconds = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(created)} regions, {total} municipalities in {seconds:.0f} seconds."
            )
        )
