"""Items labelled before TLP was shared across apps keep their label through the migration."""

import pytest

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from paraat.knowledge.factories import KnowledgeItemFactory
from paraat.knowledge.models import TLP, KnowledgeItem, KnowledgeItemVersion

BEFORE = [("knowledge", "0004_link_free_text")]
AFTER = [("knowledge", "0005_tlp_shared_labels")]


def _migrate(target=None):
    """To `target`, or back to the latest migrations when None."""
    executor = MigrationExecutor(connection)
    executor.migrate(target or executor.loader.graph.leaf_nodes())


def _raw_tlp(pk):
    with connection.cursor() as cursor:
        cursor.execute("SELECT tlp FROM knowledge_knowledgeitem WHERE id = %s", [pk])
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_labels_and_their_history_are_relabelled_both_ways(world):
    item = KnowledgeItemFactory(
        region=world.region, tlp=TLP.AMBER_STRICT, created_by=world.users["contact"]
    )
    KnowledgeItemVersion.objects.create(
        item=item, version=1, data={"title": "oud", "tlp": TLP.RED}, changed_by=item.created_by
    )
    try:
        _migrate(BEFORE)
        assert _raw_tlp(item.pk) == "amber_strict"
        _migrate(AFTER)
    finally:
        _migrate()  # leave the schema as the other tests expect it
    assert KnowledgeItem.objects.get(pk=item.pk).tlp == TLP.AMBER_STRICT == "AMBER+STRICT"
    assert item.versions.get().data["tlp"] == "RED"
