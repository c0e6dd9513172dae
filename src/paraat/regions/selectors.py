"""Read queries for the regions app."""

from django.db.models import Prefetch, QuerySet

from .models import Contact, Municipality, Partner, Region, SubRegion


def municipality_list(*, region: Region) -> QuerySet[Municipality]:
    """The region's current municipalities (archived ones left out), by name."""
    return region.municipalities.current().order_by("name")


def archived_municipalities(*, region: Region) -> QuerySet[Municipality]:
    return region.municipalities.archived().order_by("name")


def partner_list(*, region: Region) -> QuerySet[Partner]:
    return Partner.objects.filter(region=region).order_by("-is_active", "name")


def contacts_current(*, region: Region) -> QuerySet[Contact]:
    """The region's contacts, without those of archived (merged) municipalities."""
    return Contact.objects.filter(region=region).exclude(
        municipality__in=Municipality.objects.archived()
    )


def contacts_by_organisation(*, region: Region) -> list[tuple[str, list[Contact]]]:
    """Contacts grouped: the region first, then municipalities, then partners (one query)."""
    contacts = (
        contacts_current(region=region)
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


def sub_regions(*, region: Region) -> list[SubRegion]:
    """The region's sub-regions in their order; empty when it has none (then no page shows a
    sub-region filter or column). One query."""
    return list(SubRegion.objects.filter(region=region))


def sub_region_groups(
    sub_regions: list[SubRegion], municipalities: list[Municipality]
) -> list[tuple[SubRegion | None, list[int]]]:
    """The municipalities' ids per sub-region, in the sub-regions' order, then (only when there
    are any) those in none under None. No query: for totals per sub-region over a list a page
    has already loaded."""
    groups: dict[int | None, list[int]] = {s.pk: [] for s in sub_regions}
    for m in municipalities:
        key = m.sub_region_id if m.sub_region_id in groups else None
        groups.setdefault(key, []).append(m.pk)
    by_pk = {s.pk: s for s in sub_regions}
    return [(by_pk[pk] if pk is not None else None, ids) for pk, ids in groups.items()]


def sub_regions_with_municipalities(*, region) -> list[tuple]:
    """The region's sub-regions, each with the ids of its municipalities (two queries)."""

    subs = list(SubRegion.objects.filter(region=region))
    members: dict[int, list[int]] = {s.pk: [] for s in subs}
    for mid, sid in Municipality.objects.filter(
        region=region, sub_region__isnull=False
    ).values_list("pk", "sub_region_id"):
        members[sid].append(mid)
    return [(s, members[s.pk]) for s in subs]
