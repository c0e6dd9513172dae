"""The API's endpoints: thin, each asking the pages' permission rules (api.access) and reading
through the apps' models and selectors; writes go through the apps' services."""

from __future__ import annotations

import base64
import csv
import io
import itertools

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.response import Response
from rest_framework.views import APIView

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.dateparse import parse_datetime

from paraat.agreements.models import (
    ActionItem,
    Category,
    ItemProgress,
    MeasurementRound,
    RoundState,
    SnapshotEntry,
    StatusUpdate,
)
from paraat.agreements.services import status_update_record
from paraat.core.concurrency import StaleEdit
from paraat.core.spreadsheets import neutralise
from paraat.knowledge.selectors import items_visible_to
from paraat.programme.selectors import activities, risks
from paraat.regions.models import Municipality, Region
from paraat.reports.selectors import runs_visible
from paraat.supportpoints.selectors import point_list

from . import access, facts
from .conditional import ConditionalGet
from .guards import ReadOrWriteToken
from .serializers import (
    ActionItemSerializer,
    ActivitySerializer,
    CategorySerializer,
    KnowledgeItemSerializer,
    MunicipalitySerializer,
    ProgressSerializer,
    RegionSerializer,
    ReportRunSerializer,
    RiskSerializer,
    RoundSerializer,
    SnapshotEntrySerializer,
    StatusUpdateSerializer,
    StatusUpdateWriteSerializer,
    SupportPointSerializer,
)
from .services import api_write_audit

REGION = OpenApiParameter("region", str, description="Region CBS code, e.g. VR06")
MUNICIPALITY = OpenApiParameter("municipality", str, description="Municipality CBS code")
CATEGORY = OpenApiParameter("category", int, description="Category id")
ROUND = OpenApiParameter("round", str, description="Round ids, or 'live', comma-separated")
ROUND_ID = OpenApiParameter("round", int, description="Round id")
CURRENT = OpenApiParameter(
    "current",
    bool,
    description=(
        "true: only municipalities that exist today; false: only those merged away by a "
        "municipal reorganisation (older rounds' facts still name them, with `archived_on`); "
        "absent: both"
    ),
)
CHANGED_SINCE = OpenApiParameter(
    "changed_since", OpenApiTypes.DATETIME, description="Only what changed after this moment"
)


# A code in a path is any text up to the next slash: DRF's default ("[^/.]+") leaves a code with
# a dot to Django's HTML 404 page, never to the API's own problem+json answer.
CODE_IN_PATH = "[^/]+"


class RuleRefused(exceptions.APIException):
    """A well-formed write that the workflow refuses in the item's current state (a move the
    transition table does not allow, a closed round): 409, with the rule's Dutch message."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = "Refused by the progress rules in the current state."


class _Scoped(ConditionalGet, viewsets.ReadOnlyModelViewSet):
    """A list limited to the regions (and the permission) the reader has on the pages."""

    perm = "dashboard.view_overview"
    region_field = "region"

    def regions(self):
        regions = access.regions_with(self.request.user, self.perm)
        wanted = self.request.query_params.get("region")
        if wanted:
            regions = [r for r in regions if r.code.lower() == wanted.lower()]
        return regions

    def scoped(self, queryset):
        return queryset.filter(**{f"{self.region_field}__in": self.regions()})


@extend_schema(parameters=[REGION])
class RegionViewSet(_Scoped):
    serializer_class = RegionSerializer
    lookup_field = "code"
    lookup_value_regex = CODE_IN_PATH
    perm = "regions.view_region"

    def get_queryset(self):
        return Region.objects.filter(pk__in=[r.pk for r in self.regions()])


@extend_schema(parameters=[REGION, CURRENT])
class MunicipalityViewSet(_Scoped):
    serializer_class = MunicipalitySerializer
    lookup_field = "code"
    lookup_value_regex = CODE_IN_PATH
    perm = "regions.view_municipality"

    def get_queryset(self):
        municipalities = Municipality.objects.select_related("region")
        current = _bool(self.request.query_params.get("current"), "current")
        if self.action == "list" and current is not None:
            municipalities = municipalities.current() if current else municipalities.archived()
        return self.scoped(municipalities)


@extend_schema(parameters=[REGION])
class CategoryViewSet(_Scoped):
    serializer_class = CategorySerializer
    region_field = "agreement_set__region"

    def get_queryset(self):
        return self.scoped(
            Category.objects.filter(agreement_set__is_current=True).select_related(
                "agreement_set__region"
            )
        )


@extend_schema(parameters=[REGION, CATEGORY, CHANGED_SINCE])
class ActionItemViewSet(_Scoped):
    serializer_class = ActionItemSerializer

    def get_queryset(self):
        queryset = self.scoped(
            ActionItem.objects.filter(agreement_set__is_current=True).select_related(
                "region", "category"
            )
        )
        category = self.request.query_params.get("category")
        if category:
            queryset = queryset.filter(category_id=_int(category, "category"))
        since = _since(self.request)
        if since:
            queryset = queryset.filter(updated_at__gt=since)
        return queryset


class _TextScoped(_Scoped):
    """Lists with a municipality's progress text: statuses for every member of the region
    (dashboard rule), the text per row under the confidentiality rule (serializers)."""

    def filtered(self, queryset):
        params = self.request.query_params
        if params.get("municipality"):
            queryset = queryset.filter(municipality__code__iexact=params["municipality"])
        if params.get("category"):
            queryset = queryset.filter(item__category_id=_int(params["category"], "category"))
        return queryset


@extend_schema(parameters=[REGION, MUNICIPALITY, CATEGORY, CHANGED_SINCE])
class ProgressViewSet(_TextScoped):
    serializer_class = ProgressSerializer

    def get_queryset(self):
        queryset = self.filtered(
            self.scoped(
                ItemProgress.objects.filter(
                    item__is_withdrawn=False, municipality__isnull=False
                ).select_related("region", "municipality", "item", "latest")
            )
        )
        since = _since(self.request)
        if since:
            queryset = queryset.filter(updated_at__gt=since)
        return queryset

    @extend_schema(
        request=StatusUpdateWriteSerializer,
        responses={201: ProgressSerializer},
        parameters=[
            OpenApiParameter(
                "If-Match",
                str,
                OpenApiParameter.HEADER,
                description='The version you read, as an ETag: "3"',
                pattern=r'^"[0-9]{1,9}"$',
            )
        ],
    )
    @action(detail=True, methods=["post"], url_path="status-updates")
    def status_updates(self, request, pk=None):
        """Record the municipality's own status update (same rules, lock and audit as its
        status form); a stale version is refused with 412 and the current version."""

        progress = get_object_or_404(self.get_queryset(), pk=pk)
        if not request.user.has_perm("agreements.change_progress", progress.municipality):
            raise PermissionDenied
        data = StatusUpdateWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        version = values.pop("version", None)
        if_match = request.headers.get("If-Match", "").strip().strip("W/").strip('"')
        if if_match:
            version = _int(if_match, "If-Match")
        if version is None:
            raise exceptions.ValidationError(
                {"version": ["Send the version you read (field version or If-Match)."]}
            )
        evidence_link = values.pop("evidence_link", "")
        try:
            with transaction.atomic():
                update = status_update_record(
                    item=progress.item,
                    municipality=progress.municipality,
                    actor=request.user,
                    expected_version=version,
                    evidence_link=evidence_link,
                    **values,
                )
                if request.auth is not None:
                    api_write_audit(
                        token=request.auth, obj=update, detail={"status": update.status}
                    )
        except StaleEdit:
            current = ItemProgress.objects.get(pk=progress.pk)
            response = Response(
                {
                    "type": "about:blank",
                    "title": "Precondition failed",
                    "status": 412,
                    "detail": "Someone saved a newer version; read it and try again.",
                    "currentVersion": current.version,
                },
                status=status.HTTP_412_PRECONDITION_FAILED,
                content_type="application/problem+json",
            )
            response["ETag"] = f'"{current.version}"'
            return response
        except ValidationError as exc:
            raise RuleRefused(
                exc.message_dict if hasattr(exc, "message_dict") else {"status": exc.messages}
            ) from None
        progress = self.get_queryset().get(pk=progress.pk)
        body = self.get_serializer(progress).data
        response = Response(body, status=status.HTTP_201_CREATED)
        response["ETag"] = f'"{progress.version}"'
        return response


@extend_schema(parameters=[REGION, MUNICIPALITY, CATEGORY, CHANGED_SINCE])
class StatusUpdateViewSet(_TextScoped):
    serializer_class = StatusUpdateSerializer

    def get_queryset(self):
        queryset = self.filtered(
            self.scoped(
                StatusUpdate.objects.filter(municipality__isnull=False).select_related(
                    "municipality", "item"
                )
            )
        )
        since = _since(self.request)
        if since:
            queryset = queryset.filter(created_at__gt=since)
        return queryset


@extend_schema(parameters=[REGION])
class RoundViewSet(_Scoped):
    serializer_class = RoundSerializer
    perm = "agreements.view_rounds"

    def get_queryset(self):
        return self.scoped(
            MeasurementRound.objects.select_related("region").prefetch_related(
                "results__municipality"
            )
        )


@extend_schema(parameters=[REGION, MUNICIPALITY, ROUND_ID])
class SnapshotEntryViewSet(_TextScoped):
    serializer_class = SnapshotEntrySerializer
    perm = "agreements.view_rounds"
    region_field = "round__region"

    def get_queryset(self):
        queryset = self.filtered(
            self.scoped(
                SnapshotEntry.objects.filter(
                    round__state=RoundState.CLOSED, municipality__isnull=False
                ).select_related("municipality")
            )
        )
        wanted = self.request.query_params.get("round")
        if wanted:
            queryset = queryset.filter(round_id=_int(wanted, "round"))
        return queryset


FACTS_PAGE = 5000


class FactSerializer(serializers.Serializer):
    round_id = serializers.CharField()
    round_name = serializers.CharField()
    round_date = serializers.DateField()
    region_code = serializers.CharField()
    region_name = serializers.CharField()
    municipality_code = serializers.CharField()
    municipality_name = serializers.CharField()
    item_id = serializers.IntegerField()
    item_number = serializers.CharField()
    item_text = serializers.CharField()
    category = serializers.CharField()
    owner = serializers.CharField()
    due_year = serializers.IntegerField(allow_null=True)
    due_quarter = serializers.IntegerField(allow_null=True)
    status = serializers.CharField()
    status_order = serializers.IntegerField()
    is_applicable = serializers.BooleanField()
    is_achieved = serializers.BooleanField()
    is_due = serializers.BooleanField()
    is_overdue = serializers.BooleanField()


class FactsView(ConditionalGet, APIView):
    """One row per municipality × action item × round: each closed round's frozen status and
    the live state (round_id "live"), for Power BI and Excel. JSON, or CSV with ?format=csv."""

    permission_classes = [ReadOrWriteToken]

    @extend_schema(
        parameters=[
            REGION,
            ROUND,
            OpenApiParameter("cursor", str, description="From the previous page's next link"),
            OpenApiParameter("format", str, enum=["json", "csv"]),
            OpenApiParameter("delimiter", str, enum=["semicolon", "comma"]),
        ],
        responses={
            (200, "application/json"): inline_serializer(
                "FactPage",
                {
                    "next": serializers.URLField(allow_null=True),
                    "results": FactSerializer(many=True),
                },
            ),
            (200, "text/csv"): OpenApiTypes.STR,
        },
    )
    def get(self, request):
        regions = access.regions_with(request.user, "dashboard.view_overview")
        wanted = request.query_params.get("region")
        if wanted:
            regions = [r for r in regions if r.code.lower() == wanted.lower()]
        rounds = request.query_params.get("round")
        round_ids = set(rounds.split(",")) if rounds else None
        start = _cursor(request.query_params.get("cursor"))
        rows = itertools.chain.from_iterable(
            facts.fact_rows(region=region, round_ids=round_ids) for region in regions
        )
        page = list(itertools.islice(rows, start, start + FACTS_PAGE + 1))
        more = len(page) > FACTS_PAGE
        page = page[:FACTS_PAGE]
        next_url = None
        if more:
            token = base64.urlsafe_b64encode(str(start + FACTS_PAGE).encode()).decode()
            query = request.query_params.copy()
            query["cursor"] = token
            next_url = request.build_absolute_uri(request.path + "?" + query.urlencode())
        if request.query_params.get("format") == "csv":
            response = _csv(page, request.query_params.get("delimiter", "semicolon"))
        else:
            response = Response({"next": next_url, "results": page})
        if next_url:
            response["Link"] = f'<{next_url}>; rel="next"'
        return response


def _csv(rows: list[dict], delimiter: str) -> HttpResponse:
    out = io.StringIO()
    out.write("\ufeff")  # Excel reads UTF-8 only with a BOM
    writer = csv.DictWriter(
        out, fieldnames=facts.COLUMNS, delimiter="," if delimiter == "comma" else ";"
    )
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(v) for k, v in row.items()})
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="paraat-facts.csv"'
    return response


def _cell(value):
    if isinstance(value, bool):
        return "1" if value else "0"
    return neutralise(value) if isinstance(value, str) else value


def _cursor(raw: str | None) -> int:
    if not raw:
        return 0
    try:
        value = int(base64.urlsafe_b64decode(raw.encode()).decode())
    except (ValueError, UnicodeError):
        value = -1
    if value < 0:  # as DRF's own cursor pagination: an unknown cursor names no page
        raise exceptions.NotFound("Not a cursor from a next link.")
    return value


def _int(raw: str, name: str) -> int:
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise exceptions.ValidationError({name: ["Expected a whole number."]}) from None
    if not 0 <= value < 2**63:  # no database key is outside this; SQLite overflows beyond it
        raise exceptions.NotFound()
    return value


def _bool(raw: str | None, name: str) -> bool | None:
    if raw is None or raw == "":
        return None
    if raw.lower() in ("true", "1"):
        return True
    if raw.lower() in ("false", "0"):
        return False
    raise exceptions.ValidationError({name: ["Expected true or false."]})


def _since(request):
    raw = request.query_params.get("changed_since")
    if not raw:
        return None
    try:
        moment = parse_datetime(raw)
    except ValueError:  # well-formed but impossible, e.g. month 13
        moment = None
    if moment is None:
        raise exceptions.ValidationError({"changed_since": ["Expected an ISO 8601 moment."]})
    return moment


@extend_schema(responses={200: OpenApiTypes.OBJECT})
@api_view(["GET"])
def root(request):
    """What the API offers (the OpenAPI document describes each)."""
    from django.urls import reverse

    names = [
        "region",
        "municipality",
        "category",
        "actionitem",
        "progress",
        "statusupdate",
        "round",
        "snapshotentry",
        "supportpoint",
        "activity",
        "risk",
        "knowledgeitem",
        "report",
    ]
    links = {n: request.build_absolute_uri(reverse(f"api:{n}-list")) for n in names}
    links["facts"] = request.build_absolute_uri(reverse("api:facts"))
    links["openapi"] = request.build_absolute_uri(reverse("api:schema"))
    return Response(links)


def not_found(request, rest: str = ""):
    """Any other path under /api/v1/: a problem+json 404 (never the site's HTML page). A path
    that only lacks its closing slash is sent on to it, as APPEND_SLASH does elsewhere."""
    from django.http import HttpResponsePermanentRedirect, JsonResponse
    from django.urls import Resolver404, resolve

    if not request.path.endswith("/"):
        try:
            match = resolve(request.path + "/")
        except Resolver404:
            match = None
        if match is not None and match.url_name != "not-found":
            query = request.META.get("QUERY_STRING", "")
            target = request.path + "/" + (f"?{query}" if query else "")
            return HttpResponsePermanentRedirect(target)
    return JsonResponse(
        {"type": "about:blank", "title": "Not found", "status": 404},
        status=404,
        content_type="application/problem+json",
    )


class _PerRegion(ConditionalGet, APIView):
    """A list built by an app's own selector, region by region (the selector applies the
    app's visibility rule, e.g. TLP for knowledge items)."""

    perm = "regions.view_region"
    serializer_class: type = serializers.Serializer
    pagination_class = None

    def rows(self, region) -> list:
        raise NotImplementedError

    def regions(self):
        regions = access.regions_with(self.request.user, self.perm)
        wanted = self.request.query_params.get("region")
        if wanted:
            regions = [r for r in regions if r.code.lower() == wanted.lower()]
        return regions

    def get(self, request):
        rows = [row for region in self.regions() for row in self.rows(region)]
        data = self.serializer_class(rows, many=True).data
        return Response({"next": None, "previous": None, "results": data})


def _listing(serializer):
    return extend_schema(
        parameters=[REGION],
        responses=inline_serializer(
            f"{serializer.__name__.removesuffix('Serializer')}List",
            {
                "next": serializers.URLField(allow_null=True),
                "previous": serializers.URLField(allow_null=True),
                "results": serializer(many=True),
            },
        ),
    )


@extend_schema_view(get=_listing(SupportPointSerializer))
class SupportPointViewSet(_PerRegion):
    perm = "supportpoints.view_register"
    serializer_class = SupportPointSerializer

    def rows(self, region):
        return point_list(region=region)


@extend_schema_view(get=_listing(ActivitySerializer))
class ActivityViewSet(_PerRegion):
    perm = "programme.view_programme"
    serializer_class = ActivitySerializer

    def rows(self, region):
        return list(activities(region=region))


@extend_schema_view(get=_listing(RiskSerializer))
class RiskViewSet(_PerRegion):
    perm = "programme.view_programme"
    serializer_class = RiskSerializer

    def rows(self, region):
        return list(risks(region=region))


@extend_schema_view(get=_listing(KnowledgeItemSerializer))
class KnowledgeItemViewSet(_PerRegion):
    perm = "knowledge.view_knowledge"
    serializer_class = KnowledgeItemSerializer

    def rows(self, region):
        return list(items_visible_to(self.request.user, region).order_by("pk"))


@extend_schema_view(get=_listing(ReportRunSerializer))
class ReportRunViewSet(_PerRegion):
    perm = "reports.view_reports"
    serializer_class = ReportRunSerializer

    def rows(self, region):
        return runs_visible(region=region, user=self.request.user)
