"""Search finds Dutch word forms, on PostgreSQL (dutch config) and SQLite (FTS5 + stemmer).
Run this file with and without DATABASE_URL: both back ends must pass."""

import pytest

from django.test import Client
from django.urls import reverse

from paraat.knowledge import search
from paraat.knowledge.factories import KnowledgeItemFactory
from paraat.knowledge.models import TLP, Kind
from paraat.knowledge.selectors import item_search, similar_answered

# Stems as PostgreSQL 15's `dutch` configuration makes them (`ts_lexize('dutch_stem', word)`),
# written out: SQLite's search must stem exactly so.
DUTCH_STEMS = [
    ("noodsteunpunten", "noodsteunpunt"),
    ("noodsteunpunt", "noodsteunpunt"),
    ("gemeenten", "gemeent"),
    ("gemeente", "gemeent"),
    ("mogelijkheden", "mogelijk"),
    ("mogelijkheid", "mogelijk"),
    ("aggregaten", "aggregat"),
    ("aggregaat", "aggregat"),
    ("Crisisorganisatie", "crisisorganisatie"),
    ("bedrijfsprocessen", "bedrijfsprocess"),
    ("bedrijfsproces", "bedrijfsproces"),
    ("dorpshuizen", "dorpshuiz"),
    ("continuïteitsplannen", "continuiteitsplann"),
    ("huisjes", "huisjes"),
]


@pytest.mark.parametrize(("word", "expected"), DUTCH_STEMS)
def test_the_stemmer_is_snowball_dutch(word, expected):
    assert search.stem(word) == expected


@pytest.mark.django_db
def test_the_stemmer_stems_as_postgresql_dutch_does():
    """On PostgreSQL: our stemmer (used on SQLite) and the database's `dutch` agree."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("compares with PostgreSQL's dutch_stem; run with DATABASE_URL")
    words = [w for w, _stem in DUTCH_STEMS]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT w, (ts_lexize('dutch_stem', w))[1] FROM unnest(%s::text[]) AS w", [words]
        )
        theirs = dict(cursor.fetchall())
    assert {w: search.stem(w) for w in words} == {w: theirs[w] for w in words}


@pytest.fixture
def items(world):
    u = world.users["coordinator"]
    one = KnowledgeItemFactory(
        region=world.region,
        title="Inrichting van een noodsteunpunt",
        summary="Het noodsteunpunt in het dorpshuis.",
        body="",
        created_by=u,
    )
    many = KnowledgeItemFactory(
        region=world.region,
        title="Ervaringen met noodsteunpunten",
        summary="Drie gemeenten openden hun noodsteunpunten.",
        body="",
        created_by=u,
    )
    unrelated = KnowledgeItemFactory(
        region=world.region,
        title="Continuïteitsplan",
        summary="Over bedrijfsprocessen.",
        body="",
        created_by=u,
    )
    return one, many, unrelated


def _found(world, q, persona="coordinator", **filters):
    result = item_search(user=world.users[persona], region=world.region, q=q, **filters)
    return [i.title for i in result.page.object_list], result


def test_plural_query_finds_singular_and_plural(world, items):
    titles, result = _found(world, "noodsteunpunten")
    assert set(titles) == {items[0].title, items[1].title}
    assert result.total == 2


def test_singular_query_finds_plural_and_singular(world, items):
    titles, _result = _found(world, "noodsteunpunt")
    assert set(titles) == {items[0].title, items[1].title}


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("noodsteunpunten", {"Inrichting van een noodsteunpunt", "Ervaringen met noodsteunpunten"}),
        ("noodsteunpunt", {"Inrichting van een noodsteunpunt", "Ervaringen met noodsteunpunten"}),
        ("gemeente", {"Ervaringen met noodsteunpunten"}),
        ("dorpshuizen", set()),
        ("dorpshuis", {"Inrichting van een noodsteunpunt"}),
        ("bedrijfsprocessen", {"Continuïteitsplan"}),
        ("Continuïteitsplan", {"Continuïteitsplan"}),
    ],
)
def test_the_same_queries_find_the_same_items_on_either_database(world, items, q, expected):
    """Run with and without DATABASE_URL: SQLite (FTS5 + Snowball) and PostgreSQL (`dutch`)."""
    titles, _result = _found(world, q)
    assert set(titles) == expected


def test_every_word_must_match(world, items):
    titles, _result = _found(world, "noodsteunpunten dorpshuis")
    assert titles == [items[0].title]


def test_matches_are_highlighted_and_escaped(world):
    KnowledgeItemFactory(
        region=world.region,
        title="<b>Noodsteunpunten</b> & meer",
        summary="Over noodsteunpunt <script>alert(1)</script>",
        body="",
        created_by=world.users["coordinator"],
    )
    _titles, result = _found(world, "noodsteunpunt")
    item = result.page.object_list[0]
    assert "<mark>Noodsteunpunten</mark>" in item.title_html
    assert "&lt;b&gt;" in item.title_html
    assert "<script>" not in item.snippet_html
    assert "<mark>noodsteunpunt</mark>" in item.snippet_html


def test_search_combines_with_filters(world, items):
    KnowledgeItemFactory(
        region=world.region,
        title="Handreiking noodsteunpunten",
        summary="x",
        kind=Kind.GUIDANCE,
        created_by=world.users["coordinator"],
    )
    titles, _result = _found(world, "noodsteunpunt", kind=Kind.GUIDANCE)
    assert titles == ["Handreiking noodsteunpunten"]


def test_search_never_returns_an_item_the_reader_may_not_see(world, items):
    KnowledgeItemFactory(
        region=world.region,
        title="Geheime noodsteunpunten",
        summary="x",
        tlp=TLP.AMBER_STRICT,
        municipality=world.mun_a,
        created_by=world.users["contact"],
    )
    titles, result = _found(world, "noodsteunpunten", persona="other_contact")
    assert "Geheime noodsteunpunten" not in titles
    assert result.total == 2
    titles, _result = _found(world, "noodsteunpunten", persona="contact")
    assert "Geheime noodsteunpunten" in titles


def test_an_edited_item_is_found_by_its_new_words(world, items):
    from paraat.knowledge import services

    services.item_update(
        item=items[2],
        actor=world.users["coordinator"],
        version=items[2].version,
        fields={"summary": "Nu ook over noodsteunpunten."},
    )
    titles, _result = _found(world, "noodsteunpunt")
    assert items[2].title in titles


def test_similar_answered_questions_are_only_visible_qa_items(world, items):
    KnowledgeItemFactory(
        region=world.region,
        title="Hoeveel noodsteunpunten per gemeente?",
        summary="Vuistregel",
        kind=Kind.QA,
        created_by=world.users["coordinator"],
    )
    KnowledgeItemFactory(
        region=world.region,
        title="Geheime vraag over noodsteunpunten",
        summary="x",
        kind=Kind.QA,
        tlp=TLP.AMBER_STRICT,
        municipality=world.mun_b,
        created_by=world.users["other_contact"],
    )
    found = similar_answered(
        user=world.users["contact"], region=world.region, text="Hoeveel noodsteunp"
    )
    assert [i.title for i in found] == ["Hoeveel noodsteunpunten per gemeente?"]


def test_search_page_answers_htmx_with_only_the_results(world, items):
    client = Client()
    client.force_login(world.users["contact"])
    url = reverse("knowledge:index", args=[world.region.slug])
    response = client.get(
        url, {"q": "noodsteunpunten"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="search-results"
    )
    html = response.content.decode()
    assert html.strip().startswith('<div id="search-results"')
    assert "<mark>" in html
    assert "<h1>" not in html


@pytest.mark.parametrize("n", [3, 30])
def test_search_page_query_count_does_not_grow_with_items(world, django_assert_max_num_queries, n):
    for i in range(n):
        KnowledgeItemFactory(
            region=world.region,
            title=f"Noodsteunpunten {i}",
            municipality=world.mun_a,
            created_by=world.users["contact"],
        )
    client = Client()
    client.force_login(world.users["contact"])
    url = reverse("knowledge:index", args=[world.region.slug])
    with django_assert_max_num_queries(16):
        assert client.get(url, {"q": "noodsteunpunt"}).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(url).status_code == 200
