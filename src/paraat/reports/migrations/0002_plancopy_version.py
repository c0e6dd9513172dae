from django.db import migrations


class Migration(migrations.Migration):
    """Plans on paper use core.concurrency's `version` field name for optimistic locking."""

    dependencies = [
        ("reports", "0001_initial"),
    ]

    operations = [
        migrations.RenameField(model_name="plancopy", old_name="lock_version", new_name="version"),
    ]
