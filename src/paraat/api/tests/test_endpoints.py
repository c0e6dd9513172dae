"""Every endpoint, every persona: a token sees what its person sees on the pages, never more;
and an endpoint without a case here fails, like the permission matrix."""

import datetime as dt
import json

import pytest

from django.test import Client
from django.utils import timezone

from paraat.agreements.models import ItemProgress, Status
from paraat.agreements.services import round_close, round_create, status_update_record
from paraat.api.services import api_token_create
from paraat.testing import ALL_PERSONAS, ANONYMOUS

from .conftest import bearer

# Which personas read region VR90's rows at each list endpoint (the same rule as the page
# named beside it), and which read the other region's (its administrator, the outsider).
MEMBERS = {
    "admin",
    "coordinator",
    "cfg",
    "contact",
    "other_contact",
    "theme_lead",
    "steering",
    "board",
    "partner",
}
ROUND_READERS = {"admin", "coordinator", "cfg", "theme_lead", "steering", "board"}
ENDPOINTS = {
    "/api/v1/regions/": MEMBERS,  # the region pages
    "/api/v1/municipalities/": MEMBERS,  # municipality pages
    "/api/v1/categories/": MEMBERS,  # dashboard overview
    "/api/v1/action-items/": MEMBERS,  # dashboard municipality page
    "/api/v1/progress/": MEMBERS,  # dashboard municipality page (statuses)
    "/api/v1/status-updates/": MEMBERS,  # item history on the municipality page
    "/api/v1/rounds/": ROUND_READERS,  # agreements: rounds
    "/api/v1/snapshot-entries/": ROUND_READERS,  # a closed round's page
    "/api/v1/facts/": MEMBERS,  # dashboard exports
    "/api/v1/support-points/": MEMBERS,  # support point register
    "/api/v1/activities/": MEMBERS - {"partner"},  # programme pages (internal)
    "/api/v1/risks/": MEMBERS - {"partner"},  # programme: risks
    "/api/v1/knowledge-items/": MEMBERS,  # knowledge list (TLP:GREEN item here)
    "/api/v1/reports/": MEMBERS,  # report archive (a TLP:GREEN region report here)
}
# Paths that are not lists of region data, with the test that covers them.
OTHER_PATHS = {
    "/api/v1/": "test_root_lists_the_resources",
    "/api/v1/progress/{id}/status-updates/": "test_write.py",
}


def _schema_paths():
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return json.loads(response.content)["paths"]


def test_every_endpoint_has_a_case(db):
    listed = {p for p in _schema_paths() if not p.endswith("}/")}
    missing = sorted(listed - set(ENDPOINTS) - set(OTHER_PATHS))
    assert not missing, f"API endpoints without a case in test_endpoints.py: {missing}"


def test_openapi_and_docs_are_public_and_use_own_static_files(db):
    docs = Client().get("/api/v1/docs/")
    assert docs.status_code == 200
    body = docs.content.decode()
    assert "/static/" in body and "googleapis" not in body and "cdn" not in body.lower()


def test_root_lists_the_resources(world):
    _token, secret = api_token_create(user=world.users["board"], name="x", actor=None)
    links = Client().get("/api/v1/", **bearer(secret)).json()
    assert links["facts"].endswith("/api/v1/facts/")


def _world_with_progress(listed):
    world = listed
    item = world.extra["items"][0]
    status_update_record(
        item=item,
        municipality=world.mun_a,
        actor=world.users["contact"],
        expected_version=0,
        status=Status.IN_PROGRESS,
        explanation="Noodstroom besteld",
        bottleneck="Geen budget",
        bottleneck_party="region",
    )
    measurement_round = round_create(
        region=world.region,
        name="Najaar 2025",
        opens_on=dt.date(2025, 10, 1),
        deadline=dt.date(2025, 11, 1),
        actor=world.users["cfg"],
    )
    round_close(measurement_round=measurement_round, actor=world.users["cfg"])
    _other_apps(world)
    return world


def _other_apps(world):
    from paraat.core.tlp import TLP
    from paraat.knowledge.factories import KnowledgeItemFactory
    from paraat.programme.factories import ActivityFactory, RiskFactory
    from paraat.reports.models import ReportFormat, ReportKind, ReportRun, RunStatus
    from paraat.supportpoints.factories import SupportPointFactory

    SupportPointFactory(region=world.region, municipality=world.mun_a, name="Dorpshuis")
    ActivityFactory(region=world.region, title="Oefening noodstroom")
    RiskFactory(region=world.region, title="Te weinig aggregaten")
    KnowledgeItemFactory(region=world.region, tlp=TLP.GREEN, title="Noodstroom in de praktijk")
    ReportRun.objects.create(
        region=world.region,
        kind=ReportKind.PROGRESS,
        format=ReportFormat.PDF,
        tlp=TLP.GREEN,
        status=RunStatus.DONE,
        requested_by=world.users["coordinator"],
        parameters={"audience": "steering"},
    )


@pytest.mark.parametrize("path", sorted(ENDPOINTS))
def test_each_persona_sees_its_own_regions_rows_only(listed, path):
    world = _world_with_progress(listed)
    problems = []
    for persona in ALL_PERSONAS:
        if persona == ANONYMOUS:
            response = Client().get(path)
            if response.status_code != 401:
                problems.append(f"anonymous: {response.status_code}")
            continue
        _token, secret = api_token_create(user=world.users[persona], name="t", actor=None)
        response = Client().get(path, **bearer(secret))
        if response.status_code != 200:
            problems.append(f"{persona}: {response.status_code}")
            continue
        rows = response.json()["results"]
        text = json.dumps(rows)
        sees_own = any(c in text for c in ('"VR90"', '"GM9001"', '"GM9002"')) or (
            path in ("/api/v1/categories/", "/api/v1/action-items/", "/api/v1/rounds/")
            and any(r.get("region_code") == "VR90" for r in rows)
        )
        if sees_own != (persona in ENDPOINTS[path]):
            problems.append(f"{persona}: sees VR90 rows = {sees_own}")
        if "VR91" in text and persona != "outsider":
            problems.append(f"{persona}: sees the other region")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("shared", [False, True])
def test_progress_text_exactly_as_the_dashboard_shows_it(listed, shared):
    """The one confidentiality rule: the API drops a municipality's text exactly where the
    dashboard's municipality page hides it (and shows it where the update is shared)."""
    world = _world_with_progress(listed)
    item = world.extra["items"][1]
    status_update_record(
        item=item,
        municipality=world.mun_b,
        actor=world.users["other_contact"],
        expected_version=0,
        status=Status.STARTED,
        explanation="Beedorp zoekt een locatie",
        shared_with_region=shared,
    )
    seen = {}
    for persona in sorted(MEMBERS):
        _token, secret = api_token_create(user=world.users[persona], name="t", actor=None)
        rows = Client().get("/api/v1/progress/?municipality=GM9002", **bearer(secret)).json()
        rows = rows["results"]
        assert [r["status"] for r in rows] == ["started"], persona
        page = Client()
        page.force_login(world.users[persona])
        html = page.get(
            f"/{world.region.slug}/dashboard/municipality/{world.mun_b.code}/"
        ).content.decode()
        on_page = "Beedorp zoekt een locatie" in html
        in_api = rows[0].get("explanation") == "Beedorp zoekt een locatie"
        assert in_api == on_page, f"{persona}: api {in_api}, page {on_page}"
        seen[persona] = in_api
    # Stated literally: who reads another municipality's unshared text.
    readers = {"admin", "coordinator", "cfg", "other_contact", "steering", "board"}
    assert {p for p, v in seen.items() if v} == (set(MEMBERS) if shared else readers)


def test_facts_json_csv_and_pagination(listed, monkeypatch):
    world = _world_with_progress(listed)
    _token, secret = api_token_create(user=world.users["board"], name="t", actor=None)
    data = Client().get("/api/v1/facts/?region=vr90", **bearer(secret)).json()
    rows = data["results"]
    # One closed round and live, 2 municipalities × 2 items each.
    assert len(rows) == 8
    closed = [r for r in rows if r["round_id"] != "live"]
    live = [r for r in rows if r["round_id"] == "live"]
    assert {r["round_name"] for r in closed} == {"Najaar 2025"}
    a11 = next(r for r in live if r["municipality_code"] == "GM9001" and r["item_number"] == "1.1")
    assert a11["status"] == "in_progress" and a11["is_due"] and a11["is_overdue"]
    assert a11["region_code"] == "VR90" and a11["category"] == "Continuïteit"
    b12 = next(r for r in live if r["municipality_code"] == "GM9002" and r["item_number"] == "1.2")
    assert b12["status"] == "not_started" and not b12["is_due"]

    response = Client().get("/api/v1/facts/?format=csv", **bearer(secret))
    body = response.content.decode("utf-8")
    assert response["Content-Type"].startswith("text/csv")
    assert body.startswith("\ufeffround_id;round_name;")
    assert len(body.strip().splitlines()) == 9
    comma = Client().get("/api/v1/facts/?format=csv&delimiter=comma", **bearer(secret))
    assert comma.content.decode().startswith("\ufeffround_id,round_name,")

    monkeypatch.setattr("paraat.api.views.FACTS_PAGE", 3)
    seen, url, pages = [], "/api/v1/facts/", 0
    while url:
        response = Client().get(url, **bearer(secret))
        page = response.json()
        seen.extend(page["results"])
        url = page["next"]
        pages += 1
        if url:
            assert response["Link"] == f'<{url}>; rel="next"'
    assert pages == 3 and seen == rows


def test_a_closed_rounds_facts_do_not_change_when_the_live_list_does(listed):
    world = _world_with_progress(listed)
    _token, secret = api_token_create(user=world.users["board"], name="t", actor=None)
    closed = lambda: [  # noqa: E731
        r
        for r in Client().get("/api/v1/facts/", **bearer(secret)).json()["results"]
        if r["round_id"] != "live"
    ]
    before = closed()
    item = world.extra["items"][0]
    progress = ItemProgress.objects.get(item=item, municipality=world.mun_a)
    status_update_record(
        item=item,
        municipality=world.mun_a,
        actor=world.users["contact"],
        expected_version=progress.version,
        status=Status.ACHIEVED,
    )
    item.text = "Anders geformuleerd"
    item.due_year = 2031
    item.save()
    assert closed() == before


def test_changed_since_filters_progress(listed):
    world = _world_with_progress(listed)
    _token, secret = api_token_create(user=world.users["cfg"], name="t", actor=None)
    later = (timezone.now() + dt.timedelta(minutes=5)).isoformat()
    url = "/api/v1/progress/?changed_since="
    assert Client().get(url + later.replace("+", "%2B"), **bearer(secret)).json()["results"] == []
    assert Client().get(url + "2000-01-01T00:00:00Z", **bearer(secret)).json()["results"]
    assert Client().get(url + "gisteren", **bearer(secret)).status_code == 400


@pytest.mark.parametrize("label", ["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"])
def test_knowledge_items_are_those_the_knowledge_page_lists_under_every_tlp_label(world, label):
    from paraat.knowledge.factories import KnowledgeItemFactory

    author = world.users["contact"]
    KnowledgeItemFactory(
        region=world.region,
        tlp=label,
        title=f"Geheim {label}",
        created_by=author,
        recipients=[world.users["cfg"]] if label == "RED" else None,
    )
    for persona in sorted(MEMBERS | {"national", "outsider"}):
        _token, secret = api_token_create(user=world.users[persona], name="t", actor=None)
        rows = Client().get("/api/v1/knowledge-items/", **bearer(secret)).json()["results"]
        in_api = any(r["title"] == f"Geheim {label}" for r in rows)
        page = Client()
        page.force_login(world.users[persona])
        response = page.get(f"/{world.region.slug}/knowledge/")
        on_page = response.status_code == 200 and f"Geheim {label}" in response.content.decode()
        assert in_api == on_page, f"{persona} {label}: api {in_api}, page {on_page}"


@pytest.mark.parametrize("resource", ["municipalities", "regions"])
@pytest.mark.parametrize("code", ["GM.0200", "x\u00ce\u00ccd.\u00bb", "..", "GM0200.json"])
def test_a_code_with_a_dot_is_a_problem_json_404_not_a_server_error(world, resource, code):
    """Regression (schemathesis): a code with a dot fell through to the site's HTML 404 page,
    which answered 500 where static files were not collected."""
    from urllib.parse import quote

    _token, secret = api_token_create(user=world.users["board"], name="t", actor=None)
    client = Client(raise_request_exception=True)
    response = client.get(f"/api/v1/{resource}/{quote(code)}/", **bearer(secret))
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 404


def test_unknown_api_paths_answer_problem_json_and_a_missing_slash_is_added(world):
    _token, secret = api_token_create(user=world.users["board"], name="t", actor=None)
    unknown = Client().get("/api/v1/no-such-thing/x.y/", **bearer(secret))
    assert unknown.status_code == 404
    assert unknown["Content-Type"] == "application/problem+json"
    redirect = Client().get("/api/v1/municipalities?region=VR90", **bearer(secret))
    assert redirect.status_code == 301
    assert redirect["Location"] == "/api/v1/municipalities/?region=VR90"
    found = Client().get("/api/v1/municipalities/GM9001/", **bearer(secret))
    assert found.status_code == 200 and found.json()["code"] == "GM9001"


def test_municipalities_say_which_were_merged_away_and_can_leave_them_out(world):
    """A municipality merged away by a reorganisation stays in the API (older rounds' facts
    name it), marked with the day; `?current=true` leaves it out, `?current=false` shows only
    such municipalities, anything else is a 400."""
    world.mun_b.archived_on = dt.date(2026, 1, 1)
    world.mun_b.save()
    _token, secret = api_token_create(user=world.users["board"], name="t", actor=None)

    def codes(query: str) -> dict[str, str | None]:
        response = Client().get(f"/api/v1/municipalities/{query}", **bearer(secret))
        assert response.status_code == 200, response.content
        return {m["code"]: m["archived_on"] for m in response.json()["results"]}

    everything = codes("?region=VR90")
    assert everything[world.mun_a.code] is None
    assert everything[world.mun_b.code] == "2026-01-01"
    assert world.mun_b.code not in codes("?region=VR90&current=true")
    assert world.mun_a.code in codes("?region=VR90&current=true")
    assert set(codes("?region=VR90&current=false")) == {world.mun_b.code}
    refused = Client().get("/api/v1/municipalities/?current=soms", **bearer(secret))
    assert refused.status_code == 400
    assert [p["name"] for p in refused.json()["invalidParams"]] == ["current"]
    # its own address still answers
    one = Client().get(f"/api/v1/municipalities/{world.mun_b.code}/?current=true", **bearer(secret))
    assert one.status_code == 200
