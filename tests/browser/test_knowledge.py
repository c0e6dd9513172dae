"""The knowledge platform and desk in a real browser: TLP per demo account, search with Dutch
word forms, and a question that goes from asking to a published Q&A."""

import pytest

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser

AMBER_APELDOORN = "Ervaring: oefening stroomuitval op het gemeentehuis (voorbeeld)"
STRICT_ZUTPHEN = "Sjabloon continuïteitsplan bedrijfsprocessen, concept (voorbeeld)"
RED = "Kwetsbaarheden vitale locaties in de regio (voorbeeld)"


def _switch(page, base, local):
    page.context.clear_cookies()
    sign_in(page, base, local)


@pytest.mark.parametrize(
    ("local", "sees", "does_not_see"),
    [
        ("apeldoorn", [AMBER_APELDOORN], [STRICT_ZUTPHEN, RED]),
        ("zutphen", [STRICT_ZUTPHEN], [AMBER_APELDOORN, RED]),
        ("programma", [AMBER_APELDOORN, RED], [STRICT_ZUTPHEN]),
        ("partner", [], [AMBER_APELDOORN, STRICT_ZUTPHEN, RED]),
    ],
)
def test_each_demo_account_finds_what_its_tlp_allows(demo_site, page, local, sees, does_not_see):
    sign_in(page, demo_site.url, local)
    page.goto(demo_site.url + "/vr06/knowledge/")
    assert_accessible(page)
    listed = page.locator("#search-results").inner_text()
    for title in sees:
        assert title in listed
    for title in does_not_see:
        assert title not in listed
    page.fill("input[name=q]", "stroomuitval")
    page.locator("form[role=search] button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    found = page.locator("#search-results").inner_text()
    for title in does_not_see:
        assert title not in found
    assert_accessible(page)


def test_plural_search_finds_singular_on_the_page(demo_site, page):
    sign_in(page, demo_site.url, "zutphen")
    page.goto(demo_site.url + "/vr06/knowledge/?q=noodsteunpunten")
    text = page.locator("#search-results").inner_text()
    assert "Goed voorbeeld: het dorpshuis als noodsteunpunt (voorbeeld)" in text
    assert page.locator("#search-results mark").count() >= 1


def test_a_question_goes_from_asking_to_a_published_qa(demo_site, page):
    base = demo_site.url
    sign_in(page, base, "apeldoorn")
    page.goto(base + "/vr06/knowledge/desk/ask/")
    page.fill("#id_title", "Hoeveel noodsteunpunten voor een dorp")
    # Similar answered questions appear while typing (HTMX).
    page.locator("#suggestions .suggestions").wait_for()
    assert (
        "Hoeveel noodsteunpunten heeft een gemeente nodig?"
        in page.locator("#suggestions").inner_text()
    )
    assert_accessible(page)
    page.fill("#id_text", "Wij hebben drie kernen. Hoeveel lokale noodsteunpunten zijn nodig?")
    page.select_option(
        "#id_category", label="Gemeentelijke crisisorganisatie en lokale noodsteunpunten"
    )
    page.get_by_role("button", name="Vraag versturen").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "Hoeveel noodsteunpunten voor een dorp"
    question_url = page.url
    assert_accessible(page)

    _switch(page, base, "programma")
    page.goto(base + "/vr06/knowledge/desk/")
    assert_accessible(page)
    page.get_by_role("link", name="Hoeveel noodsteunpunten voor een dorp").click()
    # Suggested from the category (the demo's earlier question went to this table).
    assert page.locator("#id_table option:checked").inner_text() == "Continuïteit bevolkingszorg"
    page.select_option("#id_table", label="Risico- en crisiscommunicatie")
    page.get_by_role("button", name="Doorzetten", exact=True).click()
    page.wait_for_load_state("networkidle")
    facts = page.locator("dl.facts").inner_text()
    assert "toegewezen" in facts and "Risico- en crisiscommunicatie" in facts
    page.fill("#id_answer", "Reken op één noodsteunpunt per kern.")
    page.get_by_role("button", name="Antwoord versturen").click()
    page.wait_for_load_state("networkidle")
    assert "beantwoord" in page.locator("dl.facts").inner_text()
    assert_accessible(page)

    _switch(page, base, "apeldoorn")
    page.goto(question_url)
    assert "Reken op één noodsteunpunt per kern." in page.locator("main").inner_text()
    page.get_by_label("Het antwoord op mijn vraag mag als kennisitem worden gepubliceerd").check()
    page.get_by_role("button", name="Mijn keuze opslaan").click()
    page.wait_for_load_state("networkidle")

    _switch(page, base, "programma")
    page.goto(question_url)
    page.get_by_label("TLP:GREEN", exact=False).check()
    page.get_by_role("button", name="Publiceren").click()
    page.wait_for_load_state("networkidle")
    assert "/vr06/knowledge/" in page.url and "/desk/" not in page.url
    assert page.locator("h1").inner_text() == "Hoeveel noodsteunpunten voor een dorp"
    assert_accessible(page)

    # GREEN: another municipality finds the published answer by a different word form.
    _switch(page, base, "zutphen")
    page.goto(base + "/vr06/knowledge/?q=kernen")
    assert "Hoeveel noodsteunpunten voor een dorp" in page.locator("#search-results").inner_text()


def test_sharing_editing_digest_and_public_pages_pass_axe(demo_site, page):
    from paraat.knowledge.models import KnowledgeItem

    base = demo_site.url
    sign_in(page, base, "apeldoorn")
    page.goto(base + "/vr06/knowledge/new/")
    assert_accessible(page)
    page.fill("#id_title", "Draaiboek buurtgesprekken")
    page.fill("#id_summary", "Hoe wij buurtgesprekken over weerbaarheid voerden.")
    page.fill("#id_body", "## Aanpak\n\n- uitnodigen\n- **gesprek**")
    page.get_by_label("TLP:AMBER —", exact=False).check()
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "Draaiboek buurtgesprekken"
    assert page.locator("main strong", has_text="gesprek").count() == 1
    assert_accessible(page)
    page.get_by_role("link", name="Wijzigen").click()
    assert_accessible(page)
    page.goto(base + "/vr06/knowledge/digest/")
    assert_accessible(page)

    region = demo_site.region
    region.public_page_enabled = True
    region.save()
    page.context.clear_cookies()
    page.goto(base + "/vr06/knowledge/public/")
    assert_accessible(page)
    text = page.locator("main").inner_text()
    assert "Handreiking: zo richt u een noodsteunpunt in (voorbeeld)" in text
    assert "Draaiboek buurtgesprekken" not in text
    clear = KnowledgeItem.objects.get(tlp="CLEAR", region=region)
    page.goto(base + f"/vr06/knowledge/public/{clear.pk}/")
    assert_accessible(page)


def test_a_theme_table_lead_answers_only_questions_of_the_own_table(demo_site, page):
    base = demo_site.url
    sign_in(page, base, "trekker")
    page.goto(base + "/vr06/knowledge/desk/")
    assert_accessible(page)
    # Routed to "Continuïteit bevolkingszorg", which the demo theme lead leads.
    page.get_by_role(
        "link", name="Voorbeeld communicatieplan bij langdurige uitval? (voorbeeld)"
    ).click()
    assert "Continuïteit bevolkingszorg" in page.locator("dl.facts").inner_text()
    assert page.locator("#id_answer").count() == 1
    assert_accessible(page)
    # Not routed to one of the lead's tables: not on the lead's desk at all.
    page.goto(base + "/vr06/knowledge/desk/")
    assert (
        page.get_by_role(
            "link", name="Wie betaalt de aggregaten voor noodsteunpunten? (voorbeeld)"
        ).count()
        == 0
    )


def test_a_municipality_sees_linked_knowledge_on_its_action_item(demo_site, page):
    from paraat.agreements.models import ActionItem
    from paraat.knowledge.models import KnowledgeItem

    linked = KnowledgeItem.objects.filter(
        region=demo_site.region, tlp__in=["CLEAR", "GREEN"], related_action_items__isnull=False
    )
    item = ActionItem.objects.filter(
        pk__in=linked.values("related_action_items"), owner_type__in=["municipality", "joint"]
    ).first()
    assert item is not None, "the demo links knowledge items to example action items"
    sign_in(page, demo_site.url, "apeldoorn")
    page.goto(f"{demo_site.url}/vr06/agreements/progress/GM0200/items/{item.pk}/")
    section = page.locator(".knowledge-for-action")
    assert section.is_visible()
    assert f"{item.number}" in section.inner_text()
    assert_accessible(page)
