"""A municipal system records its municipality's status through the API: same service, same
audit, optimistic locking with 412."""

from django.test import Client

from paraat.agreements.models import ItemProgress, Status
from paraat.agreements.services import status_update_record
from paraat.api.services import api_token_create
from paraat.audit.models import AuditEvent

from .conftest import bearer


def _progress(world):
    item = world.extra["items"][0]
    status_update_record(
        item=item,
        municipality=world.mun_a,
        actor=world.users["contact"],
        expected_version=0,
        status=Status.STARTED,
    )
    return ItemProgress.objects.get(item=item, municipality=world.mun_a)


def test_write_token_records_a_status_update_seen_on_the_dashboard_and_audited(listed):
    world = listed
    progress = _progress(world)
    _token, secret = api_token_create(
        user=world.users["contact"], name="Zaaksysteem", can_write=True, actor=None
    )
    response = Client().post(
        f"/api/v1/progress/{progress.pk}/status-updates/",
        {"status": "in_progress", "explanation": "Via het zaaksysteem"},
        content_type="application/json",
        HTTP_IF_MATCH=f'"{progress.version}"',
        **bearer(secret),
    )
    assert response.status_code == 201, response.content
    assert response["ETag"] == f'"{progress.version + 1}"'
    progress.refresh_from_db()
    assert progress.status == Status.IN_PROGRESS
    assert progress.latest.created_by == world.users["contact"]
    assert AuditEvent.objects.filter(detail__api_token__startswith="Zaaksysteem").exists()
    client = Client()
    client.force_login(world.users["cfg"])
    page = client.get(f"/{world.region.slug}/dashboard/municipality/{world.mun_a.code}/")
    assert page.status_code == 200
    assert "Via het zaaksysteem" in page.content.decode()


def test_a_stale_version_is_refused_with_412_and_the_current_version(listed):
    world = listed
    progress = _progress(world)
    _token, secret = api_token_create(
        user=world.users["contact"], name="z", can_write=True, actor=None
    )
    response = Client().post(
        f"/api/v1/progress/{progress.pk}/status-updates/",
        {"status": "in_progress", "version": progress.version - 1},
        content_type="application/json",
        **bearer(secret),
    )
    assert response.status_code == 412
    assert response.json()["currentVersion"] == progress.version
    progress.refresh_from_db()
    assert progress.status == Status.STARTED


def test_read_token_other_municipality_and_bad_moves_are_refused(listed):
    world = listed
    progress = _progress(world)
    url = f"/api/v1/progress/{progress.pk}/status-updates/"
    body = {"status": "in_progress", "version": progress.version}
    _t, read_only = api_token_create(user=world.users["contact"], name="r", actor=None)
    refused = Client().post(url, body, content_type="application/json", **bearer(read_only))
    assert refused.status_code == 403
    _t, other = api_token_create(
        user=world.users["other_contact"], name="o", can_write=True, actor=None
    )
    refused = Client().post(url, body, content_type="application/json", **bearer(other))
    assert refused.status_code == 403
    assert refused["Content-Type"] == "application/problem+json"
    _t, own = api_token_create(user=world.users["contact"], name="w", can_write=True, actor=None)
    bad = Client().post(
        url,
        {"status": "gereed", "version": progress.version},
        content_type="application/json",
        **bearer(own),
    )
    assert bad.status_code == 400
    assert bad.json()["invalidParams"][0]["name"] == "status"
    progress.refresh_from_db()
    assert progress.version == 1
