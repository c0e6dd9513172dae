"""Issue 16, remaining parts: a municipality's own due quarter, the follow-up log of lagging
municipalities, and the explanations and evidence under "Who has done this already?"."""

import datetime as dt

import pytest

from django.core.exceptions import ValidationError
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from paraat.agreements import figures, services
from paraat.agreements.models import (
    DueOverride,
    FollowUp,
    ItemProgress,
    Quarter,
    RoundResult,
    SnapshotEntry,
    Status,
)
from paraat.audit.models import AuditEvent

from .conftest import TODAY

pytestmark = pytest.mark.django_db


def client_for(world, persona):
    client = Client()
    client.force_login(world.users[persona])
    return client


Q4_2026 = Quarter(2026, 4)


def own_planning(world, item, municipality, due=Q4_2026, reason="Fusie gemeenten"):
    return services.due_override_set(
        item=item, municipality=municipality, due=due, reason=reason, actor=world.users["cfg"]
    )


def planning_url(world, item, municipality):
    return reverse("agreements:own_planning", args=[world.region.slug, municipality.code, item.pk])


# --- a municipality's own due quarter ---------------------------------------------------------


def test_own_due_quarter_makes_an_item_not_overdue_for_that_municipality_only(world, plan):
    own_planning(world, plan["items"]["1.1"], world.mun_a)
    basis = figures.live_basis(region=world.region, on=TODAY)
    # on 15 May 2026 items 1.1 and 2.1 (Q1 2026) are due; none is achieved
    mine = basis.track_tally(world.mun_a.pk)
    other = basis.track_tally(world.mun_b.pk)
    assert (mine.items_due, mine.items_overdue) == (1, 1)
    assert (other.items_due, other.items_overdue) == (2, 2)
    entry = basis.entries[world.mun_a.pk][plan["items"]["1.1"].pk]
    assert entry.due_quarter == Quarter(2026, 4)
    assert not entry.overdue
    assert basis.entries[world.mun_b.pk][plan["items"]["1.1"].pk].overdue
    # the region's own track keeps the item's due quarter
    assert basis.entries[None][plan["items"]["2.1"].pk].due_quarter == Quarter(2026, 1)


def test_live_basis_loads_the_own_due_quarters_in_one_query(world, plan, django_assert_num_queries):
    own_planning(world, plan["items"]["1.1"], world.mun_a)
    own_planning(world, plan["items"]["1.2"], world.mun_b, due=Quarter(2026, 1))
    agreement_set = plan["set"]
    ids = [world.mun_a.pk, world.mun_b.pk]
    with django_assert_num_queries(3):
        basis = figures.live_basis(
            region=world.region, on=TODAY, agreement_set=agreement_set, municipality_ids=ids
        )
    assert basis.track_tally(world.mun_b.pk).items_due == 3


def test_a_closed_round_freezes_the_own_due_quarter(world, plan):
    own_planning(world, plan["items"]["1.1"], world.mun_a)
    round_ = services.round_create(
        region=world.region,
        name="Voorjaar 2026",
        opens_on=dt.date(2026, 5, 1),
        deadline=dt.date(2026, 6, 15),
        actor=world.users["cfg"],
    )
    services.round_close(measurement_round=round_, actor=world.users["cfg"])
    frozen = SnapshotEntry.objects.get(
        round=round_, municipality=world.mun_a, item=plan["items"]["1.1"]
    )
    assert (frozen.due_year, frozen.due_quarter, frozen.is_overdue) == (2026, 4, False)
    assert SnapshotEntry.objects.get(
        round=round_, municipality=world.mun_b, item=plan["items"]["1.1"]
    ).is_overdue
    results = {r.municipality_id: r for r in RoundResult.objects.filter(round=round_)}
    assert results[world.mun_a.pk].items_overdue == 1
    assert results[world.mun_b.pk].items_overdue == 2
    # taking the own planning back later does not change the closed round
    own_planning(world, plan["items"]["1.1"], world.mun_a, due=None, reason="Terug")
    basis = figures.round_basis(measurement_round=round_)
    assert basis.track_tally(world.mun_a.pk).items_overdue == 1
    assert (
        figures.live_basis(region=world.region, on=TODAY).track_tally(world.mun_a.pk).items_overdue
        == 2
    )


def test_own_planning_needs_a_reason_and_is_audited(world, plan):
    item = plan["items"]["1.1"]
    with pytest.raises(ValidationError):
        own_planning(world, item, world.mun_a, reason="  ")
    assert not DueOverride.objects.exists()
    own_planning(world, item, world.mun_a)
    event = AuditEvent.objects.filter(detail__municipality=world.mun_a.code).get()
    assert event.detail["own_due_quarter"] == [None, "Q4 2026"]
    assert event.detail["reason"] == "Fusie gemeenten"
    with pytest.raises(ValidationError):  # the region's own items have no municipal planning
        own_planning(world, plan["items"]["R.1"], world.mun_a)


@pytest.mark.parametrize("persona", ["coordinator", "cfg"])
def test_cfg_and_coordinator_give_a_municipality_its_own_due_quarter(world, plan, persona):
    item = plan["items"]["1.1"]
    client = client_for(world, persona)
    response = client.post(
        planning_url(world, item, world.mun_a), {"due": "2026-4", "reason": "Later door fusie"}
    )
    assert response.status_code == 302
    saved = DueOverride.objects.get(item=item, municipality=world.mun_a)
    assert (saved.due, saved.reason, saved.set_by) == (
        Quarter(2026, 4),
        "Later door fusie",
        world.users[persona],
    )
    track = client.get(response["Location"])
    assert "Q4 2026" in track.content.decode()
    assert "Later door fusie" in track.content.decode()


@pytest.mark.parametrize("persona", ["contact", "steering", "board", "theme_lead"])
def test_others_cannot_set_a_municipalitys_own_due_quarter(world, plan, persona):
    item = plan["items"]["1.1"]
    response = client_for(world, persona).post(
        planning_url(world, item, world.mun_a), {"due": "2026-4", "reason": "Eigen keuze"}
    )
    assert response.status_code == 403
    assert not DueOverride.objects.exists()


def test_the_dashboard_and_the_workspace_say_where_a_municipality_has_its_own_planning(world, plan):
    item = plan["items"]["1.1"]  # due Q1 2026: overdue today for every other municipality
    own_planning(world, item, world.mun_a, due=Quarter(2099, 4), reason="Nieuw gemeentehuis")
    page = client_for(world, "steering").get(
        reverse("dashboard:municipality", args=[world.region.slug, world.mun_a.code])
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "eigen planning: Q4 2099, reden: Nieuw gemeentehuis" in html
    other = client_for(world, "steering").get(
        reverse("dashboard:municipality", args=[world.region.slug, world.mun_b.code])
    )
    assert "eigen planning" not in other.content.decode()
    workspace = client_for(world, "contact").get(
        reverse("agreements:workspace", args=[world.region.slug, world.mun_a.code])
    )
    assert workspace.status_code == 200
    assert "eigen planning: Q4 2099, reden: Nieuw gemeentehuis" in workspace.content.decode()


# --- the follow-up log ------------------------------------------------------------------------


def follow_up_url(world, municipality):
    return reverse("agreements:follow_up", args=[world.region.slug, municipality.code])


def log(world, municipality, *, held_on, next_on=None, agreed="Plan van aanpak in juni"):
    return services.follow_up_add(
        municipality=municipality,
        held_on=held_on,
        with_whom="Burgemeester en secretaris",
        agreed=agreed,
        next_on=next_on,
        actor=world.users["cfg"],
    )


@pytest.mark.parametrize("persona", ["cfg", "coordinator"])
def test_cfg_and_coordinator_log_a_follow_up(world, plan, persona):
    response = client_for(world, persona).post(
        follow_up_url(world, world.mun_a),
        {
            "held_on": "2026-05-10",
            "with_whom": "Wethouder Jansen",
            "agreed": "Risicoprofiel voor 1 juli",
            "next_on": "2026-07-01",
        },
    )
    assert response.status_code == 302
    entry = FollowUp.objects.get(municipality=world.mun_a)
    assert (entry.held_on, entry.next_on, entry.with_whom, entry.created_by) == (
        dt.date(2026, 5, 10),
        dt.date(2026, 7, 1),
        "Wethouder Jansen",
        world.users[persona],
    )
    assert AuditEvent.objects.filter(object_id=str(entry.pk), action="create").exists()


def test_a_next_follow_up_before_the_conversation_is_refused(world, plan):
    response = client_for(world, "cfg").post(
        follow_up_url(world, world.mun_a),
        {
            "held_on": "2026-05-10",
            "with_whom": "Wethouder",
            "agreed": "Iets",
            "next_on": "2026-05-01",
        },
    )
    assert response.status_code == 200
    assert not FollowUp.objects.exists()


@pytest.mark.parametrize("persona", ["steering", "board"])
def test_steering_group_and_board_read_the_log_but_do_not_add_to_it(world, plan, persona):
    log(world, world.mun_a, held_on=dt.date(2026, 5, 10), agreed="Oefening in september")
    client = client_for(world, persona)
    page = client.get(follow_up_url(world, world.mun_a))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Oefening in september" in html
    assert "10 mei 2026" in html
    assert 'name="agreed"' not in html
    refused = client.post(
        follow_up_url(world, world.mun_a),
        {"held_on": "2026-05-11", "with_whom": "X", "agreed": "Y"},
    )
    assert refused.status_code == 403
    assert FollowUp.objects.count() == 1


@pytest.mark.parametrize("persona", ["contact", "other_contact", "theme_lead", "partner"])
def test_municipalities_leads_and_partners_do_not_see_the_log(world, plan, persona):
    log(world, world.mun_a, held_on=dt.date(2026, 5, 10))
    assert client_for(world, persona).get(follow_up_url(world, world.mun_a)).status_code == 403


def start_tasks(world, persona):
    from paraat.agreements import apps as agreement_apps
    from paraat.agreements.apps import AgreementsConfig

    request = RequestFactory().get("/")
    request.user = world.users[persona]
    config = AgreementsConfig("paraat.agreements", agreement_apps)
    return config.start_tasks(request, world.region)


def test_the_cfg_gets_a_start_page_task_on_the_follow_up_date(world, plan):
    today = timezone.localdate()
    log(world, world.mun_a, held_on=today - dt.timedelta(days=30), next_on=today)
    log(world, world.mun_b, held_on=today - dt.timedelta(days=3), next_on=today + dt.timedelta(1))
    titles = [t.title for t in start_tasks(world, "cfg")]
    assert titles.count(f"{world.mun_a.name} opvolgen") == 1
    assert f"{world.mun_b.name} opvolgen" not in titles
    assert not [t for t in start_tasks(world, "steering") if "opvolgen" in str(t.title)]
    # a later conversation without a next date replaces the planned follow-up
    log(world, world.mun_a, held_on=today, agreed="Afgerond")
    assert f"{world.mun_a.name} opvolgen" not in [t.title for t in start_tasks(world, "cfg")]


def test_the_board_and_cso_reports_carry_the_latest_follow_ups(world, plan):
    from paraat.reports.builders import build_progress
    from paraat.reports.document import Table
    from paraat.reports.sections import ReportContext

    log(world, world.mun_a, held_on=dt.date(2026, 5, 10), agreed="Crisisplan voor juli")

    def follow_up_rows(audience):
        doc = build_progress(ReportContext(world.region, audience=audience))
        return [
            row
            for section in doc.sections
            if section.title == "Opvolging van gemeenten met achterstand"
            for block in section.blocks
            if isinstance(block, Table)
            for row in block.rows
        ]

    for audience in ("board", "cso"):
        assert follow_up_rows(audience) == [
            [
                world.mun_a.name,
                "10 mei 2026",
                "Burgemeester en secretaris",
                "Crisisplan voor juli",
                "—",
            ]
        ]
    assert follow_up_rows("steering") == []


# --- "Who has done this already?" ---------------------------------------------------------------


def achieve(world, item, municipality, persona, *, shared, explanation, link):
    progress = ItemProgress.objects.filter(item=item, municipality=municipality).first()
    services.status_update_record(
        item=item,
        municipality=municipality,
        actor=world.users[persona],
        expected_version=progress.version if progress else 0,
        status=Status.ACHIEVED,
        explanation=explanation,
        evidence_link=link,
        shared_with_region=shared,
    )


def test_who_has_done_this_shows_shared_explanation_and_evidence_only(world, plan):
    item = plan["items"]["1.1"]
    achieve(
        world,
        item,
        world.mun_a,
        "contact",
        shared=True,
        explanation="Samen met de GGD gedaan",
        link="https://example.org/aadorp-plan",
    )
    achieve(
        world,
        item,
        world.mun_b,
        "other_contact",
        shared=False,
        explanation="Vertrouwelijke aanpak",
        link="https://example.org/beedorp-geheim",
    )
    url = reverse("agreements:item_detail", args=[world.region.slug, item.pk])
    # a theme table lead reads only what was shared with the region
    html = client_for(world, "theme_lead").get(url).content.decode()
    assert "Samen met de GGD gedaan" in html
    assert "https://example.org/aadorp-plan" in html
    assert "Vertrouwelijke aanpak" not in html
    assert "beedorp-geheim" not in html
    assert "Toelichting en onderbouwing niet gedeeld met de regio" in html
    # municipality A's contact reads the shared text of B? no: only its own and the shared
    html = client_for(world, "contact").get(url).content.decode()
    assert "Samen met de GGD gedaan" in html
    assert "Vertrouwelijke aanpak" not in html
    # B's contact reads its own unshared update
    html = client_for(world, "other_contact").get(url).content.decode()
    assert "Vertrouwelijke aanpak" in html
    # the steering group reads every municipality's text
    html = client_for(world, "steering").get(url).content.decode()
    assert "Vertrouwelijke aanpak" in html
    assert "beedorp-geheim" in html
