"""Read queries for the regions app."""

from django.db.models import Prefetch, QuerySet

from .models import Contact, Municipality, Region


def municipality_list(*, region: Region) -> QuerySet[Municipality]:
    return region.municipalities.order_by("name")


def contacts_by_organisation(*, region: Region) -> list[tuple[str, list[Contact]]]:
    """Contacts grouped: the region first, then municipalities, then partners (one query)."""
    contacts = (
        Contact.objects.filter(region=region)
        .select_related("municipality", "partner", "region")
        .order_by("name")
    )
    groups: dict[tuple[int, str], list[Contact]] = {}
    for c in contacts:
        if c.municipality is not None:
            key = (1, c.municipality.name)
        elif c.partner is not None:
            key = (2, c.partner.name)
        else:
            key = (0, region.display_name)
        groups.setdefault(key, []).append(c)
    return [(name, items) for (_, name), items in sorted(groups.items())]


def municipality_with_contacts(*, region: Region, code: str) -> Municipality | None:
    return (
        Municipality.objects.filter(region=region, code__iexact=code)
        .prefetch_related(Prefetch("contacts", queryset=Contact.objects.order_by("name")))
        .first()
    )
