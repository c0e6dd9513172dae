import re

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.test import Client

from paraat.audit.models import Action, AuditEvent
from paraat.supportpoints import selectors, services
from paraat.supportpoints.factories import SupportPointFactory
from paraat.supportpoints.maps import points_as_markers
from paraat.supportpoints.models import PointKind, PointStatus, SupportPoint


def login(world, persona) -> Client:
    client = Client()
    client.force_login(world.users[persona])
    return client


def base(world) -> str:
    return f"/{world.region.slug}/supportpoints/"


def point_data(world, checklist, **over):
    data = {
        "kind": PointKind.LOCAL,
        "name": "Buurthuis De Linde",
        "municipality": world.mun_a.pk,
        "address": "Lindelaan 1, Aadorp",
        "latitude": "52.1",
        "longitude": "6.1",
        "wheelchair": "yes",
        "capacity": "50",
        f"facility_{checklist['power'].pk}": "on",
        f"hours_{checklist['power'].pk}": "48",
        f"facility_{checklist['water'].pk}": "on",
    }
    data.update(over)
    return data


def test_municipal_contact_registers_a_local_point_and_sees_readiness_and_coverage(
    world, checklist
):
    world.mun_a.population = 5000
    world.mun_a.save()
    client = login(world, "contact")
    overview = client.get(base(world) + "municipalities/").content.decode()
    assert "1 punt tekort" in overview
    response = client.post(base(world) + "new/", point_data(world, checklist))
    assert response.status_code == 302
    point = SupportPoint.objects.get()
    assert (point.kind, point.municipality, point.status) == ("local", world.mun_a, "candidate")
    page = client.get(response["Location"]).content.decode()
    expected = selectors.point_detail(region=world.region, pk=point.pk).readiness
    assert expected > 0
    assert f"{expected}%" in page
    # Through the workflow to operational: the municipality now meets the norm.
    for status in ("agreed", "equipped", "operational"):
        client.post(base(world) + f"{point.pk}/status/", {"to_status": status, "reason": "klaar"})
    point.refresh_from_db()
    assert point.status == PointStatus.OPERATIONAL
    overview = client.get(base(world) + "municipalities/").content.decode()
    assert "voldoet aan de norm" in overview
    assert AuditEvent.objects.filter(action=Action.CREATE, object_id=str(point.pk)).exists()


def test_municipal_contact_cannot_register_a_point_in_another_municipality(world, checklist):
    client = login(world, "contact")
    response = client.post(
        base(world) + "new/", point_data(world, checklist, municipality=world.mun_b.pk)
    )
    assert response.status_code == 200
    assert not SupportPoint.objects.exists()


def test_municipal_contact_cannot_register_a_coordination_point(world, checklist):
    client = login(world, "contact")
    client.post(base(world) + "new/", point_data(world, checklist, kind="coordination"))
    assert not SupportPoint.objects.exists()


def test_municipal_contact_cannot_edit_other_municipality(world, checklist):
    other = SupportPointFactory(municipality=world.mun_b)
    client = login(world, "contact")
    assert client.get(base(world) + f"{other.pk}/edit/").status_code == 403
    assert (
        client.post(base(world) + f"{other.pk}/status/", {"to_status": "agreed"}).status_code == 403
    )
    other.refresh_from_db()
    assert other.status == "candidate"


def test_second_writer_is_told_and_keeps_their_input(world, checklist, local_a):
    contact, coordinator = login(world, "contact"), login(world, "coordinator")
    url = base(world) + f"{local_a.pk}/edit/"
    seen = local_a.version
    data = point_data(world, checklist, name=local_a.name, version=seen)
    assert coordinator.post(url, {**data, "address": "Eerste 1"}).status_code == 302
    response = contact.post(url, {**data, "address": "Mijn adres 2"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mijn adres 2" in html and "Eerste 1" in html
    local_a.refresh_from_db()
    assert local_a.address == "Eerste 1"
    # Saving again from the refreshed form succeeds.
    new_version = re.search(r'name="version" value="(\d+)"', html).group(1)
    assert (
        contact.post(url, {**data, "address": "Mijn adres 2", "version": new_version}).status_code
        == 302
    )
    local_a.refresh_from_db()
    assert local_a.address == "Mijn adres 2"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=coordination", {"Kazerne"}),
        ("status=operational", {"Kazerne"}),
        ("municipality={a}", {"Dorpshuis Aadorp"}),
        ("missing={water}", {"Dorpshuis Aadorp"}),
        ("", {"Kazerne", "Dorpshuis Aadorp"}),
    ],
)
def test_list_filters(world, checklist, local_a, query, expected):
    cp = SupportPointFactory(
        municipality=world.mun_b, kind="coordination", name="Kazerne", status="operational"
    )
    services.point_save(
        point=cp, facilities={checklist["water"].pk: (True, None)}, actor=world.users["admin"]
    )
    query = query.format(a=world.mun_a.pk, water=checklist["water"].pk)
    html = login(world, "board").get(base(world) + "?" + query).content.decode()
    shown = {name for name in ("Kazerne", "Dorpshuis Aadorp") if f">{name}</a>" in html}
    assert shown == expected


def test_htmx_filter_returns_only_the_results(world, local_a):
    response = login(world, "partner").get(base(world) + "?kind=local", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert 'id="results"' in html
    assert "<html" not in html
    assert "Dorpshuis Aadorp" in html


def test_broken_import_is_refused_whole_and_lists_every_problem_in_the_page(world, checklist):
    csv = (
        b"Type;Naam;Gemeente;Adres;Status\n"
        b"L-NSP;Goed;Aadorp;Straat 1;kandidaat\n"
        b"L-NSP;;Aadorp;;klaar\n"
        b"Q;Fout;Nergens;Straat 3;\n"
    )
    response = login(world, "coordinator").post(
        base(world) + "import/", {"file": SimpleUploadedFile("punten.csv", csv)}
    )
    assert response.status_code == 400
    html = response.content.decode()
    for column in ("Naam", "Adres", "Status", "Type", "Gemeente"):
        assert f"<td>{column}</td>" in html
    assert not SupportPoint.objects.exists()


def test_good_csv_import_adds_points(world, checklist):
    csv = b"Type;Naam;Gemeente;Adres;Drinkwater\nL-NSP;Goed;Aadorp;Straat 1;ja\n"
    response = login(world, "contact").post(
        base(world) + "import/", {"file": SimpleUploadedFile("punten.csv", csv)}
    )
    assert response.status_code == 302
    point = selectors.point_list(region=world.region)[0]
    assert point.present[checklist["water"].pk] is True


def test_csv_export_has_the_import_headers_and_dutch_values(world, checklist, local_a):
    response = login(world, "board").get(base(world) + "export.csv")
    text = response.content.decode("utf-8-sig")
    header, row = text.splitlines()[:2]
    assert header.startswith("Type;Naam;Gemeente;Adres")
    assert "Noodstroom (uren)" in header
    assert "Dorpshuis Aadorp" in row
    assert AuditEvent.objects.filter(action=Action.EXPORT).exists()


def test_document_upload_and_permission_checked_download(world, local_a):
    contact = login(world, "contact")
    pdf = SimpleUploadedFile("plattegrond.pdf", b"%PDF-1.4 plattegrond")
    assert contact.post(base(world) + f"{local_a.pk}/documents/", {"file": pdf}).status_code == 302
    document = local_a.documents.get()
    url = base(world) + f"{local_a.pk}/documents/{document.pk}/"
    response = contact.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 plattegrond"
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert login(world, "partner").get(url).status_code == 403
    assert login(world, "outsider").get(url).status_code == 403


def test_upload_of_a_disguised_file_is_refused_with_a_message(world, local_a):
    contact = login(world, "contact")
    fake = SimpleUploadedFile("plattegrond.pdf", b"MZ\x90\x00 not a pdf")
    response = contact.post(base(world) + f"{local_a.pk}/documents/", {"file": fake}, follow=True)
    assert not local_a.documents.exists()
    assert (
        "niet opgeslagen" in response.content.decode() or "not saved" in response.content.decode()
    )


def test_printable_list_per_municipality_shows_outage_details(world, local_a):
    local_a.keyholder_outage = "Sleutel bij de buren op nummer 3"
    local_a.save()
    html = (
        login(world, "board")
        .get(base(world) + f"municipalities/{world.mun_a.slug}/print/")
        .content.decode()
    )
    assert "Sleutel bij de buren op nummer 3" in html
    assert "Dorpshuis Aadorp" in html


def test_places_import_through_the_page(world):
    csv = b"naam,breedtegraad,lengtegraad,inwoners\nHoekje,52.3,6.2,400\n"
    client = login(world, "coordinator")
    response = client.post(base(world) + "places/", {"file": SimpleUploadedFile("p.csv", csv)})
    assert response.status_code == 302
    html = client.get(base(world) + "places/").content.decode()
    assert "Hoekje" in html


def test_coordinator_configures_checklist_and_norm(world, checklist):
    client = login(world, "coordinator")
    response = client.post(
        base(world) + "settings/facilities/new/",
        {"name": "Oplaadpunt portofoons", "weight": "2", "order": "200", "is_active": "on"},
    )
    assert response.status_code == 302
    assert world.region.facilities.filter(name="Oplaadpunt portofoons", weight=2).exists()
    response = client.post(
        base(world) + "settings/",
        {"residents_per_point": "4000", "max_distance_km": "7.5", "version": "1"},
    )
    assert response.status_code == 302
    assert selectors.settings_for(region=world.region).residents_per_point == 4000


def test_map_component_draws_boundaries_and_points_without_network(world, local_a):
    world.mun_a.boundary = {
        "type": "Polygon",
        "coordinates": [[[6.0, 52.0], [6.2, 52.0], [6.2, 52.2], [6.0, 52.0]]],
    }
    world.mun_a.save()
    html = Template(
        "{% load maps %}{% region_map municipalities markers caption='Kaart' "
        "summary='Een zin.' interactive=True %}"
    ).render(
        Context(
            {
                "municipalities": [world.mun_a, world.mun_b],
                "markers": points_as_markers([local_a]),
            }
        )
    )
    assert "<svg" in html and 'role="img"' in html
    assert '<path d="M' in html
    assert "<circle" in html
    assert "<table" in html and "Dorpshuis Aadorp" in html  # the table equivalent
    assert "Een zin." in html
    assert not re.search(r"(src|href)=\"https?://", html)  # offline: nothing from elsewhere
    assert 'style="' not in html


def test_municipality_points_include_renders_for_the_municipality_page(world, local_a):
    html = Template("{% include 'supportpoints/municipality_points.html' %}").render(
        Context(
            {"sp": selectors.municipality_points(municipality=world.mun_a), "region": world.region}
        )
    )
    assert "Dorpshuis Aadorp" in html


def test_demo_is_idempotent_and_marked_as_example(db):
    from paraat.regions.demo import load_region
    from paraat.supportpoints.demo import load_demo

    region = load_region()
    load_demo(region)
    load_demo(region)
    points = SupportPoint.objects.filter(region=region)
    assert points.count() == 5
    assert all(p.is_example and "voorbeeld" in p.name.lower() for p in points)
    assert points.filter(kind="coordination", municipality__name="Apeldoorn").exists()
    assert set(points.values_list("municipality__name", flat=True)) == {
        "Apeldoorn",
        "Harderwijk",
        "Nunspeet",
        "Aalten",
        "Ermelo",
    }


@pytest.mark.parametrize("count", [2, 40])
def test_list_and_overview_query_counts_do_not_grow_with_data(
    world, checklist, django_assert_max_num_queries, count
):
    cp = SupportPointFactory(municipality=world.mun_b, kind="coordination")
    for i in range(count):
        point = SupportPointFactory(
            municipality=world.mun_a if i % 2 else world.mun_b, coordination_point=cp
        )
        services.point_save(
            point=point,
            facilities={checklist["water"].pk: (True, None)},
            actor=world.users["admin"],
        )
    client = login(world, "coordinator")
    for path in (
        "",
        "municipalities/",
        f"{cp.pk}/",
        f"municipalities/{world.mun_a.slug}/print/",
        "export.xlsx",
        "places/",
    ):
        with django_assert_max_num_queries(16):
            assert client.get(base(world) + path).status_code == 200


def test_export_neutralises_formulas_and_import_restores_them(world, checklist, local_a):
    from paraat.supportpoints.files import read_table

    local_a.notes = '=HYPERLINK("http://evil")'
    local_a.save()
    client = login(world, "coordinator")
    csv_text = client.get(base(world) + "export.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text and ";=HYPERLINK" not in csv_text
    xlsx = client.get(base(world) + "export.xlsx").content
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(xlsx)).active
    notes = [c.value for c in sheet[2] if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert notes == ['\'=HYPERLINK("http://evil")']
    table = read_table(SimpleUploadedFile("x.xlsx", xlsx))
    services.points_import(region=world.region, table=table, actor=world.users["coordinator"])
    local_a.refresh_from_db()
    assert local_a.notes == '=HYPERLINK("http://evil")'


def test_refused_import_is_recorded_as_failed_in_the_audit_trail(world, checklist):
    client = login(world, "coordinator")
    client.post(base(world) + "import/", {"file": SimpleUploadedFile("x.csv", b"Kleur\nrood\n")})
    event = AuditEvent.objects.get(action=Action.IMPORT)
    assert event.result == "failed"


def test_a_facility_taken_out_of_use_no_longer_counts(world, checklist, local_a):
    facilities = selectors.active_facilities(region=world.region)
    services.point_save(
        point=local_a,
        facilities={f.pk: (f.code != "heating", None) for f in facilities},
        actor=world.users["contact"],
    )
    assert selectors.point_list(region=world.region)[0].readiness < 100
    heating = checklist["heating"]
    heating.is_active = False
    services.facility_save(facility=heating, actor=world.users["coordinator"])
    assert selectors.point_list(region=world.region)[0].readiness == 100


def test_generate_region_makes_points_with_checklists_quickly(world, django_assert_max_num_queries):
    import random

    from paraat.supportpoints.generate import generate_region

    with django_assert_max_num_queries(12):
        generate_region(world.region, rng=random.Random(1), options={})
    assert SupportPoint.objects.filter(region=world.region).count() >= 2
    generate_region(world.region, rng=random.Random(1), options={})  # second run adds nothing
    assert selectors.point_list(region=world.region)[0].readiness is not None


def test_export_follows_the_list_filters_so_a_municipality_can_round_trip_its_own(
    world, checklist, local_a
):
    from paraat.supportpoints.files import read_table

    SupportPointFactory(municipality=world.mun_b, name="Punt van Beedorp")
    client = login(world, "contact")
    page = client.get(base(world) + "import/").content.decode()
    link = re.search(r'href="([^"]*export\.xlsx\?municipality=\d+&amp;kind=local)"', page).group(1)
    xlsx = client.get(link.replace("&amp;", "&")).content
    table = read_table(SimpleUploadedFile("eigen.xlsx", xlsx))
    assert [cells[1] for _n, cells in table.rows] == ["Dorpshuis Aadorp"]
    response = client.post(
        base(world) + "import/", {"file": SimpleUploadedFile("eigen.xlsx", xlsx)}
    )
    assert response.status_code == 302


def test_detail_page_shows_the_change_history_to_internal_users_only(world, checklist, local_a):
    local_a.capacity = 99
    services.point_save(
        point=local_a,
        facilities={checklist["water"].pk: (True, None)},
        actor=world.users["contact"],
    )
    html = login(world, "board").get(base(world) + f"{local_a.pk}/").content.decode()
    assert "contact@test.paraat.nl" in html
    assert "Drinkwater" in html and "capaciteit (personen)" in html
    partner = login(world, "partner").get(base(world) + f"{local_a.pk}/").content.decode()
    assert "contact@test.paraat.nl" not in partner


def test_municipality_panel_shows_points_to_readers_and_nothing_to_outsiders(world, local_a):
    from django.test import RequestFactory

    template = Template(
        '{% load panels %}{% panels "municipality_detail.panels" municipality=municipality %}'
    )
    for persona, shown in (("partner", True), ("outsider", False)):
        request = RequestFactory().get("/")
        request.user = world.users[persona]
        html = template.render(Context({"request": request, "municipality": world.mun_a}))
        assert ("Dorpshuis Aadorp" in html) is shown


def test_start_page_asks_a_municipality_to_register_then_to_keep_points_current(world):
    client = login(world, "contact")
    home = f"/{world.region.slug}/"
    assert "Registreer uw noodsteunpunten" in client.get(home).content.decode()
    SupportPointFactory(municipality=world.mun_a)
    assert "Houd uw noodsteunpunten actueel" in client.get(home).content.decode()
    board = login(world, "board").get(home).content.decode()
    assert "Registreer uw noodsteunpunten" not in board
    assert "Houd uw noodsteunpunten actueel" not in board


def test_navigation_shows_support_points_to_region_members_only(world):
    link = f'href="/{world.region.slug}/supportpoints/"'
    assert link in login(world, "partner").get(f"/{world.region.slug}/").content.decode()
    assert login(world, "national").get("/").status_code in (200, 302)


def test_a_new_region_starts_with_the_checklist_and_the_form_writes_nothing(world):
    from django.urls import reverse

    from paraat.regions.factories import RegionFactory
    from paraat.supportpoints.models import Facility

    region = RegionFactory()
    assert Facility.objects.filter(region=region).count() == len(services.DEFAULT_FACILITIES)
    assert world.region.facilities.count() >= len(services.DEFAULT_FACILITIES)
    client = Client()
    client.force_login(world.users["admin"])
    before = AuditEvent.objects.count()
    response = client.get(reverse("supportpoints:point_create", args=[world.region.slug]))
    assert response.status_code == 200
    assert "Noodstroom" in response.content.decode()  # the checklist is on the form
    assert AuditEvent.objects.count() == before  # and viewing it wrote nothing
