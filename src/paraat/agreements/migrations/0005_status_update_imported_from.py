from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0004_round_workflow"),
    ]

    operations = [
        migrations.AddField(
            model_name="statusupdate",
            name="imported_from",
            field=models.CharField(blank=True, max_length=255, verbose_name="imported from"),
        ),
        migrations.AddField(
            model_name="statusupdate",
            name="status_on",
            field=models.DateField(
                blank=True, null=True, verbose_name="date in the imported list"
            ),
        ),
    ]
