"""`paraat generate_data`: a national-scale data set for benchmarks, from the test factories."""

import random

from django.core.management import BaseCommand
from django.db import transaction

from paraat.core.extensions import app_modules


class Command(BaseCommand):
    help = "Generate the 25 real safety regions with synthetic municipalities (and app data)."

    def add_arguments(self, parser):
        parser.add_argument("--regions", type=int, default=25)
        parser.add_argument("--municipalities", type=int, default=342)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, regions, municipalities, seed, **options):
        from paraat.regions.demo import read_regions
        from paraat.regions.factories import MunicipalityFactory, RegionFactory
        from paraat.regions.models import Municipality

        rng = random.Random(seed)
        real = read_regions()[:regions]
        per_region = [municipalities // len(real)] * len(real)
        for i in range(municipalities % len(real)):
            per_region[i] += 1
        created = []
        with transaction.atomic():
            for index, ((code, name), count) in enumerate(zip(real, per_region, strict=True)):
                region = RegionFactory(code=code, name=f"Veiligheidsregio {name}", short_name=name)
                region.share_nationally = rng.random() < 0.8
                region.save(update_fields=["share_nationally"])
                have = Municipality.objects.filter(region=region).count()
                for n in range(have, count):
                    MunicipalityFactory(
                        region=region,
                        code=f"GM{5000 + index * 150 + n:04d}",
                        name=f"{name} gemeente {n + 1}",
                    )
                created.append(region)
                self.stdout.write(f"{code} {name}: {max(count, have)} municipalities")
        options = {"seed": seed}
        for module in app_modules("generate"):
            if hasattr(module, "generate_region"):
                for region in created:
                    module.generate_region(region, rng=rng, options=options)
        total = Municipality.objects.count()
        self.stdout.write(self.style.SUCCESS(f"{len(created)} regions, {total} municipalities."))
