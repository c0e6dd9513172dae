"""National-scale data: a checklist and some points per municipality, in bulk."""

from django.db import transaction

from .models import Facility, PointFacility, PointKind, PointStatus, SupportPoint
from .services import DEFAULT_FACILITIES


@transaction.atomic
def generate_region(region, *, rng, options) -> None:
    if not Facility.objects.filter(region=region).exists():
        Facility.objects.bulk_create(
            Facility(region=region, code=c, name=n, description=d, weight=w, asks_hours=h, order=i)
            for i, (c, n, d, w, h) in enumerate(DEFAULT_FACILITIES)
        )
    if SupportPoint.objects.filter(region=region).exists():
        return
    facilities = list(Facility.objects.filter(region=region))
    statuses = PointStatus.values
    points = []
    municipalities = list(region.municipalities.all())
    for index, m in enumerate(municipalities):
        lat, lon = m.centroid_lat or 52.2, m.centroid_lon or 6.0
        for n in range(rng.randint(1, 4)):
            points.append(
                SupportPoint(
                    region=region,
                    municipality=m,
                    kind=PointKind.LOCAL,
                    name=f"Dorpshuis {m.name} {n + 1}",
                    address=f"Dorpsstraat {n + 1}, {m.name}",
                    latitude=lat + rng.uniform(-0.05, 0.05),
                    longitude=lon + rng.uniform(-0.05, 0.05),
                    status=rng.choice(statuses),
                )
            )
        if index % 6 == 0:
            points.append(
                SupportPoint(
                    region=region,
                    municipality=m,
                    kind=PointKind.COORDINATION,
                    name=f"Brandweerkazerne {m.name}",
                    address=f"Kazerneweg 1, {m.name}",
                    latitude=lat,
                    longitude=lon,
                    status=PointStatus.OPERATIONAL,
                )
            )
    created = SupportPoint.objects.bulk_create(points)
    if not created or created[0].pk is None:
        created = list(SupportPoint.objects.filter(region=region))
    PointFacility.objects.bulk_create(
        PointFacility(point=p, facility=f, present=rng.random() < 0.6)
        for p in created
        for f in facilities
    )
