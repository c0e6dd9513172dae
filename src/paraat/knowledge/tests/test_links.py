"""Knowledge linked to the action list (categories, action items) and the desk to theme
tables: the data migration, forms limited to the region, filters, the action item's page
include (TLP-respecting) and who may answer which routed question."""

import importlib

import pytest

from django.apps import apps
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import reverse

from paraat.agreements.factories import AgreementSetFactory, CategoryFactory
from paraat.knowledge import selectors, services
from paraat.knowledge.factories import KnowledgeItemFactory, QuestionFactory
from paraat.knowledge.models import TLP, KnowledgeItem, QuestionStatus
from paraat.knowledge.tests.links import make_action_list
from paraat.programme.factories import ThemeTableFactory

migration = importlib.import_module("paraat.knowledge.migrations.0004_link_free_text")


def _client(world, persona):
    client = Client()
    client.force_login(world.users[persona])
    return client


# --- the data migration --------------------------------------------------------------------


def test_migration_links_matching_free_text_and_keeps_what_does_not_match(world):
    links = make_action_list(world)
    author = world.users["contact"]
    matched = KnowledgeItemFactory(
        region=world.region, created_by=author, category="noodsteunPUNTEN", action_items="3.1, 9.9"
    )
    unmatched = KnowledgeItemFactory(
        region=world.region, created_by=author, category="Iets anders", action_items="7.7"
    )
    # Same name in another region: not a match (categories are the region's own).
    elsewhere = KnowledgeItemFactory(
        region=world.other_region, created_by=author, category="Noodsteunpunten"
    )
    routed = QuestionFactory(
        region=world.region, category="Crisiscommunicatie", theme="thematafel nsp"
    )
    kept = QuestionFactory(region=world.region, category="Onbekend", theme="Oude tafel")

    migration.forwards(apps, None)

    for obj in (matched, unmatched, elsewhere, routed, kept):
        obj.refresh_from_db()
    assert list(matched.categories.all()) == [links.nsp]
    assert matched.category == ""
    assert list(matched.related_action_items.all()) == [links.item_31]
    assert matched.action_items == "9.9"  # the number that did not match is kept
    assert not unmatched.categories.exists() and unmatched.category == "Iets anders"
    assert unmatched.action_items == "7.7"
    assert not elsewhere.categories.exists() and elsewhere.category == "Noodsteunpunten"
    assert (routed.action_category, routed.category) == (links.comms, "")
    assert (routed.table, routed.theme) == (links.own_table, "")
    assert (kept.action_category, kept.category) == (None, "Onbekend")
    assert (kept.table, kept.theme) == (None, "Oude tafel")


def test_migration_backwards_puts_the_names_back(world):
    links = make_action_list(world)
    item = KnowledgeItemFactory(region=world.region, created_by=world.users["contact"])
    item.categories.add(links.nsp)
    item.related_action_items.add(links.item_32)
    question = QuestionFactory(
        region=world.region, action_category=links.nsp, table=links.own_table
    )
    migration.backwards(apps, None)
    item.refresh_from_db()
    question.refresh_from_db()
    assert (item.category, item.action_items) == ("Noodsteunpunten", "3.2")
    assert (question.category, question.theme) == ("Noodsteunpunten", "Thematafel NSP")


# --- sharing and filtering -----------------------------------------------------------------


def test_sharing_links_categories_and_action_items_of_the_own_region(world):
    links = make_action_list(world)
    response = _client(world, "contact").post(
        reverse("knowledge:item_create", args=[world.region.slug]),
        {
            "title": "Noodsteunpunt in de sporthal",
            "summary": "Zo deden wij het.",
            "kind": "good_practice",
            "tlp": "GREEN",
            "categories": [links.nsp.pk],
            "related_action_items": [links.item_31.pk, links.item_32.pk],
        },
    )
    assert response.status_code == 302
    item = KnowledgeItem.objects.get(title="Noodsteunpunt in de sporthal")
    assert list(item.categories.all()) == [links.nsp]
    assert set(item.related_action_items.all()) == {links.item_31, links.item_32}
    page = _client(world, "other_contact").get(
        reverse("knowledge:item_detail", args=[world.region.slug, item.pk])
    )
    html = page.content.decode()
    assert "Noodsteunpunten" in html
    assert reverse("agreements:item_detail", args=[world.region.slug, links.item_31.pk]) in html


def test_a_category_of_another_region_is_refused_and_nothing_is_saved(world):
    make_action_list(world)
    foreign = CategoryFactory(
        agreement_set=AgreementSetFactory(region=world.other_region), name="Elders"
    )
    response = _client(world, "contact").post(
        reverse("knowledge:item_create", args=[world.region.slug]),
        {
            "title": "Poging",
            "summary": "x",
            "kind": "good_practice",
            "tlp": "GREEN",
            "categories": [foreign.pk],
        },
    )
    assert response.status_code == 200
    assert "categories" in response.context["form"].errors
    assert not KnowledgeItem.objects.filter(title="Poging").exists()


def test_the_form_offers_only_the_current_action_list_of_the_region(world):
    links = make_action_list(world)
    old = CategoryFactory(
        agreement_set=AgreementSetFactory(
            region=world.region, name="Afspraken 2022", is_current=False
        ),
        name="Oud",
    )
    response = _client(world, "contact").get(
        reverse("knowledge:item_create", args=[world.region.slug])
    )
    form = response.context["form"]
    assert set(form.fields["categories"].queryset) == {links.nsp, links.comms}
    assert old not in form.fields["categories"].queryset
    assert set(form.fields["related_action_items"].queryset) == {
        links.item_31,
        links.item_32,
        links.item_41,
    }


def test_category_filter_uses_the_action_list_and_shows_no_hidden_category(world):
    links = make_action_list(world)
    u = world.users
    shown = KnowledgeItemFactory(region=world.region, created_by=u["contact"], tlp=TLP.GREEN)
    shown.categories.add(links.nsp)
    hidden = KnowledgeItemFactory(
        region=world.region,
        created_by=u["contact"],
        tlp=TLP.AMBER_STRICT,
        municipality=world.mun_a,
    )
    hidden.categories.add(links.comms)
    options = selectors.item_filter_options(user=u["other_contact"], region=world.region)
    assert options["categories"] == [(str(links.nsp.pk), "Noodsteunpunten")]
    response = _client(world, "other_contact").get(
        reverse("knowledge:index", args=[world.region.slug]), {"category": links.nsp.pk}
    )
    assert list(response.context["result"].page.object_list) == [shown]
    response = _client(world, "contact").get(
        reverse("knowledge:index", args=[world.region.slug]), {"category": links.comms.pk}
    )
    assert list(response.context["result"].page.object_list) == [hidden]


# --- the action item's page ----------------------------------------------------------------


@pytest.fixture
def helps(world):
    links = make_action_list(world)
    u = world.users
    linked_green = KnowledgeItemFactory(
        region=world.region, title="Gekoppeld groen", created_by=u["contact"], tlp=TLP.GREEN
    )
    linked_strict = KnowledgeItemFactory(
        region=world.region,
        title="Gekoppeld streng",
        created_by=u["contact"],
        tlp=TLP.AMBER_STRICT,
        municipality=world.mun_a,
    )
    similar = KnowledgeItemFactory(
        region=world.region, title="Zelfde categorie", created_by=u["contact"], tlp=TLP.GREEN
    )
    similar_hidden = KnowledgeItemFactory(
        region=world.region,
        title="Zelfde categorie geheim",
        created_by=u["coordinator"],
        tlp=TLP.RED,
    )
    for item in (linked_green, linked_strict):
        item.related_action_items.add(links.item_31)
    for item in (similar, similar_hidden):
        item.categories.add(links.nsp)
    return links


def _render_for(world, persona, action_item):
    request = RequestFactory().get("/")
    request.user = world.users[persona]
    template = Template('{% load panels %}{% panels "track.side" item=item %}')
    return template.render(Context({"request": request, "item": action_item}))


def test_action_item_shows_linked_and_similar_items_the_reader_may_see(world, helps):
    html = _render_for(world, "contact", helps.item_31)
    assert "Gekoppeld groen" in html and "Gekoppeld streng" in html
    assert "Zelfde categorie" in html
    assert "Zelfde categorie geheim" not in html  # TLP:RED, not named
    other = _render_for(world, "other_contact", helps.item_31)
    assert "Gekoppeld groen" in other
    assert "Gekoppeld streng" not in other  # AMBER+STRICT of another municipality
    assert "Zelfde categorie geheim" not in other


def test_an_outsider_sees_no_knowledge_block_on_an_action_item(world, helps):
    assert _render_for(world, "outsider", helps.item_31).strip() == ""


def test_selectors_for_action_item_use_the_links(world, helps):
    coordinator = world.users["coordinator"]
    linked = selectors.items_for_action_item(user=coordinator, action_item=helps.item_31)
    assert {i.title for i in linked} == {"Gekoppeld groen"}  # STRICT of mun A: not for staff
    similar = selectors.similar_items(user=coordinator, action_item=helps.item_31, exclude=linked)
    assert {i.title for i in similar} >= {"Zelfde categorie", "Zelfde categorie geheim"}
    assert not selectors.items_for_action_item(user=coordinator, action_item=helps.item_41)


def test_action_item_block_has_bounded_queries(world, helps, django_assert_max_num_queries):
    for _n in range(15):
        KnowledgeItemFactory(
            region=world.region, created_by=world.users["contact"]
        ).related_action_items.add(helps.item_31)
    with django_assert_max_num_queries(12):
        _render_for(world, "contact", helps.item_31)


# --- the desk and theme tables -------------------------------------------------------------


def test_suggested_table_falls_back_to_a_table_named_like_the_category(world):
    links = make_action_list(world)
    named = ThemeTableFactory(region=world.region, name="crisiscommunicatie")
    question = services.question_ask(
        region=world.region,
        actor=world.users["contact"],
        title="Communicatieplan?",
        text="x",
        category=links.comms,
    )
    assert question.table == named
    assert question.status == QuestionStatus.NEW
    none = services.question_ask(
        region=world.region, actor=world.users["contact"], title="Geen", text="x"
    )
    assert none.table is None


def _routed(world, table):
    return QuestionFactory(
        region=world.region,
        municipality=world.mun_a,
        asked_by=world.users["contact"],
        status=QuestionStatus.ASSIGNED,
        table=table,
    )


def test_a_lead_of_another_table_cannot_answer_or_close(world):
    links = make_action_list(world)
    question = _routed(world, links.other_table)
    lead = _client(world, "theme_lead")
    slug = world.region.slug
    response = lead.post(
        reverse("knowledge:question_answer", args=[slug, question.pk]),
        {"answer": "Ik weet het", "version": question.version},
    )
    assert response.status_code == 403
    assert (
        lead.post(reverse("knowledge:question_close", args=[slug, question.pk])).status_code == 403
    )
    page = lead.get(reverse("knowledge:question_detail", args=[slug, question.pk]))
    assert page.status_code == 403  # another table's question is not theirs to read either
    question.refresh_from_db()
    assert question.status == QuestionStatus.ASSIGNED and question.answer == ""
    # An unrouted question is the coordinator's too, not a lead's.
    unrouted = _routed(world, None)
    response = lead.post(
        reverse("knowledge:question_answer", args=[slug, unrouted.pk]),
        {"answer": "x", "version": unrouted.version},
    )
    assert response.status_code == 403


def test_a_lead_answers_own_table_and_the_coordinator_answers_every_table(world):
    links = make_action_list(world)
    slug = world.region.slug
    own = _routed(world, links.own_table)
    other = _routed(world, links.other_table)
    response = _client(world, "theme_lead").post(
        reverse("knowledge:question_answer", args=[slug, own.pk]),
        {"answer": "Zo", "version": own.version},
    )
    assert response.status_code == 302
    response = _client(world, "coordinator").post(
        reverse("knowledge:question_answer", args=[slug, other.pk]),
        {"answer": "Zo", "version": other.version},
    )
    assert response.status_code == 302
    own.refresh_from_db()
    other.refresh_from_db()
    assert own.status == other.status == QuestionStatus.ANSWERED


def test_the_coordinator_reroutes_and_a_table_of_another_region_is_refused(world):
    links = make_action_list(world)
    question = _routed(world, links.own_table)
    foreign = ThemeTableFactory(region=world.other_region, name="Elders")
    coordinator = _client(world, "coordinator")
    url = reverse("knowledge:question_route", args=[world.region.slug, question.pk])
    response = coordinator.post(url, {"table": foreign.pk, "version": question.version})
    assert response.status_code == 400
    question.refresh_from_db()
    assert question.table == links.own_table
    response = coordinator.post(url, {"table": links.other_table.pk, "version": question.version})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.table == links.other_table
    # The lead of the table it left can no longer answer it.
    response = _client(world, "theme_lead").post(
        reverse("knowledge:question_answer", args=[world.region.slug, question.pk]),
        {"answer": "x", "version": question.version},
    )
    assert response.status_code == 403


def test_editing_keeps_links_to_an_earlier_action_list_and_records_them(world):
    links = make_action_list(world)
    old_set = AgreementSetFactory(region=world.region, name="Afspraken 2022", is_current=False)
    old = CategoryFactory(agreement_set=old_set, name="Oud thema")
    item = services.item_create(
        region=world.region,
        actor=world.users["contact"],
        fields={"title": "Plan", "summary": "S", "kind": "guidance", "tlp": TLP.GREEN},
        categories=[old],
        action_items=[links.item_31],
    )
    url = reverse("knowledge:item_edit", args=[world.region.slug, item.pk])
    client = _client(world, "contact")
    form = client.get(url).context["form"]
    assert old in form.fields["categories"].queryset  # still choosable, so not lost on save
    response = client.post(
        url,
        {
            "title": "Plan",
            "summary": "S",
            "kind": "guidance",
            "tlp": "GREEN",
            "categories": [old.pk, links.nsp.pk],
            "related_action_items": [links.item_32.pk],
            "version": item.version,
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert set(item.categories.all()) == {old, links.nsp}
    assert list(item.related_action_items.all()) == [links.item_32]
    previous = item.versions.get()
    assert previous.data["categories"] == ["Oud thema"]
    assert previous.data["related_action_items"] == ["3.1"]
