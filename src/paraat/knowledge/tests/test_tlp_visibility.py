"""Every role signs in and finds exactly what TLP allows: in the list, the count, the search,
by direct address and by attachment address. Nothing else, not even a title."""

import re

import pytest

from django.test import Client
from django.urls import reverse

VISIBLE = {
    "admin": {"clear", "green", "amber_a", "strict_region"},
    "coordinator": {"clear", "green", "amber_a", "strict_region", "red_b"},
    "cfg": {"clear", "green", "amber_a", "strict_region"},
    "contact": {"clear", "green", "amber_a", "strict_a"},
    "other_contact": {"clear", "green", "red_b"},
    "theme_lead": {"clear", "green", "strict_region"},
    "steering": {"clear", "green"},
    "board": {"clear", "green"},
    "partner": {"clear", "green", "strict_partner"},
}
ALL_KEYS = {"clear", "green", "amber_a", "strict_a", "strict_region", "strict_partner", "red_b"}


def _client(world, persona):
    client = Client()
    client.force_login(world.users[persona])
    return client


def _titles_in(html: str) -> set[str]:
    return {key for key in ALL_KEYS if f"Titel {key}<" in html or f"Titel {key} " in html}


@pytest.mark.parametrize("persona", sorted(VISIBLE))
def test_each_role_lists_and_counts_only_what_tlp_allows(world, library, persona):
    response = _client(world, persona).get(reverse("knowledge:index", args=[world.region.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    assert _titles_in(html) == VISIBLE[persona]
    n = len(VISIBLE[persona])
    assert f"{n} kennisitems" in html
    assert "Titel elders" not in html


@pytest.mark.parametrize("persona", sorted(VISIBLE))
def test_each_role_finds_in_search_only_what_tlp_allows(world, library, persona):
    url = reverse("knowledge:index", args=[world.region.slug])
    response = _client(world, persona).get(url, {"q": "noodsteunpunt"})
    html = response.content.decode()
    assert _titles_in(html) == VISIBLE[persona]
    assert f"{len(VISIBLE[persona])} kennisitems" in html
    assert "<mark>noodsteunpunten</mark>" in html


@pytest.mark.parametrize("persona", sorted(VISIBLE))
def test_each_role_opens_only_allowed_items_and_files_by_direct_address(world, library, persona):
    client = _client(world, persona)
    for key, item in library.items():
        detail = client.get(reverse("knowledge:item_detail", args=[world.region.slug, item.pk]))
        download = client.get(
            reverse("knowledge:attachment_download", args=[world.region.slug, item.file.pk])
        )
        if key in VISIBLE[persona]:
            assert detail.status_code == 200, key
            assert f"Titel {key}" in detail.content.decode()
            assert download.status_code == 200, key
            assert b"".join(download.streaming_content) == b"hallo"
        else:
            assert detail.status_code == 403, key
            assert f"Titel {key}" not in detail.content.decode()
            assert download.status_code == 403, key


def test_missing_and_hidden_items_answer_the_same(world, library):
    client = _client(world, "other_contact")
    hidden = client.get(
        reverse("knowledge:item_detail", args=[world.region.slug, library["strict_a"].pk])
    )
    missing = client.get(reverse("knowledge:item_detail", args=[world.region.slug, 999999]))
    assert hidden.status_code == missing.status_code == 403
    main = re.compile(rb"<main.*</main>", re.S)
    assert main.search(hidden.content).group() == main.search(missing.content).group()


def test_item_of_another_region_cannot_be_reached_through_this_region(world, library):
    client = _client(world, "admin")
    other = world.extra["elsewhere"]
    response = client.get(reverse("knowledge:item_detail", args=[world.region.slug, other.pk]))
    assert response.status_code == 403


@pytest.mark.parametrize("persona", ["national", "outsider"])
def test_people_outside_the_region_find_nothing(world, library, persona):
    client = _client(world, persona)
    assert client.get(reverse("knowledge:index", args=[world.region.slug])).status_code == 403
    item = library["clear"]
    url = reverse("knowledge:item_detail", args=[world.region.slug, item.pk])
    assert client.get(url).status_code == 403


def test_public_page_shows_only_clear_items_and_only_when_enabled(world, library, client):
    url = reverse("knowledge:public_index", args=[world.region.slug])
    assert client.get(url).status_code == 404
    world.region.public_page_enabled = True
    world.region.save()
    html = client.get(url).content.decode()
    assert _titles_in(html) == {"clear"}
    assert "1 kennisitem" in html
    for key, item in library.items():
        response = client.get(reverse("knowledge:public_item", args=[world.region.slug, item.pk]))
        assert response.status_code == (200 if key == "clear" else 404), key


def test_anonymous_cannot_download_a_clear_items_file(world, library, client):
    world.region.public_page_enabled = True
    world.region.save()
    url = reverse(
        "knowledge:attachment_download", args=[world.region.slug, library["clear"].file.pk]
    )
    response = client.get(url)
    assert response.status_code == 302
    assert "/account/login/" in response["Location"]


def test_search_filters_by_kind_and_organisation_within_visible_items(world, library):
    client = _client(world, "contact")
    url = reverse("knowledge:index", args=[world.region.slug])
    html = client.get(url, {"organisation": f"m{world.mun_a.pk}"}).content.decode()
    assert _titles_in(html) == {"green", "amber_a", "strict_a"}
    # The partner is no choice for her (she sees none of its items) and reveals nothing.
    html = client.get(url, {"organisation": f"p{world.partner_org.pk}"}).content.decode()
    assert "strict_partner" not in html
    assert world.partner_org.name not in html
    html = client.get(url, {"kind": "guidance"}).content.decode()
    assert _titles_in(html) == set()


@pytest.mark.parametrize("persona", [*sorted(VISIBLE), "national", "outsider"])
def test_permission_rule_and_selector_agree(world, library, persona):
    from paraat.knowledge.selectors import items_visible_to

    user = world.users[persona]
    listed = set(items_visible_to(user, world.region).values_list("pk", flat=True))
    for item in library.values():
        assert user.has_perm("knowledge.view_item", item) is (item.pk in listed)
    assert listed == {library[k].pk for k in VISIBLE.get(persona, set())}


def test_filter_choices_reveal_no_category_or_organisation_of_hidden_items(world, library):
    from paraat.knowledge.factories import KnowledgeItemFactory
    from paraat.knowledge.models import TLP

    KnowledgeItemFactory(
        region=world.region,
        title="Geheim",
        category="Geheime categorie",
        tlp=TLP.AMBER_STRICT,
        partner=world.partner_org,
        created_by=world.users["partner"],
    )
    html = (
        _client(world, "contact")
        .get(reverse("knowledge:index", args=[world.region.slug]))
        .content.decode()
    )
    assert "Geheime categorie" not in html
    assert world.partner_org.name not in html
    html = (
        _client(world, "partner")
        .get(reverse("knowledge:index", args=[world.region.slug]))
        .content.decode()
    )
    assert "Geheime categorie" in html


def test_date_filter_narrows_the_visible_items(world, library):
    from datetime import timedelta

    from django.utils import timezone

    old = library["green"]
    old.created_at = timezone.now() - timedelta(days=400)
    old.save()
    url = reverse("knowledge:index", args=[world.region.slug])
    since = (timezone.localdate() - timedelta(days=30)).isoformat()
    html = _client(world, "contact").get(url, {"date_from": since}).content.decode()
    assert _titles_in(html) == VISIBLE["contact"] - {"green"}
