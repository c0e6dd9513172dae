from django.db import migrations, models

# One set of TLP labels in Paraat (paraat.core.tlp): the stored value is the label's own name.
FORWARD = {"clear": "CLEAR", "green": "GREEN", "amber": "AMBER", "amber_strict": "AMBER+STRICT", "red": "RED"}
BACKWARD = {new: old for old, new in FORWARD.items()}


def relabel(mapping):
    def run(apps, schema_editor):
        Item = apps.get_model("knowledge", "KnowledgeItem")
        Version = apps.get_model("knowledge", "KnowledgeItemVersion")
        for old, new in mapping.items():
            Item.objects.filter(tlp=old).update(tlp=new)
        for version in Version.objects.filter(data__has_key="tlp").iterator():
            if version.data.get("tlp") in mapping:
                version.data["tlp"] = mapping[version.data["tlp"]]
                version.save(update_fields=["data"])

    return run


class Migration(migrations.Migration):

    dependencies = [
        ('knowledge', '0004_link_free_text'),
    ]

    operations = [
        migrations.AlterField(
            model_name='knowledgeitem',
            name='tlp',
            field=models.CharField(choices=[('CLEAR', 'TLP:CLEAR'), ('GREEN', 'TLP:GREEN'), ('AMBER', 'TLP:AMBER'), ('AMBER+STRICT', 'TLP:AMBER+STRICT'), ('RED', 'TLP:RED')], default='GREEN', max_length=20, verbose_name='TLP label'),
        ),
        migrations.RunPython(relabel(FORWARD), relabel(BACKWARD)),
    ]
