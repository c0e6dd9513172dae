"""Activities carry out the region's own and joint action items of the agreements: linked on the
activity form, shown on the activity pages and on the action item's page."""

import pytest

from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from paraat.agreements.factories import ActionItemFactory, AgreementSetFactory, CategoryFactory
from paraat.agreements.models import OwnerType
from paraat.audit.models import AuditEvent
from paraat.programme.factories import ActivityFactory

from .conftest import login

pytestmark = pytest.mark.django_db


def url(world, name, *args):
    return reverse(f"programme:{name}", args=[world.region.slug, *args])


@pytest.fixture
def items(world):
    category = CategoryFactory(
        agreement_set=AgreementSetFactory(region=world.region, name="Afspraken"), name="Netwerk"
    )
    own = ActionItemFactory(category=category, number="R.1", owner_type=OwnerType.REGION)
    joint = ActionItemFactory(category=category, number="1.3", owner_type=OwnerType.JOINT)
    municipal = ActionItemFactory(
        category=category, number="1.1", owner_type=OwnerType.MUNICIPALITY
    )
    elsewhere = ActionItemFactory(
        category=CategoryFactory(
            agreement_set=AgreementSetFactory(region=world.other_region, name="Elders"),
            name="Netwerk",
        ),
        number="R.9",
        owner_type=OwnerType.REGION,
    )
    return own, joint, municipal, elsewhere


def _form(activity, action_items):
    return {
        "title": activity.title,
        "description": "",
        "owner": "Adviseur",
        "start": "2026-01-01",
        "end": "2026-06-30",
        "status": "started",
        "version": activity.version,
        "action_items": [i.pk for i in action_items],
        "ms-TOTAL_FORMS": "0",
        "ms-INITIAL_FORMS": "0",
    }


@pytest.mark.parametrize("persona", ["coordinator", "theme_lead"])
def test_coordinator_and_table_lead_link_activity_to_own_and_joint_items(
    client, world, tables, items, persona
):
    own_table, _ = tables
    own, joint, _, _ = items
    activity = ActivityFactory(table=own_table)
    login(client, world, persona)
    form = client.get(url(world, "activity_edit", activity.pk)).content.decode()
    assert "R.1" in form and "1.3" in form
    assert "1.1 " not in form  # a municipality's item is not offered
    response = client.post(url(world, "activity_edit", activity.pk), _form(activity, [own, joint]))
    assert response.status_code == 302
    assert set(activity.action_items.all()) == {own, joint}
    event = AuditEvent.objects.filter(object_type="programme.activity", action="update").last()
    assert event.detail["action_items"] == ["1.3", "R.1"]
    assert event.detail["changes"]["action_items"] == [[], ["1.3", "R.1"]]
    page = client.get(url(world, "activity_detail", activity.pk)).content.decode()
    assert reverse("agreements:item_detail", args=[world.region.slug, own.pk]) in page
    listing = client.get(url(world, "activity_list")).content.decode()
    assert reverse("agreements:item_detail", args=[world.region.slug, joint.pk]) in listing


def test_board_member_may_not_link_action_items(client, world, tables, items):
    own_table, _ = tables
    activity = ActivityFactory(table=own_table)
    login(client, world, "board")
    response = client.post(url(world, "activity_edit", activity.pk), _form(activity, [items[0]]))
    assert response.status_code == 403
    assert not activity.action_items.exists()


def test_action_item_of_another_region_is_refused_and_nothing_saved(client, world, tables, items):
    own_table, _ = tables
    own, _, _, elsewhere = items
    activity = ActivityFactory(table=own_table)
    login(client, world, "coordinator")
    response = client.post(
        url(world, "activity_edit", activity.pk), _form(activity, [own, elsewhere])
    )
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert not activity.action_items.exists()


def test_service_refuses_another_regions_item(world, tables, items):
    from django.core.exceptions import ValidationError

    from paraat.programme import services

    activity = ActivityFactory(table=tables[0])
    with pytest.raises(ValidationError):
        services.activity_save(
            activity=activity,
            milestones=[],
            expected_version=activity.version,
            actor=world.users["coordinator"],
            action_items=[items[3]],
        )
    assert not activity.action_items.exists()


def test_service_refuses_a_new_link_to_a_municipal_item(world, tables, items):
    from django.core.exceptions import ValidationError

    from paraat.programme import services

    activity = ActivityFactory(table=tables[0])
    with pytest.raises(ValidationError):
        services.activity_save(
            activity=activity,
            milestones=[],
            expected_version=activity.version,
            actor=world.users["coordinator"],
            action_items=[items[2]],
        )


def test_action_item_page_shows_the_activity_that_carries_it_out(client, world, tables, items):
    own = items[0]
    activity = ActivityFactory(table=tables[0], title="Handreiking schrijven")
    activity.action_items.add(own)
    login(client, world, "coordinator")
    page = client.get(reverse("agreements:item_detail", args=[world.region.slug, own.pk]))
    html = page.content.decode()
    assert "Handreiking schrijven" in html
    assert url(world, "activity_detail", activity.pk) in html


def _render_for(world, persona, action_item):
    request = RequestFactory().get("/")
    request.user = world.users[persona]
    template = Template('{% load panels %}{% panels "item_detail.side" item=item %}')
    return template.render(Context({"request": request, "item": action_item}))


def test_panel_lists_the_activities_for_internal_users_only(world, tables, items):
    own = items[0]
    ActivityFactory(table=tables[0], title="Handreiking schrijven").action_items.add(own)
    assert "Handreiking schrijven" in _render_for(world, "coordinator", own)
    partner = _render_for(world, "partner", own)  # may see the knowledge panel, not this one
    assert "Handreiking schrijven" not in partner and "Activiteiten die" not in partner
    assert _render_for(world, "outsider", own).strip() == ""


def test_activity_pages_stay_bounded_in_queries(
    client, world, tables, items, django_assert_max_num_queries
):
    own, joint, _, _ = items
    for _ in range(12):
        ActivityFactory(table=tables[0]).action_items.add(own, joint)
    login(client, world, "coordinator")
    with django_assert_max_num_queries(30):
        assert client.get(url(world, "activity_list")).status_code == 200


def test_demo_links_example_activities_once_and_skips_without_agreements():
    from paraat.accounts.demo import load_users
    from paraat.agreements.demo import load_demo as load_agreements
    from paraat.programme.demo import load_demo
    from paraat.programme.models import Activity
    from paraat.regions.demo import load_region

    region = load_region()
    load_users(region)
    load_demo(region)  # agreements demo not loaded: no links, no error
    assert not Activity.action_items.through.objects.exists()
    load_agreements(region)
    load_demo(region)
    links = Activity.action_items.through.objects.count()
    assert links >= 3
    load_demo(region)
    assert Activity.action_items.through.objects.count() == links
    numbers = set(
        Activity.objects.filter(region=region).values_list("action_items__number", flat=True)
    )
    assert {"R.1", "4.3"} <= numbers
