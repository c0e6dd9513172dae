import pytest

from django.core.files.base import ContentFile

from paraat.knowledge.factories import KnowledgeItemFactory
from paraat.knowledge.models import TLP, Attachment


@pytest.fixture
def library(world):
    """One item per TLP situation, each mentioning noodsteunpunten, each with a file."""
    u = world.users

    def item(key, tlp, author, **kwargs):
        obj = KnowledgeItemFactory(
            region=world.region,
            title=f"Titel {key}",
            summary=f"Samenvatting over noodsteunpunten ({key}).",
            body="Zo richtten wij onze **noodsteunpunten** in.",
            tlp=tlp,
            created_by=u[author],
            **kwargs,
        )
        att = Attachment(
            region=world.region,
            item=obj,
            name=f"{key}.txt",
            content_type="text/plain",
            size=5,
            uploaded_by=u[author],
        )
        att.file.save(f"{key}.txt", ContentFile(b"hallo"), save=False)
        att.save()
        obj.file = att
        return obj

    items = {
        "clear": item("clear", TLP.CLEAR, "admin"),
        "green": item("green", TLP.GREEN, "contact", municipality=world.mun_a),
        "amber_a": item("amber_a", TLP.AMBER, "contact", municipality=world.mun_a),
        "strict_a": item("strict_a", TLP.AMBER_STRICT, "contact", municipality=world.mun_a),
        "strict_region": item("strict_region", TLP.AMBER_STRICT, "coordinator"),
        "strict_partner": item(
            "strict_partner", TLP.AMBER_STRICT, "partner", partner=world.partner_org
        ),
        "red_b": item("red_b", TLP.RED, "coordinator", recipients=[u["other_contact"]]),
    }
    items["red_b"].recipients.add(u["coordinator"])
    # An item in the other region, visible to nobody of this region.
    item_other = KnowledgeItemFactory(
        region=world.other_region,
        title="Titel elders",
        summary="noodsteunpunten elders",
        tlp=TLP.CLEAR,
        created_by=u["outsider"],
    )
    world.extra["elsewhere"] = item_other
    return items
