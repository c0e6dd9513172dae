"""The API's field names: English and stable, whatever the interface language."""

from rest_framework import serializers

from paraat.agreements.models import (
    ActionItem,
    Category,
    ItemProgress,
    MeasurementRound,
    RoundResult,
    SnapshotEntry,
    StatusUpdate,
)
from paraat.permissions import can_read_progress_text
from paraat.regions.models import Municipality, Region

STATUS_ORDER = {
    "not_started": 0,
    "started": 1,
    "in_progress": 2,
    "achieved": 3,
    "not_applicable": 4,
}
TEXT_FIELDS = ("explanation", "bottleneck", "bottleneck_party", "next_step", "next_step_date")


def MunicipalityCode():
    """A row's municipality by CBS code; null on the region's own track."""
    return serializers.CharField(source="municipality.code", default=None, allow_null=True)


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["code", "name", "short_name", "phase", "share_nationally"]


class MunicipalitySerializer(serializers.ModelSerializer):
    region_code = serializers.CharField(source="region.code")

    class Meta:
        model = Municipality
        fields = [
            "code",
            "name",
            "region_code",
            "population",
            "population_year",
            "centroid_lat",
            "centroid_lon",
            "archived_on",
        ]


class CategorySerializer(serializers.ModelSerializer):
    region_code = serializers.CharField(source="agreement_set.region.code")
    agreement_set = serializers.CharField(source="agreement_set.name")

    class Meta:
        model = Category
        fields = ["id", "region_code", "agreement_set", "name", "order"]


class ActionItemSerializer(serializers.ModelSerializer):
    region_code = serializers.CharField(source="region.code")
    category_id = serializers.IntegerField()
    category = serializers.CharField(source="category.name")
    owner = serializers.CharField(source="owner_type")

    class Meta:
        model = ActionItem
        fields = [
            "id",
            "region_code",
            "number",
            "text",
            "category_id",
            "category",
            "owner",
            "due_year",
            "due_quarter",
            "baseline",
            "note",
            "is_withdrawn",
            "version",
            "updated_at",
        ]


class _TextGuarded(serializers.ModelSerializer):
    """Drops the text fields of a row whose text the reader may not read: the one
    confidentiality rule (`permissions.can_read_progress_text`), asked per update."""

    text_source = ""  # attribute holding the update whose text it is ("" = the row itself)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        update = getattr(instance, self.text_source) if self.text_source else instance
        user = self.context["request"].user
        if update is None or not can_read_progress_text(user, update):
            for name in (*TEXT_FIELDS, "not_applicable_reason"):
                data.pop(name, None)
        return data


class ProgressSerializer(_TextGuarded):
    text_source = "latest"
    region_code = serializers.CharField(source="region.code")
    municipality_code = serializers.CharField(
        source="municipality.code", default=None, allow_null=True
    )
    item_id = serializers.IntegerField()
    item_number = serializers.CharField(source="item.number")
    status_order = serializers.SerializerMethodField()
    explanation = serializers.CharField(source="latest.explanation", default="")
    bottleneck = serializers.CharField(source="latest.bottleneck", default="")
    bottleneck_party = serializers.CharField(source="latest.bottleneck_party", default="")
    next_step = serializers.CharField(source="latest.next_step", default="")
    next_step_date = serializers.DateField(
        source="latest.next_step_date", default=None, allow_null=True
    )
    not_applicable_reason = serializers.CharField(source="latest.not_applicable_reason", default="")
    shared_with_region = serializers.BooleanField(source="latest.shared_with_region", default=False)

    class Meta:
        model = ItemProgress
        fields = [
            "id",
            "region_code",
            "municipality_code",
            "item_id",
            "item_number",
            "status",
            "status_order",
            "version",
            "updated_at",
            "shared_with_region",
            "not_applicable_reason",
            *TEXT_FIELDS,
        ]

    def get_status_order(self, obj) -> int:
        return STATUS_ORDER.get(obj.status, 0)


class StatusUpdateSerializer(_TextGuarded):
    municipality_code = serializers.CharField(
        source="municipality.code", default=None, allow_null=True
    )
    item_id = serializers.IntegerField()
    item_number = serializers.CharField(source="item.number")
    round_id = serializers.IntegerField(allow_null=True)

    class Meta:
        model = StatusUpdate
        fields = [
            "id",
            "municipality_code",
            "item_id",
            "item_number",
            "sequence",
            "status",
            "not_applicable_reason",
            *TEXT_FIELDS,
            "is_confirmation",
            "shared_with_region",
            "round_id",
            "created_at",
        ]


class StatusUpdateWriteSerializer(serializers.Serializer):
    """A municipality's own status update, as its status form takes it."""

    status = serializers.ChoiceField(choices=list(STATUS_ORDER))
    not_applicable_reason = serializers.CharField(required=False, allow_blank=True)
    explanation = serializers.CharField(required=False, allow_blank=True)
    bottleneck = serializers.CharField(required=False, allow_blank=True)
    bottleneck_party = serializers.CharField(required=False, allow_blank=True)
    next_step = serializers.CharField(required=False, allow_blank=True)
    next_step_date = serializers.DateField(required=False, allow_null=True)
    evidence_link = serializers.URLField(required=False, allow_blank=True)
    version = serializers.IntegerField(
        required=False,
        min_value=0,
        help_text='The progress version you read (or send it as If-Match: "<version>").',
    )


class RoundResultSerializer(serializers.ModelSerializer):
    municipality_code = serializers.CharField(
        source="municipality.code", default=None, allow_null=True
    )

    class Meta:
        model = RoundResult
        fields = [
            "municipality_code",
            "submission_status",
            "items_total",
            "items_applicable",
            "items_achieved",
            "items_due",
            "items_due_achieved",
            "items_overdue",
        ]


class RoundSerializer(serializers.ModelSerializer):
    region_code = serializers.CharField(source="region.code")
    results = RoundResultSerializer(many=True, read_only=True)

    class Meta:
        model = MeasurementRound
        fields = [
            "id",
            "region_code",
            "name",
            "opens_on",
            "deadline",
            "state",
            "closed_at",
            "results",
        ]


class SnapshotEntrySerializer(_TextGuarded):
    municipality_code = serializers.CharField(
        source="municipality.code", default=None, allow_null=True
    )
    item_id = serializers.IntegerField()

    class Meta:
        model = SnapshotEntry
        fields = [
            "id",
            "round_id",
            "municipality_code",
            "item_id",
            "item_number",
            "item_text",
            "category_name",
            "owner_type",
            "due_year",
            "due_quarter",
            "status",
            "not_applicable_reason",
            *TEXT_FIELDS,
            "shared_with_region",
            "is_carried_over",
            "is_overdue",
        ]


class SupportPointSerializer(serializers.Serializer):
    """A support point as the register shows it (contact people's phone numbers stay on the
    pages and the binder: an integration has no need for them)."""

    id = serializers.IntegerField()
    region_code = serializers.CharField(source="region.code")
    municipality_code = MunicipalityCode()
    name = serializers.CharField()
    kind = serializers.CharField()
    status = serializers.CharField()
    address = serializers.CharField()
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)
    capacity = serializers.IntegerField(allow_null=True)
    hours_to_open = serializers.FloatField(allow_null=True)
    wheelchair = serializers.BooleanField(allow_null=True)
    last_exercised = serializers.DateField(allow_null=True)
    readiness = serializers.IntegerField(
        allow_null=True, help_text="Share of the region's checklist present, 0–100"
    )
    missing = serializers.SerializerMethodField()
    is_example = serializers.BooleanField()

    def get_missing(self, obj) -> list[str]:
        return [f.name for f in getattr(obj, "missing", [])]


class ActivitySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    region_code = serializers.CharField(source="region.code")
    theme_table = serializers.CharField(source="table.name", default=None, allow_null=True)
    title = serializers.CharField()
    owner = serializers.CharField()
    start = serializers.DateField(allow_null=True)
    end = serializers.DateField(allow_null=True)
    status = serializers.CharField()
    action_item_ids = serializers.SerializerMethodField()

    def get_action_item_ids(self, obj) -> list[int]:
        return sorted(i.pk for i in obj.action_items.all())


class RiskSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    region_code = serializers.CharField(source="region.code")
    kind = serializers.CharField()
    number = serializers.IntegerField()
    title = serializers.CharField()
    likelihood = serializers.IntegerField(allow_null=True)
    impact = serializers.IntegerField(allow_null=True)
    owner = serializers.CharField()
    review_date = serializers.DateField(allow_null=True)
    state = serializers.CharField()
    theme_table = serializers.CharField(source="table.name", default=None, allow_null=True)


class KnowledgeItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    region_code = serializers.CharField(source="region.code")
    title = serializers.CharField()
    summary = serializers.CharField()
    kind = serializers.CharField()
    tlp = serializers.CharField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class ReportRunSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    region_code = serializers.CharField(source="region.code")
    municipality_code = MunicipalityCode()
    kind = serializers.CharField()
    format = serializers.CharField()
    tlp = serializers.CharField()
    status = serializers.CharField()
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
