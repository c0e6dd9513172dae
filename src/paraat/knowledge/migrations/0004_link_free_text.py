"""Map the free-text category, action item numbers and theme table to the real objects.

Knowledge items and questions: a category matches a category of the region's current
agreement set by name (case-insensitive); an action item number matches an action item of that
set by number. A question's theme matches a theme table of the region by name. What does not
match stays in the free-text field, so nothing is lost.
"""

from django.db import migrations


def _current_set(AgreementSet, region_id, cache):
    if region_id not in cache:
        cache[region_id] = (
            AgreementSet.objects.filter(region_id=region_id, is_current=True).order_by("-id").first()
        )
    return cache[region_id]


def forwards(apps, schema_editor):
    AgreementSet = apps.get_model("agreements", "AgreementSet")
    Category = apps.get_model("agreements", "Category")
    ActionItem = apps.get_model("agreements", "ActionItem")
    ThemeTable = apps.get_model("programme", "ThemeTable")
    KnowledgeItem = apps.get_model("knowledge", "KnowledgeItem")
    Question = apps.get_model("knowledge", "Question")
    sets = {}

    def category_of(region_id, name):
        agreement_set = _current_set(AgreementSet, region_id, sets)
        if agreement_set is None or not name.strip():
            return None
        return (
            Category.objects.filter(agreement_set=agreement_set, name__iexact=name.strip())
            .order_by("pk")
            .first()
        )

    for item in KnowledgeItem.objects.all().iterator():
        changed = []
        category = category_of(item.region_id, item.category)
        if category is not None:
            item.categories.add(category)
            item.category = ""
            changed.append("category")
        numbers = [n.strip() for n in item.action_items.split(",") if n.strip()]
        agreement_set = _current_set(AgreementSet, item.region_id, sets)
        left = []
        for number in numbers:
            match = None
            if agreement_set is not None:
                match = (
                    ActionItem.objects.filter(agreement_set=agreement_set, number__iexact=number)
                    .order_by("pk")
                    .first()
                )
            if match is None:
                left.append(number)
            else:
                item.related_action_items.add(match)
        if numbers and len(left) != len(numbers):
            item.action_items = ", ".join(left)
            changed.append("action_items")
        if changed:
            item.save(update_fields=changed)

    for question in Question.objects.all().iterator():
        changed = []
        category = category_of(question.region_id, question.category)
        if category is not None:
            question.action_category = category
            question.category = ""
            changed += ["action_category", "category"]
        if question.theme.strip():
            table = (
                ThemeTable.objects.filter(
                    region_id=question.region_id, name__iexact=question.theme.strip()
                )
                .order_by("pk")
                .first()
            )
            if table is not None:
                question.table = table
                question.theme = ""
                changed += ["table", "theme"]
        if changed:
            question.save(update_fields=changed)


def backwards(apps, schema_editor):
    """Put the linked names back into the free-text fields."""
    KnowledgeItem = apps.get_model("knowledge", "KnowledgeItem")
    Question = apps.get_model("knowledge", "Question")
    for item in KnowledgeItem.objects.all().iterator():
        names = [c.name for c in item.categories.all()]
        numbers = [a.number for a in item.related_action_items.all()]
        if names or numbers:
            if names and not item.category:
                item.category = names[0][:120]
            if numbers:
                rest = [n for n in item.action_items.split(",") if n.strip()]
                item.action_items = ", ".join([*numbers, *rest])[:200]
            item.save(update_fields=["category", "action_items"])
    for question in Question.objects.select_related("action_category", "table"):
        if question.action_category_id and not question.category:
            question.category = question.action_category.name[:120]
        if question.table_id and not question.theme:
            question.theme = question.table.name[:120]
        question.save(update_fields=["category", "theme"])


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0003_links_to_action_list_and_tables"),
        ("agreements", "0001_initial"),
        ("programme", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
