"""Panels: other apps add their piece to a page through a slot (core.extensions.Panel)."""

import pytest

from django.template import Context, Template
from django.test import Client, RequestFactory

from paraat.agreements.factories import ActionItemFactory, AgreementSetFactory, CategoryFactory
from paraat.programme.factories import ActivityFactory


@pytest.fixture
def item(world):
    agreement_set = AgreementSetFactory(region=world.region)
    item = ActionItemFactory(category=CategoryFactory(agreement_set=agreement_set), number="3.1")
    activity = ActivityFactory(table__region=world.region, title="Oefening stroomuitval")
    activity.action_items.add(item)
    return item


def _page(world, persona, item):
    client = Client()
    client.force_login(world.users[persona])
    response = client.get(f"/{world.region.slug}/agreements/items/{item.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_action_item_page_shows_programme_then_knowledge_panel(world, item):
    html = _page(world, "coordinator", item)
    activities = html.index("Activiteiten die dit uitvoeren")
    knowledge = html.index("Kennis bij dit actiepunt")
    assert activities < knowledge  # the panels' order, not the apps' order
    assert "Oefening stroomuitval" in html


def test_a_slot_shows_no_panel_a_reader_may_not_see(world, item):
    request = RequestFactory().get("/")
    request.user = world.users["outsider"]  # administrator of another region
    template = Template('{% load panels %}[{% panels "item_detail.side" item=item %}]')
    assert template.render(Context({"request": request, "item": item})) == "[]"


def test_panels_add_no_query_per_panel_call(world, item, django_assert_max_num_queries):
    client = Client()
    client.force_login(world.users["coordinator"])
    url = f"/{world.region.slug}/agreements/items/{item.pk}/"
    client.get(url)
    with django_assert_max_num_queries(40):
        assert client.get(url).status_code == 200
