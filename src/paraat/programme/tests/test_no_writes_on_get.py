"""Reading a page writes nothing (issue 20): the programme's edit form and a table's start
document pages, opened before anything was saved, leave the database as it was; the first
save makes the record, through its service and in the audit trail."""

import pytest

from django.urls import reverse

from paraat.audit.models import AuditEvent
from paraat.programme.models import Programme, StartDocument

from .conftest import login

pytestmark = pytest.mark.django_db


def test_opening_the_programme_form_creates_no_programme(client, world):
    login(client, world, "coordinator")
    url = reverse("programme:programme_edit", args=[world.region.slug])
    response = client.get(url)
    assert response.status_code == 200
    assert Programme.objects.count() == 0
    # The first save makes it, audited, with the version the form was opened with.
    saved = client.post(url, {"vision": "Samen weerbaar", "version": "1"})
    assert saved.status_code == 302
    assert Programme.objects.get(region=world.region).vision == "Samen weerbaar"
    assert AuditEvent.objects.filter(object_type="programme.programme").count() == 1


@pytest.mark.parametrize("name", ["startdoc", "startdoc_edit", "startdoc_compare", "table_detail"])
def test_start_document_pages_of_a_new_table_create_no_document(client, world, tables, name):
    own, _other = tables
    login(client, world, "theme_lead")
    before = StartDocument.objects.count()
    response = client.get(reverse(f"programme:{name}", args=[world.region.slug, own.pk]))
    assert response.status_code == 200
    assert StartDocument.objects.count() == before == 0


def test_a_status_move_of_a_never_saved_document_is_refused_and_writes_nothing(
    client, world, tables
):
    own, _other = tables
    login(client, world, "coordinator")
    url = reverse("programme:startdoc_transition", args=[world.region.slug, own.pk])
    response = client.post(url, {"to_status": "for_decision"}, follow=True)
    assert response.status_code == 200
    assert StartDocument.objects.count() == 0
    assert not AuditEvent.objects.filter(object_type__startswith="programme.startdoc").exists()
