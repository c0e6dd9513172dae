"""What users see and do: workspace, inline editing with and without HTMX, import, rounds."""

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from paraat.agreements import services
from paraat.agreements.factories import ActionItemFactory, CategoryFactory
from paraat.agreements.models import (
    ActionItem,
    Evidence,
    ItemProgress,
    MeasurementRound,
    Status,
    StatusUpdate,
    Submission,
    SubmissionStatus,
)
from paraat.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PAST = TODAY - dt.timedelta(days=200)  # a quarter well behind us
FUTURE = TODAY + dt.timedelta(days=200)


def q(day):
    return {"due_year": day.year, "due_quarter": (day.month - 1) // 3 + 1}


@pytest.fixture
def live(world, plan):
    """Move the plan's items around today: 1.2 overdue, the rest due in the future."""
    items = plan["items"]
    ActionItem.objects.filter(pk=items["1.2"].pk).update(**q(PAST))
    ActionItem.objects.filter(pk__in=[items["1.1"].pk, items["2.1"].pk, items["2.2"].pk]).update(
        **q(FUTURE)
    )
    ActionItem.objects.filter(pk=items["R.1"].pk).update(**q(PAST))
    for item in items.values():
        item.refresh_from_db()
    return plan


def client_for(world, persona):
    client = Client()
    client.force_login(world.users[persona])
    return client


def url(name, world, **kwargs):
    return reverse(name, kwargs={"region_code": world.region.slug, **kwargs})


def workspace_url(world, municipality=None):
    code = municipality.code if municipality else world.mun_a.code
    return url("agreements:workspace", world, municipality_code=code)


def track_url(world, item, municipality=None):
    code = municipality.code if municipality else world.mun_a.code
    return url("agreements:track", world, municipality_code=code, pk=item.pk)


def test_workspace_groups_by_category_with_overdue_items_first(world, live):
    response = client_for(world, "contact").get(workspace_url(world))
    html = response.content.decode()
    html = html[html.index("<main") :]  # the navigation names sections too
    assert response.status_code == 200
    assert html.index("Risicobeeld") < html.index("Noodsteunpunten")
    # in Risicobeeld, overdue 1.2 comes before 1.1
    assert html.index(f'id="item-{live["items"]["1.2"].pk}"') < html.index(
        f'id="item-{live["items"]["1.1"].pk}"'
    )
    assert "R.1" not in html  # the region's own item is not the municipality's
    assert "1 actiepunt is over tijd" in html or "1 action item is overdue" in html


def test_workspace_filters(world, live):
    response = client_for(world, "contact").get(workspace_url(world) + "?show=overdue")
    html = response.content.decode()
    assert f'id="item-{live["items"]["1.2"].pk}"' in html
    assert f'id="item-{live["items"]["1.1"].pk}"' not in html


def test_inline_edit_with_htmx_returns_only_the_form_then_the_row(world, live):
    client = client_for(world, "contact")
    item = live["items"]["1.1"]
    response = client.get(track_url(world, item), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html and 'name="status"' in html and f'id="item-{item.pk}"' in html
    response = client.post(
        track_url(world, item),
        {"status": "in_progress", "explanation": "Concept ligt er", "version": "0"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "Concept ligt er" in html
    assert ItemProgress.objects.get(item=item, municipality=world.mun_a).status == "in_progress"


def test_editing_works_without_javascript(world, live):
    client = client_for(world, "contact")
    item = live["items"]["1.1"]
    response = client.get(track_url(world, item))
    assert "<html" in response.content.decode()
    response = client.post(
        track_url(world, item),
        {"status": "started", "explanation": "Gestart", "version": "0"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#item-{item.pk}")
    assert StatusUpdate.objects.get(item=item).created_by == world.users["contact"]


def test_second_editor_is_told_sees_the_other_change_and_keeps_their_input(world, live):
    item = live["items"]["1.1"]
    client_for(world, "contact").post(
        track_url(world, item), {"status": "started", "explanation": "Eerste", "version": "0"}
    )
    response = client_for(world, "contact").post(
        track_url(world, item),
        {"status": "in_progress", "explanation": "Mijn eigen tekst", "version": "0"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Eerste" in html  # the other's change
    assert "Mijn eigen tekst" in html  # own input kept
    assert 'name="version" value="1"' in html  # saving again is possible
    assert StatusUpdate.objects.filter(item=item).count() == 1


def test_not_applicable_without_reason_is_refused_in_dutch(world, live):
    response = client_for(world, "contact").post(
        track_url(world, live["items"]["1.1"]), {"status": "not_applicable", "version": "0"}
    )
    assert "Geef aan waarom" in response.content.decode() or response.status_code == 200
    assert not StatusUpdate.objects.exists()


def test_evidence_upload_and_permission_checked_download(world, live):
    item = live["items"]["1.1"]
    pdf = SimpleUploadedFile("verslag.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    client_for(world, "contact").post(
        track_url(world, item),
        {"status": "started", "version": "0", "evidence_file": pdf},
    )
    evidence = Evidence.objects.get()
    download = url("agreements:evidence", world, pk=evidence.pk)
    response = client_for(world, "contact").get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "verslag.pdf" in response["Content-Disposition"]
    assert client_for(world, "other_contact").get(download).status_code == 403
    assert client_for(world, "partner").get(download).status_code == 403


def test_evidence_gone_from_storage_is_not_found_and_not_recorded_as_downloaded(world, live):
    item = live["items"]["1.1"]
    pdf = SimpleUploadedFile("verslag.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    client = client_for(world, "contact")
    client.post(track_url(world, item), {"status": "started", "version": "0", "evidence_file": pdf})
    evidence = Evidence.objects.get()
    evidence.file.storage.delete(evidence.file.name)
    response = client.get(url("agreements:evidence", world, pk=evidence.pk))
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="download", object_id=str(evidence.pk)).exists()


def test_fake_evidence_is_refused_and_nothing_saved(world, live):
    fake = SimpleUploadedFile("verslag.pdf", b"<script>alert(1)</script>", "application/pdf")
    response = client_for(world, "contact").post(
        track_url(world, live["items"]["1.1"]),
        {"status": "started", "version": "0", "evidence_file": fake},
    )
    assert response.status_code == 200
    assert not StatusUpdate.objects.exists() and not Evidence.objects.exists()


def test_history_shows_every_update(world, live):
    item = live["items"]["1.1"]
    client = client_for(world, "contact")
    client.post(track_url(world, item), {"status": "started", "explanation": "A", "version": "0"})
    client.post(track_url(world, item), {"status": "achieved", "explanation": "B", "version": "1"})
    html = client.get(track_url(world, item)).content.decode()
    assert (html.count("<tr>") >= 3 and ">A<" in html.replace("\n", "")) or "A" in html


def xlsx_bytes(rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_import_page_previews_then_imports(world):
    client = client_for(world, "coordinator")
    data = xlsx_bytes(
        [
            ["Actielijst"],
            ["Nr", "Actie", "Wie", "Gereed"],
            ["Thema A"],
            ["1", "Doe iets", "gemeente", "Q1 2026"],
            ["2", "Doe meer", "regio", "Q2 2026"],
        ]
    )
    response = client.post(
        url("agreements:import", world),
        {"file": SimpleUploadedFile("lijst.xlsx", data)},
    )
    html = response.content.decode()
    assert "Voorbeeld van lijst.xlsx" in html or "Preview of lijst.xlsx" in html
    assert not ActionItem.objects.exists()
    assert len(_previews(world)) == 1  # the previewed file waits for the confirmation
    again = client.post(
        url("agreements:import", world), {"file": SimpleUploadedFile("lijst.xlsx", data)}
    )
    assert len(_previews(world)) == 1  # a new preview replaces the earlier one
    token = again.context["token"]
    response = client.post(url("agreements:import", world), {"confirm": "1", "token": token})
    assert response.status_code == 302
    assert ActionItem.objects.count() == 2
    assert _previews(world) == []  # imported: the copy is gone


def _previews(world):
    from django.core.files.storage import default_storage

    folder = f"imports/{world.region.pk}"
    return default_storage.listdir(folder)[1] if default_storage.exists(folder) else []


def test_previews_nobody_imported_are_pruned_after_a_day(world):
    from django.core.management import call_command

    from paraat.core import importflow as previews

    previews.preview_keep(region=world.region, data=b"PK\x03\x04 oud")
    assert previews.previews_prune() == 0  # younger than a day: kept
    later = timezone.now() + dt.timedelta(days=1, minutes=1)
    assert previews.previews_prune(now=later) == 1
    assert _previews(world) == []
    previews.preview_keep(region=world.region, data=b"nieuw")
    out = io.StringIO()
    call_command("prune_import_previews", "--hours", "0", stdout=out)
    assert out.getvalue().startswith("1 ") and _previews(world) == []


def test_import_page_lists_every_problem_and_changes_nothing(world):
    data = xlsx_bytes(
        [
            ["Nr", "Actie", "Wie", "Gereed"],
            ["Thema"],
            ["1", "Doe iets", "niemand", "ooit"],
            ["2", "", "gemeente", "Q1 2026"],
        ]
    )
    response = client_for(world, "coordinator").post(
        url("agreements:import", world), {"file": SimpleUploadedFile("kapot.xlsx", data)}
    )
    problems = response.context["problems"]
    assert len(problems) == 3
    html = response.content.decode()
    assert "niemand" in html and "ooit" in html
    assert not ActionItem.objects.exists()


def test_export_downloads_xlsx(world, live):
    response = client_for(world, "board").get(url("agreements:export", world))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_coordinator_edits_item_and_second_editor_loses_nothing(world, live):
    item = live["items"]["1.1"]
    client = client_for(world, "coordinator")
    edit = url("agreements:item_edit", world, pk=item.pk)
    base = {
        "number": "1.1",
        "category": str(item.category_id),
        "text": "Nieuwe tekst",
        "owner_type": "municipality",
        "due": "",
        "version": "1",
    }
    assert client.post(edit, base).status_code == 302
    response = client.post(edit, {**base, "text": "Tweede versie"})
    assert response.status_code == 200  # conflict: version 1 is stale
    assert "Iemand anders heeft dit actiepunt gewijzigd terwijl u het bewerkte." in (
        response.content.decode()
    )
    assert "Tweede versie" in response.content.decode()
    item.refresh_from_db()
    assert item.text == "Nieuwe tekst" and item.revisions.count() == 1


def test_round_flow_through_the_interface(world, live, django_capture_on_commit_callbacks):
    cfg, contact = client_for(world, "cfg"), client_for(world, "contact")
    response = cfg.post(
        url("agreements:rounds", world),
        {
            "name": "Voorjaar",
            "opens_on": TODAY.isoformat(),
            "deadline": (TODAY + dt.timedelta(days=30)).isoformat(),
            "reminder_days_before": "7",
        },
    )
    assert response.status_code == 302
    round_ = MeasurementRound.objects.get()
    for category in live["categories"]:
        contact.post(
            url(
                "agreements:category_confirm",
                world,
                municipality_code=world.mun_a.code,
                pk=category.pk,
            )
        )
    contact.post(url("agreements:submit", world, municipality_code=world.mun_a.code))
    submission = Submission.objects.get(round=round_, municipality=world.mun_a)
    assert submission.status == SubmissionStatus.SUBMITTED
    review = url(
        "agreements:submission_detail", world, pk=round_.pk, municipality_code=world.mun_a.code
    )
    with django_capture_on_commit_callbacks(execute=True):
        cfg.post(review, {"decision": "return", "remark": "Licht 1.2 toe", "version": "1"})
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.RETURNED
    assert any("Licht 1.2 toe" in m.body for m in mail.outbox)
    assert "Licht 1.2 toe" in contact.get(workspace_url(world)).content.decode()
    contact.post(url("agreements:submit", world, municipality_code=world.mun_a.code))
    cfg.post(review, {"decision": "accept", "remark": "", "version": "3"})
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.ACCEPTED
    close = url("agreements:round_close", world, pk=round_.pk)
    assert cfg.post(close).status_code == 200  # a bare POST closes nothing
    round_.refresh_from_db()
    assert round_.state == "open"
    response = cfg.post(close, {"confirm": "on", "reason": "Stuurgroep vergadert eerder"})
    assert response.status_code == 302
    round_.refresh_from_db()
    assert round_.state == "closed"
    assert round_.close_reason == "Stuurgroep vergadert eerder"
    assert Submission.objects.get(round=round_, municipality=world.mun_b).status == (
        SubmissionStatus.NOT_SUBMITTED
    )


def test_cfg_sees_systematic_lag_on_the_start_page(world, live):
    for n, (opens, deadline) in enumerate(
        [
            (TODAY - dt.timedelta(days=60), TODAY - dt.timedelta(days=40)),
            (TODAY - dt.timedelta(days=20), TODAY - dt.timedelta(days=1)),
        ]
    ):
        round_ = services.round_create(
            region=world.region,
            name=f"Ronde {n}",
            opens_on=opens,
            deadline=deadline,
            actor=world.users["cfg"],
        )
        services.round_close(measurement_round=round_, actor=world.users["cfg"])
    html = (
        client_for(world, "cfg")
        .get(reverse("start:region_home", kwargs={"region_code": world.region.slug}))
        .content.decode()
    )
    assert "Aadorp" in html and ("Stelselmatige achterstand" in html or "Systematic lag" in html)
    contact_html = (
        client_for(world, "contact")
        .get(reverse("start:region_home", kwargs={"region_code": world.region.slug}))
        .content.decode()
    )
    assert "Stelselmatige achterstand" not in contact_html


@pytest.mark.parametrize("n_items", [5, 60])
def test_workspace_query_count_is_bounded(world, plan, n_items, django_assert_max_num_queries):
    category = CategoryFactory(agreement_set=plan["set"], name="Extra")
    for i in range(n_items):
        item = ActionItemFactory(category=category, number=f"9.{i}", **q(PAST))
        services.status_update_record(
            item=item,
            municipality=world.mun_a,
            actor=world.users["contact"],
            expected_version=0,
            status=Status.STARTED,
            bottleneck="x",
            bottleneck_party="region",
        )
    client = client_for(world, "contact")
    with django_assert_max_num_queries(25):
        assert client.get(workspace_url(world)).status_code == 200


@pytest.mark.parametrize("n_munis", [2, 30])
def test_figures_page_query_count_is_bounded(world, plan, n_munis, django_assert_max_num_queries):
    from paraat.regions.factories import MunicipalityFactory

    for i in range(n_munis):
        MunicipalityFactory(region=world.region, code=f"GM8{i:03d}", name=f"Gemeente {i}")
    client = client_for(world, "cfg")
    with django_assert_max_num_queries(25):
        assert client.get(url("agreements:figures", world)).status_code == 200


def test_round_detail_query_count_is_bounded(world, plan, django_assert_max_num_queries):
    round_ = services.round_create(
        region=world.region,
        name="R",
        opens_on=TODAY,
        deadline=TODAY + dt.timedelta(days=9),
        actor=world.users["cfg"],
    )
    client = client_for(world, "cfg")
    with django_assert_max_num_queries(20):
        response = client.get(url("agreements:round_detail", world, pk=round_.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Meetmoment R</h1>" in html
    # Each municipality of the region, with its submission page and nothing filled in yet of
    # its four items (1.1, 1.2 and 2.2 of its own, 2.1 joint); never another region's.
    for code, name in (("GM9001", "Aadorp"), ("GM9002", "Beedorp")):
        link = url("agreements:submission_detail", world, pk=round_.pk, municipality_code=code)
        row = html.split(f'<a href="{link}">{name}</a>', 1)[1].split("</tr>", 1)[0]
        assert '<td class="num">0 / 4</td>' in row
    assert "Ceedorp" not in html


def test_item_create_page_does_not_create_anything_on_get(world):
    from paraat.agreements.models import AgreementSet

    client = client_for(world, "coordinator")
    assert client.get(url("agreements:item_create", world)).status_code == 200
    assert not AgreementSet.objects.exists()
    response = client.post(
        url("agreements:item_create", world),
        {
            "number": "1",
            "new_category": "Thema",
            "text": "Iets",
            "owner_type": "municipality",
            "due": "2026-2",
        },
    )
    assert response.status_code == 302
    item = ActionItem.objects.get()
    assert item.due_quarter == 2 and item.category.name == "Thema"


def test_withdrawing_keeps_history_and_progress(world, live):
    item = live["items"]["1.1"]
    services.status_update_record(
        item=item,
        municipality=world.mun_a,
        actor=world.users["contact"],
        expected_version=0,
        status=Status.STARTED,
    )
    client = client_for(world, "coordinator")
    response = client.post(
        url("agreements:item_withdraw", world, pk=item.pk),
        {"reason": "Vervalt door nieuwe wetgeving"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.is_withdrawn
    assert StatusUpdate.objects.filter(item=item).count() == 1
    html = client.get(url("agreements:item_detail", world, pk=item.pk)).content.decode()
    assert "Vervalt door nieuwe wetgeving" in html
    assert (
        f'id="item-{item.pk}"'
        not in client_for(world, "contact").get(workspace_url(world)).content.decode()
    )
    assert "Reden van intrekking</strong>: — → Vervalt door nieuwe wetgeving" in html


def test_a_withdrawn_item_is_restored_with_a_reason_and_its_progress(world, live):
    item = live["items"]["1.1"]
    services.status_update_record(
        item=item,
        municipality=world.mun_a,
        actor=world.users["contact"],
        expected_version=0,
        status=Status.STARTED,
    )
    services.action_item_withdraw(item=item, reason="Dubbel", actor=world.users["coordinator"])
    client = client_for(world, "coordinator")
    detail = url("agreements:item_detail", world, pk=item.pk)
    restore = url("agreements:item_restore", world, pk=item.pk)
    assert f'href="{restore}"' in client.get(detail).content.decode()

    refused = client.post(restore, {"reason": " "})
    assert refused.status_code == 200 and "error-summary" in refused.content.decode()
    item.refresh_from_db()
    assert item.is_withdrawn

    assert client.post(restore, {"reason": "Toch nodig"}).status_code == 302
    item.refresh_from_db()
    assert not item.is_withdrawn and item.withdrawn_reason == ""
    workspace = client_for(world, "contact").get(workspace_url(world)).content.decode()
    assert f'id="item-{item.pk}"' in workspace  # back in the municipality's list
    assert StatusUpdate.objects.filter(item=item).count() == 1  # with its progress
    html = client.get(detail).content.decode()
    assert "Reden voor terugzetten</strong>: — → Toch nodig" in html
    assert "Reden van intrekking</strong>: Dubbel → —" in html
    assert AuditEvent.objects.filter(detail__to="active", object_id=str(item.pk)).exists()
    assert client.get(restore).status_code == 404  # not withdrawn any more


@pytest.mark.parametrize("n_items", [5, 80])
def test_action_list_query_count_is_bounded(world, plan, n_items, django_assert_max_num_queries):
    for i in range(n_items):
        ActionItemFactory(category=plan["categories"][i % 2], number=f"7.{i}")
    client = client_for(world, "board")
    with django_assert_max_num_queries(15):
        assert client.get(url("agreements:index", world)).status_code == 200


def test_htmx_cancel_returns_the_row(world, live):
    item = live["items"]["1.1"]
    response = client_for(world, "contact").get(
        workspace_url(world) + f"?row={item.pk}", headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert "<html" not in html and f'id="item-{item.pk}"' in html and "ws-item--editing" not in html


def test_coordinator_keeps_the_regions_own_track(world, live):
    item = live["items"]["R.1"]
    region_track = url("agreements:track", world, municipality_code="regio", pk=item.pk)
    response = client_for(world, "coordinator").post(
        region_track,
        {"status": "achieved", "explanation": "Handreiking vastgesteld", "version": "0"},
    )
    assert response.status_code == 302
    assert ItemProgress.objects.get(item=item, municipality=None).status == "achieved"
    assert (
        client_for(world, "contact")
        .post(region_track, {"status": "started", "version": "1"})
        .status_code
        == 403
    )
    html = (
        client_for(world, "board")
        .get(url("agreements:workspace", world, municipality_code="regio"))
        .content.decode()
    )
    assert "Handreiking vastgesteld" in html
