"""The SQLite full-text index (FTS5) of knowledge items; PostgreSQL searches the columns."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    from paraat.knowledge import search

    with schema_editor.connection.cursor() as cursor:
        search.create_fts_table(cursor)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS knowledge_fts")


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
