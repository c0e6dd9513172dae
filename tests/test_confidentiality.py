"""Issue 17: one confidentiality rule per kind of information, tried per persona on every place
that shows it (pages, print versions, exports, downloads, reports).

Progress text: a municipality's statuses are shared with every member of the region; its
explanation, bottleneck, next step and evidence with the municipality itself, the region's
staff, the steering group and the board -- and with everyone else in the region only for an
update the municipality chose to share with the region.
"""

from __future__ import annotations

import csv
import io
import re

import pytest

from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from paraat import testing as t

pytestmark = pytest.mark.django_db

SECRET = "Geen budget voor noodstroom"
SHARED = "Gedeelde stand van zaken"
SECRET_FILE = "begroting-noodstroom.pdf"

# Who reads the text of an update that is not shared with the region (the expected values are
# written out here, not read from permissions.py).
TEXT_READERS = {t.ADMIN, t.COORDINATOR, t.CFG, t.CONTACT, t.STEERING, t.BOARD}
REGION = {
    t.ADMIN,
    t.COORDINATOR,
    t.CFG,
    t.CONTACT,
    t.OTHER_CONTACT,
    t.THEME_LEAD,
    t.STEERING,
    t.BOARD,
    t.PARTNER,
}
NOT_IN_REGION = {t.NATIONAL, t.OUTSIDER}


@pytest.fixture
def progress(world):
    """Municipality A: item 1.1 with an unshared bottleneck and evidence file, item 1.2 with an
    update shared with the region."""
    from paraat.agreements import services
    from paraat.agreements.factories import (
        ActionItemFactory,
        AgreementSetFactory,
        CategoryFactory,
    )
    from paraat.agreements.models import Status

    agreement_set = AgreementSetFactory(region=world.region)
    category = CategoryFactory(agreement_set=agreement_set, name="Continuïteit")
    secret_item = ActionItemFactory(category=category, number="1.1")
    shared_item = ActionItemFactory(category=category, number="1.2")
    contact = world.users[t.CONTACT]
    secret = services.status_update_record(
        item=secret_item,
        municipality=world.mun_a,
        actor=contact,
        expected_version=0,
        status=Status.STARTED,
        explanation="Offerte aangevraagd",
        bottleneck=SECRET,
        bottleneck_party="region",
        next_step="Raadsvoorstel",
        evidence_file=ContentFile(b"%PDF-1.4 begroting\n", name=SECRET_FILE),
    )
    shared = services.status_update_record(
        item=shared_item,
        municipality=world.mun_a,
        actor=contact,
        expected_version=0,
        status=Status.IN_PROGRESS,
        explanation=SHARED,
        bottleneck="Gedeeld knelpunt",
        bottleneck_party="partner",
        shared_with_region=True,
        evidence_link="https://example.org/gedeeld-bewijs",
    )
    return {"secret": secret, "shared": shared, "item": secret_item}


def client_for(world, persona) -> Client:
    client = Client()
    client.force_login(world.users[persona])
    return client


def dashboard_page(world, persona):
    url = reverse("dashboard:municipality", args=[world.region.slug, world.mun_a.code])
    return client_for(world, persona).get(url)


def dashboard_print(world, persona):
    url = reverse("dashboard:municipality_print", args=[world.region.slug, world.mun_a.code])
    return client_for(world, persona).get(url)


def dashboard_csv(world, persona):
    url = reverse(
        "dashboard:municipality_export", args=[world.region.slug, world.mun_a.code, "csv"]
    )
    return client_for(world, persona).get(url)


def body(response) -> str:
    if response.get("Content-Type", "").startswith("text/csv"):
        raw = b"".join(response.streaming_content) if response.streaming else response.content
        text = raw.decode("utf-8-sig")
        return "\n".join(";".join(row) for row in csv.reader(io.StringIO(text), delimiter=";"))
    return response.content.decode()


SURFACES = {
    "dashboard page": dashboard_page,
    "dashboard print version": dashboard_print,
    "dashboard CSV export": dashboard_csv,
}


@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize("persona", sorted(REGION | NOT_IN_REGION))
def test_progress_text_is_read_only_by_whom_the_rule_allows(world, progress, surface, persona):
    response = SURFACES[surface](world, persona)
    if persona in NOT_IN_REGION:
        assert response.status_code == 403
        return
    assert response.status_code == 200
    text = body(response)
    # statuses are everyone's in the region
    assert "1.1" in text and "1.2" in text
    assert (SECRET in text) == (persona in TEXT_READERS), persona
    assert ("Raadsvoorstel" in text) == (persona in TEXT_READERS), persona
    # a shared update's text is read by every member of the region
    assert SHARED in text
    if surface != "dashboard CSV export":
        assert (SECRET_FILE in text) == (persona in TEXT_READERS), persona
        assert "https://example.org/gedeeld-bewijs" in text


@pytest.mark.parametrize("persona", sorted(REGION | NOT_IN_REGION))
def test_evidence_download_follows_the_text_rule(world, progress, persona):
    secret_evidence = progress["secret"].evidence.get()
    url = reverse("agreements:evidence", args=[world.region.slug, secret_evidence.pk])
    response = client_for(world, persona).get(url)
    assert response.status_code == (200 if persona in TEXT_READERS else 403), persona


@pytest.mark.parametrize("persona", sorted(REGION))
def test_shared_evidence_is_read_by_every_member_of_the_region(world, progress, persona):
    from paraat.agreements.models import Evidence

    shared = Evidence.objects.create(
        item=progress["item"],
        region=world.region,
        municipality=world.mun_a,
        status_update=progress["shared"],
        original_name="gedeeld.pdf",
        content_type="application/pdf",
        file=ContentFile(b"%PDF-1.4 gedeeld\n", name="gedeeld.pdf"),
    )
    url = reverse("agreements:evidence", args=[world.region.slug, shared.pk])
    assert client_for(world, persona).get(url).status_code == 200, persona


@pytest.mark.parametrize("persona", sorted(REGION))
def test_progress_pages_of_the_agreements_app_are_for_text_readers(world, progress, persona):
    """Theme table leads, other municipalities and partners no longer read another
    municipality's full progress in the agreements app."""
    url = reverse(
        "agreements:track", args=[world.region.slug, world.mun_a.code, progress["item"].pk]
    )
    response = client_for(world, persona).get(url)
    assert response.status_code == (200 if persona in TEXT_READERS else 403), persona
    if persona in TEXT_READERS:
        assert SECRET in response.content.decode()


def test_the_status_form_offers_share_with_the_region_off_by_default_then_as_last_time(
    world, progress
):
    from paraat.agreements.models import StatusUpdate

    client = client_for(world, t.CONTACT)
    slug, code = world.region.slug, world.mun_a.code
    new_item = progress["item"].category.items.create(
        region=world.region,
        agreement_set=progress["item"].agreement_set,
        number="1.3",
        text="Nieuw",
    )
    html = client.get(reverse("agreements:track", args=[slug, code, new_item.pk])).content
    assert re.search(rb'<input type="checkbox" name="shared_with_region"[^>]*>', html)
    assert not re.search(rb'<input type="checkbox" name="shared_with_region"[^>]*checked', html)
    shared_item = progress["shared"].item
    html = client.get(reverse("agreements:track", args=[slug, code, shared_item.pk])).content
    assert re.search(rb'<input type="checkbox" name="shared_with_region"[^>]*checked', html)
    response = client.post(
        reverse("agreements:track", args=[slug, code, new_item.pk]),
        {
            "status": "started",
            "explanation": "Nu gedeeld",
            "shared_with_region": "on",
            "version": "0",
        },
    )
    assert response.status_code == 302
    update = StatusUpdate.objects.get(item=new_item)
    assert update.shared_with_region is True
    track = client.get(reverse("agreements:track", args=[slug, code, new_item.pk]))
    assert "gedeeld met de regio" in track.content.decode()


def test_a_closed_round_keeps_the_share_choice_in_its_snapshot(world, progress):
    import datetime as dt

    from paraat.agreements import services
    from paraat.agreements.models import SnapshotEntry

    round_ = services.round_create(
        region=world.region,
        name="Meetronde",
        opens_on=dt.date.today() - dt.timedelta(days=1),
        deadline=dt.date.today() + dt.timedelta(days=1),
        actor=world.users[t.CFG],
    )
    services.round_close(measurement_round=round_, actor=world.users[t.CFG])
    entries = {
        e.item_number: e.shared_with_region
        for e in SnapshotEntry.objects.filter(round=round_, municipality=world.mun_a)
    }
    assert entries == {"1.1": False, "1.2": True}


def test_the_scope_of_one_municipality_is_the_rule_narrowed_to_it(world, progress):
    """The cache key of a municipality's page (`progress_text_scope_in`) says what the rule
    lets each persona read of that municipality: all its text, what it shared, or nothing."""
    from paraat.agreements import services
    from paraat.agreements.models import Status, StatusUpdate
    from paraat.permissions import can_read_progress_text, progress_text_scope_in

    other = services.status_update_record(
        item=progress["item"],
        municipality=world.mun_b,
        actor=world.users[t.OTHER_CONTACT],
        expected_version=0,
        status=Status.STARTED,
        explanation="Beedorp, niet gedeeld",
    )
    assert not other.shared_with_region
    for persona in REGION | NOT_IN_REGION:
        user = world.users[persona]
        for municipality in (world.mun_a, world.mun_b):
            updates = StatusUpdate.objects.filter(municipality=municipality)
            readable = {u.shared_with_region for u in updates if can_read_progress_text(user, u)}
            scope = progress_text_scope_in(user, municipality)
            expected = "all" if False in readable else "shared" if persona in REGION else "none"
            assert scope == expected, (persona, municipality.name, readable)


def test_the_rule_is_one_predicate_and_one_filter_that_agree(world, progress):
    """The API will call these: as a plain function on (user, object) and as a filter."""
    from paraat.agreements.models import StatusUpdate
    from paraat.permissions import can_read_progress_text, progress_text_q

    for persona in REGION | NOT_IN_REGION:
        user = world.users[persona]
        visible = set(
            StatusUpdate.objects.filter(region=world.region)
            .filter(progress_text_q(user, world.region))
            .values_list("pk", flat=True)
        )
        by_predicate = {
            u.pk
            for u in StatusUpdate.objects.filter(region=world.region)
            if can_read_progress_text(user, u)
        }
        assert visible == by_predicate, persona
        expected = (
            {progress["secret"].pk, progress["shared"].pk}
            if persona in TEXT_READERS
            else {progress["shared"].pk}
            if persona in REGION
            else set()
        )
        assert visible == expected, persona


# --- TLP labels: one TLP 2.0 rule for knowledge items, reports and plans --------------------

# Who reads a label on the region's own material (written by the region's programme team);
# written out here from TLP 2.0, not read from permissions.py.
TLP_READERS = {
    "CLEAR": REGION,
    "GREEN": REGION,
    "AMBER": {t.ADMIN, t.COORDINATOR, t.CFG, t.THEME_LEAD, t.STEERING, t.BOARD},
    "AMBER+STRICT": {t.ADMIN, t.COORDINATOR, t.CFG, t.THEME_LEAD},
    "RED": {t.COORDINATOR},  # only the named author
}


def _region_item(world, label):
    from paraat.knowledge.models import KnowledgeItem

    item = KnowledgeItem.objects.create(
        region=world.region,
        title=f"Regio {label}",
        summary="s",
        kind="product",
        tlp=label,
        created_by=world.users[t.COORDINATOR],
    )
    if label == "RED":
        item.recipients.set([world.users[t.COORDINATOR]])
    return item


def _region_report(world, label, kind="round"):
    from paraat.reports.models import ReportRun

    return ReportRun.objects.create(
        region=world.region,
        kind=kind,
        format="pdf",
        tlp=label,
        status="done",
        requested_by=world.users[t.COORDINATOR],
    )


def _region_plan(world, label):
    from paraat.reports.models import PlanCopy

    return PlanCopy.objects.create(
        region=world.region,
        title=f"Plan {label}",
        paper_locations="Kast",
        tlp=label,
        updated_by=world.users[t.COORDINATOR],
    )


@pytest.mark.parametrize("label", list(TLP_READERS))
def test_knowledge_reports_and_plans_follow_one_tlp_rule(world, label):
    item = _region_item(world, label)
    run = _region_report(world, label)
    plan = _region_plan(world, label)
    for persona in REGION | NOT_IN_REGION:
        user = world.users[persona]
        expected = persona in TLP_READERS[label]
        assert user.has_perm("knowledge.view_item", item) is expected, (persona, "item")
        assert user.has_perm("reports.view_report", run) is expected, (persona, "report")
        assert user.has_perm("reports.view_plan", plan) is expected, (persona, "plan")
        # the queryset filter (lists, counts, search, digest) agrees with the predicate
        from paraat.knowledge.selectors import items_visible_to

        listed = items_visible_to(user, world.region).filter(pk=item.pk).exists()
        assert listed is expected, (persona, "item list")


@pytest.mark.parametrize("persona", sorted(REGION))
def test_report_pages_and_knowledge_pages_refuse_alike(world, persona):
    client = client_for(world, persona)
    for label, readers in TLP_READERS.items():
        item = _region_item(world, label)
        run = _region_report(world, label)
        status = 200 if persona in readers else 403
        url = reverse("knowledge:item_detail", args=[world.region.slug, item.pk])
        assert client.get(url).status_code == status, (label, "item")
        url = reverse("reports:run_detail", args=[world.region.slug, run.pk])
        assert client.get(url).status_code == status, (label, "report")


def test_a_report_with_progress_text_is_only_for_who_reads_that_text(world):
    """An AMBER progress report (it carries bottlenecks): the theme table lead, who is of the
    region's organisation, does not read it; steering group and board do."""
    run = _region_report(world, "AMBER", kind="progress")
    readers = {p for p in REGION if world.users[p].has_perm("reports.view_report", run)}
    assert readers == {t.ADMIN, t.COORDINATOR, t.CFG, t.STEERING, t.BOARD}


def _municipal_item(world, label="AMBER"):
    from paraat.knowledge import services

    return services.item_create(
        region=world.region,
        actor=world.users[t.CONTACT],
        fields={"title": "Aadorp stroomplan", "summary": "s", "kind": "product", "tlp": label},
    )


def _relabel(world, persona, item, label, reason="Nu openbaar"):
    from paraat.knowledge import services

    item.refresh_from_db()
    return services.item_update(
        item=item,
        actor=world.users[persona],
        version=item.version,
        fields={"tlp": label},
        tlp_reason=reason,
    )


def test_a_coordinator_may_not_lower_a_municipalitys_label(world):
    from django.core.exceptions import ValidationError

    item = _municipal_item(world)
    with pytest.raises(ValidationError) as err:
        _relabel(world, t.COORDINATOR, item, "CLEAR")
    assert "tlp" in err.value.message_dict
    item.refresh_from_db()
    assert item.tlp == "AMBER"
    # the partner still cannot read it
    assert not world.users[t.PARTNER].has_perm("knowledge.view_item", item)


def test_the_coordinator_is_refused_on_the_edit_page_too(world):
    item = _municipal_item(world)
    url = reverse("knowledge:item_edit", args=[world.region.slug, item.pk])
    response = client_for(world, t.COORDINATOR).post(
        url,
        {
            "title": item.title,
            "summary": item.summary,
            "kind": item.kind,
            "tlp": "CLEAR",
            "tlp_reason": "Mag iedereen weten",
            "version": item.version,
        },
    )
    assert response.status_code == 200  # the form again, with the error
    item.refresh_from_db()
    assert item.tlp == "AMBER"


def test_the_authors_organisation_lowers_and_a_coordinator_raises_with_a_reason_audited(world):
    from django.core.exceptions import ValidationError

    from paraat.audit.models import AuditEvent

    item = _municipal_item(world)
    with pytest.raises(ValidationError) as err:
        _relabel(world, t.CONTACT, item, "GREEN", reason="")
    assert "tlp_reason" in err.value.message_dict
    _relabel(world, t.CONTACT, item, "GREEN", reason="Gedeeld in de regio")
    _relabel(world, t.COORDINATOR, item, "AMBER+STRICT", reason="Bevat namen")
    changes = [
        (e.detail["tlp_from"], e.detail["tlp_to"], e.detail["reason"], e.actor_label)
        for e in AuditEvent.objects.filter(
            object_id=str(item.pk), detail__has_key="tlp_from"
        ).order_by("at", "id")
    ]
    assert changes == [
        ("AMBER", "GREEN", "Gedeeld in de regio", "contact@test.paraat.nl"),
        ("GREEN", "AMBER+STRICT", "Bevat namen", "coordinator@test.paraat.nl"),
    ]
    # another municipality may neither lower nor raise it
    with pytest.raises(ValidationError):
        _relabel(world, t.OTHER_CONTACT, item, "RED")


# --- the audit trail shows a title only to who may see the item -----------------------------


def test_audit_trail_hides_titles_of_items_the_administrator_may_not_open(world):
    from paraat.knowledge import services

    secret = services.item_create(
        region=world.region,
        actor=world.users[t.CONTACT],
        fields={"title": "Zeer geheim draaiboek", "summary": "s", "kind": "product", "tlp": "RED"},
        recipients=[world.users[t.CONTACT]],
    )
    open_item = services.item_create(
        region=world.region,
        actor=world.users[t.CONTACT],
        fields={"title": "Open handreiking", "summary": "s", "kind": "product", "tlp": "GREEN"},
    )
    url = reverse("audit:list", args=[world.region.slug])
    html = client_for(world, t.ADMIN).get(url).content.decode()
    assert "Zeer geheim draaiboek" not in html
    assert f"kennisitem #{secret.pk}, TLP:RED" in html
    assert "Open handreiking" in html and open_item.pk


# --- search: filter first, then rank and limit -------------------------------------------------


def test_search_finds_a_visible_item_behind_many_better_hidden_matches(world):
    from paraat.knowledge import search
    from paraat.knowledge.models import KnowledgeItem
    from paraat.knowledge.selectors import item_search

    hidden = KnowledgeItem.objects.bulk_create(
        KnowledgeItem(
            region=world.region,
            municipality=world.mun_b,
            title="aggregaat aggregaat aggregaat",
            summary="aggregaat aggregaat",
            kind="product",
            tlp="AMBER+STRICT",
            created_by=world.users[t.OTHER_CONTACT],
        )
        for _ in range(search.MAX_HITS + 20)
    )
    visible = KnowledgeItem.objects.create(
        region=world.region,
        title="Over een aggregaat",
        summary="Lang verhaal " * 50,
        kind="product",
        tlp="GREEN",
        created_by=world.users[t.COORDINATOR],
    )
    for item in [*hidden, visible]:
        search.index_item(item)
    result = item_search(user=world.users[t.CONTACT], region=world.region, q="aggregaat")
    assert [i.pk for i in result.page.object_list] == [visible.pk]
    assert result.total == 1


# --- headers -----------------------------------------------------------------------------------


def test_signed_in_pages_and_downloads_are_not_kept_by_the_browser(world, progress):
    client = client_for(world, t.CONTACT)
    page = client.get(reverse("dashboard:overview", args=[world.region.slug]))
    assert page.status_code == 200
    assert page["Cache-Control"] == "private, no-store"
    assert "camera=()" in page["Permissions-Policy"]
    assert "geolocation=()" in page["Permissions-Policy"]
    export = dashboard_csv(world, t.CONTACT)
    assert export["Cache-Control"] == "private, no-store"
    evidence = progress["secret"].evidence.get()
    download = client.get(reverse("agreements:evidence", args=[world.region.slug, evidence.pk]))
    assert download.status_code == 200
    assert download["Cache-Control"] == "private, no-store"


def test_the_sign_in_page_has_the_permissions_policy_too(client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert "microphone=()" in response["Permissions-Policy"]


# --- coverage: every page and download says which confidentiality rule it shows -------------
# Like the permission matrix: a URL that is not listed here fails `test_every_url_is_classified`,
# so a new page, export or download cannot ship without saying what it shows. A URL under a
# rule must name the per-persona test(s) that try it.

PROGRESS_TEXT = "progress text (can_read_progress_text)"
TLP_LABEL = "TLP label (can_see_tlp)"
NEITHER = "neither progress text nor labelled material"

RULE_TESTS = {
    # progress text
    "dashboard:municipality": (
        PROGRESS_TEXT,
        ["test_progress_text_is_read_only_by_whom_the_rule_allows"],
    ),
    "dashboard:municipality_print": (
        PROGRESS_TEXT,
        ["test_progress_text_is_read_only_by_whom_the_rule_allows"],
    ),
    "dashboard:municipality_export": (
        PROGRESS_TEXT,
        ["test_progress_text_is_read_only_by_whom_the_rule_allows"],
    ),
    "agreements:evidence": (
        PROGRESS_TEXT,
        [
            "test_evidence_download_follows_the_text_rule",
            "test_shared_evidence_is_read_by_every_member_of_the_region",
        ],
    ),
    "agreements:track": (
        PROGRESS_TEXT,
        ["test_progress_pages_of_the_agreements_app_are_for_text_readers"],
    ),
    "agreements:workspace": (PROGRESS_TEXT, ["test_workspace_and_submission_are_for_text_readers"]),
    "agreements:submission_detail": (
        PROGRESS_TEXT,
        ["test_workspace_and_submission_are_for_text_readers"],
    ),
    # issue 16: "Who has done this already?" shows shared explanations and evidence; the
    # follow-up log is for the same readers as every municipality's progress text
    "agreements:item_detail": (PROGRESS_TEXT, ["agreements/tests/test_followup.py"]),
    "agreements:follow_up": (PROGRESS_TEXT, ["agreements/tests/test_followup.py"]),
    # TLP labels
    "knowledge:index": (
        TLP_LABEL,
        [
            "test_search_finds_a_visible_item_behind_many_better_hidden_matches",
            "knowledge/tests/test_tlp_visibility.py",
        ],
    ),
    "knowledge:item_detail": (TLP_LABEL, ["test_report_pages_and_knowledge_pages_refuse_alike"]),
    "knowledge:item_edit": (TLP_LABEL, ["test_the_coordinator_is_refused_on_the_edit_page_too"]),
    "knowledge:attachment_download": (TLP_LABEL, ["knowledge/tests/test_tlp_visibility.py"]),
    "knowledge:public_index": (TLP_LABEL, ["knowledge/tests/test_tlp_visibility.py"]),
    "knowledge:public_item": (TLP_LABEL, ["knowledge/tests/test_tlp_visibility.py"]),
    "reports:run_detail": (
        TLP_LABEL,
        [
            "test_report_pages_and_knowledge_pages_refuse_alike",
            "test_a_report_with_progress_text_is_only_for_who_reads_that_text",
        ],
    ),
    "reports:run_download": (TLP_LABEL, ["test_knowledge_reports_and_plans_follow_one_tlp_rule"]),
    "reports:run_regenerate": (TLP_LABEL, ["test_knowledge_reports_and_plans_follow_one_tlp_rule"]),
    "reports:index": (TLP_LABEL, ["test_knowledge_reports_and_plans_follow_one_tlp_rule"]),
    "reports:binder": (TLP_LABEL, ["test_knowledge_reports_and_plans_follow_one_tlp_rule"]),
    "reports:plan_list": (TLP_LABEL, ["test_knowledge_reports_and_plans_follow_one_tlp_rule"]),
    "reports:plan_edit": (TLP_LABEL, ["test_knowledge_reports_and_plans_follow_one_tlp_rule"]),
    # steering group minutes (issue 18): the pages that show them or write beside them
    **{
        f"programme:{name}": (TLP_LABEL, ["programme/tests/test_meetings.py"])
        for name in (
            "meeting_detail",
            "meeting_edit",
            "agenda_item_add",
            "decision_add",
            "meeting_action_add",
            "meeting_comment_add",
        )
    },
    # the yearly and final evaluation (issue 18): its text under the one TLP rule; its report
    # carries the municipalities' lag and follow-up (progress text, reports.view_report)
    **{
        f"programme:{name}": (TLP_LABEL, ["programme/tests/test_evaluation.py"])
        for name in (
            "evaluation_detail",
            "evaluation_version",
            "evaluation_edit",
            "evaluation_compare",
            "evaluation_transition",
        )
    },
    "reports:evaluation": (TLP_LABEL, ["reports/tests/test_evaluation_report.py"]),
    "audit:list": (
        TLP_LABEL,
        ["test_audit_trail_hides_titles_of_items_the_administrator_may_not_open"],
    ),
}

# Pages that show neither, with why (statuses and figures are the region's; forms write).
NO_CONFIDENTIAL_TEXT = {
    "figures and statuses only": [
        "dashboard:overview",
        "dashboard:compare",
        "dashboard:export",
        "national:index",
        "national:export",
        "agreements:figures",
        "agreements:round_detail",
        "agreements:rounds",
    ],
    "the action list (not progress)": [
        "agreements:index",
        "agreements:export",
        "agreements:item_create",
        "agreements:item_edit",
        "agreements:item_withdraw",
        "agreements:item_restore",
        "agreements:import",
        "agreements:own_planning",
    ],
    "writes only (POST), answered with a redirect": [
        "agreements:submit",
        "agreements:track_confirm",
        "agreements:category_confirm",
        "agreements:round_close",
        "reports:request",
        "reports:plan_create",
        "knowledge:item_create",
        "set_language",
        "reports:run_retry",
        "api_tokens:revoke",
        "api_region_tokens:revoke",
        "sso:request_dismiss",
        "sso:request_grant",
        "sso:provider_remove",
    ],
    "the desk: questions have their own organisation rule (questions_visible_to)": [
        "knowledge:desk",
        "knowledge:question_answer",
        "knowledge:question_close",
        "knowledge:question_consent",
        "knowledge:question_create",
        "knowledge:question_detail",
        "knowledge:question_publish",
        "knowledge:question_route",
        "knowledge:question_suggest",
        "knowledge:digest_settings",
    ],
    "accounts, members, start pages and health": [
        "accounts:2fa_setup",
        "accounts:2fa_verify",
        "accounts:login",
        "accounts:logout",
        "accounts:password_change",
        "accounts:password_reset",
        "accounts:password_reset_complete",
        "accounts:password_reset_confirm",
        "accounts:password_reset_done",
        "accounts:profile",
        "members:create",
        "members:edit",
        "members:list",
        "start:home",
        "start:region_home",
        "api_tokens:own",
        "api_region_tokens:index",
        "api_region_tokens:create",
        "members:bulk_invite",
        "sso:provider_add",
        "sso:provider_edit",
        "sso:providers",
        "sso:requests",
        "sso_flow:callback",
        "sso_flow:no_access",
        "sso_flow:start",
    ],
    "region set-up: settings, partners, populations, statements (no progress text, no labels)": [
        "region:getting_started",
        "region:partner_create",
        "region:partner_edit",
        "region:partner_list",
        "region:population_edit",
        "region:population_import",
        "region:settings",
        "region:statements_edit",
        "statements:accessibility",
        "statements:privacy",
        "statements:region_accessibility",
        "statements:region_privacy",
    ],
    "the progress import: administrators and the CFG, who read all progress text": [
        "agreements:progress_import",
    ],
    "the region's whole export: administrators only, who read all progress text; TLP:RED rows "
    "only for people named on them (regions/tests/test_export.py)": [
        "region:export",
    ],
    "programme: the region's own programme, not labelled": [
        "programme:activity_create",
        "programme:activity_detail",
        "programme:activity_edit",
        "programme:activity_list",
        "programme:activity_update",
        "programme:ambitions_edit",
        "programme:bodies_edit",
        "programme:deferred_create",
        "programme:deferred_edit",
        "programme:deferred_list",
        "programme:overview",
        "programme:phase",
        "programme:programme_edit",
        "programme:risk_changes",
        "programme:risk_create",
        "programme:risk_edit",
        "programme:risk_list",
        "programme:startdoc",
        "programme:startdoc_compare",
        "programme:startdoc_docx",
        "programme:startdoc_edit",
        "programme:startdoc_pdf",
        "programme:startdoc_transition",
        "programme:startdoc_version",
        "programme:table_activity_create",
        "programme:table_create",
        "programme:table_deferred_create",
        "programme:table_detail",
        "programme:table_edit",
        "programme:table_members",
        "programme:timeline",
        "programme:dashboard",
        "programme:attachment_download",
        "programme:handover_add",
        "programme:handover_take_back",
        "programme:cycle_pause",
        "programme:meeting_list",
        "programme:meeting_create",
        "programme:meeting_action_state",
        "programme:schedules",
        "programme:evaluation_create",
        "programme:evaluation_list",
    ],
    "contacts and emergency support points: region-wide, own permission rules": [
        "regions:contact_create",
        "regions:contact_edit",
        "regions:contact_list",
        "regions:municipality_detail",
        "regions:municipality_list",
        "regions:sub_regions",
        "supportpoints:document_download",
        "supportpoints:document_upload",
        "supportpoints:facility_create",
        "supportpoints:facility_edit",
        "supportpoints:municipality_overview",
        "supportpoints:municipality_print",
        "supportpoints:places",
        "supportpoints:point_create",
        "supportpoints:point_detail",
        "supportpoints:point_edit",
        "supportpoints:point_export",
        "supportpoints:point_import",
        "supportpoints:point_list",
        "supportpoints:point_transition",
        "supportpoints:settings",
    ],
}


def test_every_url_is_classified():
    from tests.test_permission_matrix import url_names

    neither = {name for names in NO_CONFIDENTIAL_TEXT.values() for name in names}
    classified = set(RULE_TESTS) | neither
    missing = sorted(url_names() - classified)
    assert not missing, f"URLs that do not say which confidentiality rule they show: {missing}"
    stale = sorted(classified - url_names())
    assert not stale, f"Classified URLs that no longer exist: {stale}"
    assert not set(RULE_TESTS) & neither


def test_every_url_under_a_rule_names_tests_that_exist():
    from pathlib import Path

    src = Path(__file__).resolve().parents[1] / "src" / "paraat"
    for name, (_rule, tests) in RULE_TESTS.items():
        assert tests, name
        for test in tests:
            if test.endswith(".py"):
                assert (src / test).exists(), (name, test)
            else:
                assert callable(globals().get(test)), (name, test)


@pytest.mark.parametrize("persona", sorted(REGION))
def test_workspace_and_submission_are_for_text_readers(world, progress, persona):
    import datetime as dt

    from paraat.agreements import services

    round_ = services.round_create(
        region=world.region,
        name="Meetronde",
        opens_on=dt.date.today() - dt.timedelta(days=1),
        deadline=dt.date.today() + dt.timedelta(days=1),
        actor=world.users[t.CFG],
    )
    services.round_close(measurement_round=round_, actor=world.users[t.CFG])
    client = client_for(world, persona)
    slug, code = world.region.slug, world.mun_a.code
    for url in (
        reverse("agreements:workspace", args=[slug, code]),
        reverse("agreements:submission_detail", args=[slug, round_.pk, code]),
    ):
        response = client.get(url)
        assert response.status_code == (200 if persona in TEXT_READERS else 403), (persona, url)


def test_plan_labels_follow_the_same_rule_for_changing(world):
    from django.core.exceptions import ValidationError

    from paraat.audit.models import AuditEvent
    from paraat.reports import services
    from paraat.reports.models import PlanCopy

    coordinator = world.users[t.COORDINATOR]
    own = _region_plan(world, "AMBER")
    own.tlp = "GREEN"
    with pytest.raises(ValidationError):  # no reason
        services.plan_copy_save(plan=own, actor=coordinator, expected_version=own.version)
    services.plan_copy_save(
        plan=own, actor=coordinator, expected_version=own.version, tlp_reason="Mag breed"
    )
    assert PlanCopy.objects.get(pk=own.pk).tlp == "GREEN"
    event = AuditEvent.objects.filter(object_id=str(own.pk), detail__has_key="tlp_from").get()
    assert (event.detail["tlp_from"], event.detail["tlp_to"]) == ("AMBER", "GREEN")
    theirs = PlanCopy.objects.create(
        region=world.region,
        municipality=world.mun_a,
        title="Plan Aadorp",
        paper_locations="Gemeentehuis",
        tlp="AMBER",
    )
    theirs.tlp = "CLEAR"
    with pytest.raises(ValidationError):  # the region may not lower a municipality's label
        services.plan_copy_save(
            plan=theirs, actor=coordinator, expected_version=theirs.version, tlp_reason="Open"
        )
    assert PlanCopy.objects.get(pk=theirs.pk).tlp == "AMBER"


def test_a_progress_report_with_bottlenecks_downloads_only_for_text_readers(world, progress):
    """End to end: the report holds the unshared bottleneck; who may download it."""
    from openpyxl import load_workbook

    from paraat.reports import services

    run = services.report_generate(
        region=world.region,
        kind="progress",
        fmt="xlsx",
        parameters={"audience": "board"},
        actor=world.users[t.ADMIN],
    )
    report_file = run.files.get()
    url = reverse("reports:run_download", args=[world.region.slug, run.pk, report_file.pk])
    readers = set()
    for persona in sorted(REGION | NOT_IN_REGION):
        response = client_for(world, persona).get(url)
        assert response.status_code in (200, 403), persona
        if response.status_code == 200:
            readers.add(persona)
            assert response["Cache-Control"] == "private, no-store"
            data = b"".join(response.streaming_content)
            book = load_workbook(io.BytesIO(data), read_only=True)
            cells = {
                str(c)
                for ws in book.worksheets
                for row in ws.iter_rows(values_only=True)
                for c in row
                if c
            }
            assert SECRET in cells
    assert readers == {t.ADMIN, t.COORDINATOR, t.CFG, t.STEERING, t.BOARD}


def test_a_revalidating_api_answer_keeps_private_no_cache_with_its_etag(rf, world):
    from django.http import HttpResponse

    from paraat.core.middleware import PrivacyHeadersMiddleware

    def api(request):
        response = HttpResponse("{}")
        response["Cache-Control"] = "private, no-cache"
        response["ETag"] = '"abc"'
        return response

    request = rf.get("/api/x")
    request.user = world.users[t.ADMIN]
    response = PrivacyHeadersMiddleware(api)(request)
    assert response["Cache-Control"] == "private, no-cache"
    plain = PrivacyHeadersMiddleware(lambda r: HttpResponse("x"))(request)
    assert plain["Cache-Control"] == "private, no-store"
