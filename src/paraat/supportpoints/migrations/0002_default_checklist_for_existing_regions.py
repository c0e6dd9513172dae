"""Regions that exist before new regions got their checklist on creation get it now, so that
no page has to create it on first view."""

from django.db import migrations

from paraat.supportpoints.services import DEFAULT_FACILITIES


def add_defaults(apps, schema_editor):
    Region = apps.get_model("regions", "Region")
    Facility = apps.get_model("supportpoints", "Facility")
    for region in Region.objects.exclude(pk__in=Facility.objects.values("region_id")):
        Facility.objects.bulk_create(
            Facility(
                region=region,
                code=code,
                name=name,
                description=description,
                weight=weight,
                asks_hours=asks_hours,
                order=(index + 1) * 10,
            )
            for index, (code, name, description, weight, asks_hours) in enumerate(
                DEFAULT_FACILITIES
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("supportpoints", "0001_initial"),
        ("regions", "0001_initial"),
    ]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
