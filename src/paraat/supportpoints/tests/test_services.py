import io
from decimal import Decimal

import pytest

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from paraat.audit.models import Action, AuditEvent
from paraat.core.concurrency import StaleEdit
from paraat.supportpoints import readiness, selectors, services
from paraat.supportpoints.factories import SupportPointFactory
from paraat.supportpoints.files import ImportRefused, Table
from paraat.supportpoints.models import (
    PointKind,
    PointStatus,
    PopulatedPlace,
    StatusChange,
    SupportPoint,
)

ALL_MOVES = [(a, b) for a in PointStatus.values for b in PointStatus.values if a != b]
# A point's moves, stated here and not read from the table under test.
ALLOWED_MOVES = {
    ("candidate", "agreed"),
    ("candidate", "inactive"),
    ("agreed", "equipped"),
    ("agreed", "candidate"),
    ("agreed", "inactive"),
    ("equipped", "operational"),
    ("equipped", "agreed"),
    ("equipped", "inactive"),
    ("operational", "equipped"),
    ("operational", "inactive"),
    ("inactive", "candidate"),
}


@pytest.mark.parametrize(("start", "end"), ALL_MOVES)
def test_each_status_move_is_allowed_exactly_when_the_table_says_so(world, local_a, start, end):
    SupportPoint.objects.filter(pk=local_a.pk).update(status=start)
    local_a.refresh_from_db()
    actor = world.users["contact"]
    if (start, end) in ALLOWED_MOVES:
        change = services.point_transition(point=local_a, to_status=end, reason="r", actor=actor)
        assert (change.from_status, change.to_status) == (start, end)
        local_a.refresh_from_db()
        assert local_a.status == end
        assert AuditEvent.objects.filter(
            action=Action.TRANSITION, object_id=str(local_a.pk)
        ).exists()
    else:
        with pytest.raises(ValidationError):
            services.point_transition(point=local_a, to_status=end, actor=actor)
        local_a.refresh_from_db()
        assert local_a.status == start
        assert not StatusChange.objects.exists()


def test_the_workflow_reaches_operational_only_through_agreed_and_equipped(local_a):
    local_a.status = PointStatus.CANDIDATE
    assert local_a.allowed_transitions == ("agreed", "inactive")
    local_a.status = PointStatus.AGREED
    assert "operational" not in local_a.allowed_transitions
    local_a.status = PointStatus.EQUIPPED
    assert "operational" in local_a.allowed_transitions


def test_municipal_contact_cannot_change_status_of_other_municipality(world, local_a):
    with pytest.raises(PermissionDenied):
        services.point_transition(
            point=local_a, to_status=PointStatus.AGREED, actor=world.users["other_contact"]
        )


def test_readiness_is_the_weighted_share_of_facilities_present(world, checklist, local_a):
    facilities = selectors.active_facilities(region=world.region)
    total = sum(f.weight for f in facilities)
    answers = {
        f.pk: (f.code in {"power", "water"}, 12 if f.code == "power" else None) for f in facilities
    }
    services.point_save(point=local_a, facilities=answers, actor=world.users["contact"])
    [point] = selectors.point_list(region=world.region)
    expected = round(100 * (checklist["power"].weight + checklist["water"].weight) / total)
    assert point.readiness == expected
    assert point.hours[checklist["power"].pk] == 12
    assert {f.code for f in point.missing} == set(checklist) - {"power", "water"}


def test_changing_a_weight_changes_the_score(world, checklist, local_a):
    facilities = selectors.active_facilities(region=world.region)
    answers = {f.pk: (f.code == "power", None) for f in facilities}
    services.point_save(point=local_a, facilities=answers, actor=world.users["contact"])
    before = selectors.point_list(region=world.region)[0].readiness
    power = checklist["power"]
    power.weight = 20
    services.facility_save(facility=power, actor=world.users["coordinator"])
    assert selectors.point_list(region=world.region)[0].readiness > before


def test_coverage_against_the_norm_of_one_point_per_5000_residents():
    cov = readiness.coverage(population=12000, operational=2, norm=5000)
    assert cov.needed == 3
    assert cov.residents_per_point == 6000
    assert cov.meets_norm is False
    assert cov.shortfall == 1
    assert readiness.coverage(population=12000, operational=3, norm=5000).meets_norm is True
    assert readiness.coverage(population=None, operational=1, norm=5000).meets_norm is None


def test_municipality_coverage_counts_only_operational_points(world, local_a):
    world.mun_a.population = 9000
    world.mun_a.save()
    SupportPointFactory(municipality=world.mun_a, status=PointStatus.OPERATIONAL)
    SupportPointFactory(municipality=world.mun_a, status=PointStatus.INACTIVE)
    row = selectors.municipality_points(municipality=world.mun_a)
    assert row.coverage.operational == 1
    assert row.coverage.needed == 2


def test_optimistic_lock_refuses_the_second_writer_and_keeps_the_first(world, local_a):
    actor = world.users["contact"]
    seen = local_a.version
    first = SupportPoint.objects.get(pk=local_a.pk)
    first.address = "Eerste adres 1"
    services.point_save(point=first, facilities={}, version=seen, actor=actor)
    second = SupportPoint.objects.get(pk=local_a.pk)
    second.address = "Tweede adres 2"
    with pytest.raises(StaleEdit):
        services.point_save(point=second, facilities={}, version=seen, actor=actor)
    local_a.refresh_from_db()
    assert local_a.address == "Eerste adres 1"


def test_save_is_audited_with_the_changes(world, local_a):
    local_a.capacity = 80
    services.point_save(point=local_a, facilities={}, actor=world.users["contact"])
    event = AuditEvent.objects.filter(action=Action.UPDATE, object_id=str(local_a.pk)).get()
    assert event.detail["changes"]["capacity"] == [None, 80]


def test_coordination_point_cannot_be_served_by_another(world):
    cp = SupportPointFactory(municipality=world.mun_b, kind=PointKind.COORDINATION)
    other = SupportPointFactory(municipality=world.mun_b, kind=PointKind.COORDINATION)
    other.coordination_point = cp
    with pytest.raises(ValidationError):
        services.point_save(point=other, facilities={}, actor=world.users["coordinator"])


def test_municipal_contact_cannot_register_a_coordination_point(world):
    point = SupportPoint(
        region=world.region,
        municipality=world.mun_a,
        kind=PointKind.COORDINATION,
        name="Kazerne",
        address="Weg 1",
    )
    with pytest.raises(PermissionDenied):
        services.point_save(point=point, facilities={}, actor=world.users["contact"])
    assert not SupportPoint.objects.exists()


# --- documents ------------------------------------------------------------------------------


def test_document_type_comes_from_its_content_not_the_browsers_claim(world, local_a):
    upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.7\nrest", content_type="text/plain")
    document = services.document_add(point=local_a, upload=upload, actor=world.users["contact"])
    assert document.content_type == "application/pdf"


def test_document_whose_name_and_content_disagree_is_refused(world, local_a):
    upload = SimpleUploadedFile("plan.txt", b"%PDF-1.7\nrest", content_type="text/plain")
    with pytest.raises(ValidationError):
        services.document_add(point=local_a, upload=upload, actor=world.users["contact"])
    assert not local_a.documents.exists()


def test_document_with_a_pdf_name_but_other_content_is_refused(world, local_a):
    upload = SimpleUploadedFile("plan.pdf", b"<html><script>", content_type="application/pdf")
    with pytest.raises(ValidationError):
        services.document_add(point=local_a, upload=upload, actor=world.users["contact"])
    assert not local_a.documents.exists()


def test_document_larger_than_the_limit_is_refused(world, local_a, settings):
    settings.PARAAT_MAX_UPLOAD_MB = 1
    upload = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (1024 * 1024 + 1))
    with pytest.raises(ValidationError, match="1 MB"):
        services.document_add(point=local_a, upload=upload, actor=world.users["contact"])


# --- populated places ------------------------------------------------------------------------


def places_table(rows, header=("naam", "breedtegraad", "lengtegraad", "inwoners")):
    return Table("plaatsen.csv", list(header), [(i + 2, list(r)) for i, r in enumerate(rows)])


def test_places_import_replaces_the_list_and_distances_follow(world):
    SupportPointFactory(
        municipality=world.mun_a, status=PointStatus.OPERATIONAL, latitude=52.0, longitude=6.0
    )
    services.places_import(
        region=world.region,
        table=places_table(
            [["Dichtbij", "52,01", "6.0", "500"], ["Ver weg", "52.2", "6.0", "1.200"]]
        ),
        actor=world.users["coordinator"],
    )
    rows, limit = selectors.place_distances(region=world.region)
    assert limit == 5.0
    assert [r.place.name for r in rows] == ["Ver weg", "Dichtbij"]
    assert rows[0].beyond and not rows[1].beyond
    assert rows[0].place.residents == 1200
    assert round(rows[0].distance_km) == 22


def test_broken_places_import_changes_nothing_and_lists_every_problem(world):
    PopulatedPlace.objects.create(
        region=world.region, name="Oud", latitude=52, longitude=6, residents=1
    )
    with pytest.raises(ImportRefused) as refused:
        services.places_import(
            region=world.region,
            table=places_table(
                [["", "52", "6", "10"], ["B", "noord", "6", "-3"], ["C", "52", "6", "5"]]
            ),
            actor=world.users["coordinator"],
        )
    where = {(p.row, p.column) for p in refused.value.problems}
    assert where == {(2, "naam"), (3, "breedtegraad"), (3, "inwoners")}
    assert list(PopulatedPlace.objects.values_list("name", flat=True)) == ["Oud"]


def test_distance_uses_the_configured_maximum(world):
    services.settings_save(
        region=world.region,
        residents_per_point=4000,
        max_distance_km=Decimal("30"),
        version=1,
        actor=world.users["coordinator"],
    )
    SupportPointFactory(
        municipality=world.mun_a, status=PointStatus.OPERATIONAL, latitude=52.0, longitude=6.0
    )
    PopulatedPlace.objects.create(
        region=world.region, name="X", latitude=52.2, longitude=6.0, residents=1
    )
    rows, limit = selectors.place_distances(region=world.region)
    assert limit == 30.0
    assert not rows[0].beyond


def test_settings_refuse_a_stale_version(world):
    args = {
        "region": world.region,
        "residents_per_point": 4000,
        "max_distance_km": Decimal(3),
        "actor": world.users["coordinator"],
    }
    services.settings_save(version=1, **args)  # creates the row, now at version 2
    services.settings_save(version=2, **args)
    with pytest.raises(StaleEdit):
        services.settings_save(version=2, **args)


# --- points import ---------------------------------------------------------------------------

HEADER = [
    "Type",
    "Naam",
    "Gemeente",
    "Adres",
    "Breedtegraad",
    "Lengtegraad",
    "Status",
    "Noodstroom",
    "Noodstroom (uren)",
    "Coördinatiepunt",
]


def points_table(rows, header=HEADER):
    return Table("Noodsteunpunten", list(header), [(i + 2, list(r)) for i, r in enumerate(rows)])


def test_points_import_creates_and_updates_with_checklist_and_link(world, checklist):
    table = points_table(
        [
            [
                "C-NSP",
                "Kazerne Beedorp",
                "Beedorp",
                "Kazerneweg 1",
                "52,1",
                "6,1",
                "operationeel",
                "ja",
                "72",
                "",
            ],
            [
                "L-NSP",
                "Dorpshuis",
                "GM9001",
                "Dorpsstraat 1",
                "52.0",
                "6.0",
                "kandidaat",
                "nee",
                "",
                "Kazerne Beedorp",
            ],
        ]
    )
    created, updated = services.points_import(
        region=world.region, table=table, actor=world.users["coordinator"]
    )
    assert (created, updated) == (2, 0)
    local = SupportPoint.objects.get(name="Dorpshuis")
    assert local.coordination_point.name == "Kazerne Beedorp"
    cp = selectors.point_detail(region=world.region, pk=local.coordination_point_id)
    assert cp.status == PointStatus.OPERATIONAL
    assert cp.hours[checklist["power"].pk] == 72
    table = points_table(
        [
            [
                "L-NSP",
                "Dorpshuis",
                "Aadorp",
                "Nieuw adres 2",
                "",
                "",
                "afgesproken",
                "ja",
                "",
                "Kazerne Beedorp",
            ]
        ]
    )
    assert services.points_import(
        region=world.region, table=table, actor=world.users["contact"]
    ) == (0, 1)
    local.refresh_from_db()
    assert (local.address, local.status) == ("Nieuw adres 2", PointStatus.AGREED)


def test_broken_points_import_is_refused_whole_with_every_problem(world, checklist, local_a):
    table = points_table(
        [
            ["L-NSP", "Goed punt", "Aadorp", "Straat 1", "52", "6", "", "ja", "", ""],
            ["X-NSP", "", "Nergensdorp", "", "91", "6", "klaar", "misschien", "veel", "Onbekend"],
            [
                "L-NSP",
                "Dorpshuis Aadorp",
                "Aadorp",
                "Straat 2",
                "",
                "",
                "operationeel",
                "nee",
                "",
                "",
            ],
        ]
    )
    with pytest.raises(ImportRefused) as refused:
        services.points_import(region=world.region, table=table, actor=world.users["coordinator"])
    where = {(p.row, p.column) for p in refused.value.problems}
    assert {
        (3, "Type"),
        (3, "Naam"),
        (3, "Gemeente"),
        (3, "Adres"),
        (3, "Breedtegraad"),
        (3, "Status"),
        (3, "Noodstroom"),
        (3, "Noodstroom (uren)"),
        (3, "Coördinatiepunt"),
        (4, "Status"),  # candidate → operational skips the workflow
    } <= where
    assert all(p.sheet == "Noodsteunpunten" for p in refused.value.problems)
    assert not SupportPoint.objects.filter(name="Goed punt").exists()


def test_import_refuses_rows_the_person_may_not_edit(world, checklist):
    table = points_table(
        [
            ["L-NSP", "Punt B", "Beedorp", "Straat 1", "", "", "", "", "", ""],
            ["C-NSP", "Kazerne A", "Aadorp", "Straat 2", "", "", "", "", "", ""],
        ]
    )
    with pytest.raises(ImportRefused) as refused:
        services.points_import(region=world.region, table=table, actor=world.users["contact"])
    assert {p.row for p in refused.value.problems} == {2, 3}
    assert not SupportPoint.objects.exists()


def test_import_with_missing_and_unknown_columns_names_them(world, checklist):
    table = points_table([["x"]], header=["Naam", "Kleur"])
    with pytest.raises(ImportRefused) as refused:
        services.points_import(region=world.region, table=table, actor=world.users["coordinator"])
    columns = {p.column for p in refused.value.problems}
    assert {"Type", "Gemeente", "Adres", "Kleur"} <= columns


def test_export_then_import_round_trips_unchanged(world, checklist, local_a, client):
    from openpyxl import load_workbook

    from paraat.supportpoints.files import read_table

    client.force_login(world.users["coordinator"])
    response = client.get(f"/{world.region.slug}/supportpoints/export.xlsx")
    upload = SimpleUploadedFile("export.xlsx", response.content)
    table = read_table(upload)
    assert load_workbook(io.BytesIO(response.content)).active["B2"].value == "Dorpshuis Aadorp"
    assert services.points_import(
        region=world.region, table=table, actor=world.users["coordinator"]
    ) == (0, 1)


def test_a_coordination_point_that_serves_local_points_cannot_become_local(world, local_a):
    cp = SupportPointFactory(municipality=world.mun_b, kind=PointKind.COORDINATION)
    local_a.coordination_point = cp
    services.point_save(point=local_a, facilities={}, actor=world.users["coordinator"])
    cp.kind = PointKind.LOCAL
    with pytest.raises(ValidationError):
        services.point_save(point=cp, facilities={}, actor=world.users["coordinator"])
