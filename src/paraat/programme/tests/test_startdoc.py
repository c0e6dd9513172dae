"""The start document: versions kept, readable comparison, the status workflow as a transition
table, adoption by the steering group, and the Word and PDF exports in the format's order."""

import io

import pytest

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from paraat.audit.models import AuditEvent
from paraat.programme import services
from paraat.programme.models import DocumentStatus, StartDocument
from paraat.programme.startdoc import SECTIONS

from .conftest import login

pytestmark = pytest.mark.django_db

C, D, A = DocumentStatus.CONCEPT, DocumentStatus.FOR_DECISION, DocumentStatus.ADOPTED


def edit_url(world, table):
    return reverse("programme:startdoc_edit", args=[world.region.slug, table.pk])


def save(client, world, table, number, **fields):
    return client.post(edit_url(world, table), {"number": number, **fields})


def test_theme_lead_saves_versions_and_every_version_is_kept(client, world, tables):
    own, _other = tables
    login(client, world, "theme_lead")
    assert save(client, world, own, 0, goal="Eerste doel").status_code == 302
    assert save(client, world, own, 1, goal="Tweede doel", assignment="Opdracht").status_code == 302
    document = StartDocument.objects.get(table=own)
    assert document.current_number == 2
    assert [v.content["goal"] for v in document.versions.order_by("number")] == [
        "Eerste doel",
        "Tweede doel",
    ]
    old = client.get(reverse("programme:startdoc_version", args=[world.region.slug, own.pk, 1]))
    assert "Eerste doel" in old.content.decode()
    assert AuditEvent.objects.filter(object_type="programme.startdocument").count() == 2


def test_comparison_marks_removed_and_added_words(client, world, tables):
    own, _ = tables
    login(client, world, "theme_lead")
    save(client, world, own, 0, goal="Wij bereiden de regio voor")
    save(client, world, own, 1, goal="Wij bereiden de hele regio voor")
    url = reverse("programme:startdoc_compare", args=[world.region.slug, own.pk])
    html = client.get(url, {"a": 1, "b": 2}).content.decode()
    assert "<ins>" in html and "hele" in html.split("<ins>")[1].split("</ins>")[0]
    assert "Doel en opgave" in html or "Goal and task" in html


def test_second_writer_is_told_and_keeps_their_text(client, world, tables):
    own, _ = tables
    login(client, world, "theme_lead")
    save(client, world, own, 0, goal="Versie van de trekker")
    other = login(type(client)(), world, "coordinator")
    # both started from version 1; the coordinator saves first
    assert save(other, world, own, 1, goal="Versie van de coördinator").status_code == 302
    response = save(client, world, own, 1, goal="Mijn late wijziging")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mijn late wijziging" in html  # nothing lost: still in the form
    assert "error-summary" in html
    assert StartDocument.objects.get(table=own).current_number == 2


def test_other_tables_lead_cannot_edit_this_table(client, world, tables):
    _own, other = tables
    login(client, world, "theme_lead")
    assert save(client, world, other, 0, goal="x").status_code == 403
    assert not StartDocument.objects.filter(table=other, current_number__gt=0).exists()


@pytest.mark.parametrize(
    ("start", "to", "persona", "allowed"),
    [
        (C, D, "theme_lead", True),
        (C, D, "coordinator", True),
        (C, D, "steering", False),
        (C, A, "steering", False),
        (C, A, "coordinator", False),
        (D, A, "steering", True),
        (D, A, "coordinator", False),
        (D, A, "theme_lead", False),
        (D, C, "steering", True),
        (D, C, "theme_lead", True),
        (D, C, "board", False),
        (A, C, "theme_lead", True),
        (A, C, "steering", False),
        (A, D, "coordinator", False),
    ],
)
def test_transition_table_per_move(world, tables, start, to, persona, allowed):
    own, _ = tables
    services.startdoc_save(
        table=own, fields={"goal": "x"}, expected_number=0, actor=world.users["coordinator"]
    )
    StartDocument.objects.filter(table=own).update(status=start)
    document = StartDocument.objects.get(table=own)
    if allowed:
        services.startdoc_transition(document=document, to_status=to, actor=world.users[persona])
        assert StartDocument.objects.get(table=own).status == to
    else:
        with pytest.raises((ValidationError, PermissionDenied)):
            services.startdoc_transition(
                document=document, to_status=to, actor=world.users[persona]
            )
        assert StartDocument.objects.get(table=own).status == start


def test_lead_sends_for_decision_and_steering_member_adopts_with_date_and_name(
    client, world, tables
):
    own, _ = tables
    login(client, world, "theme_lead")
    save(client, world, own, 0, goal="Doel")
    status_url = reverse("programme:startdoc_transition", args=[world.region.slug, own.pk])
    client.post(status_url, {"to_status": "for_decision"})
    # no edits while it is with the steering group
    assert 'name="goal"' not in client.get(edit_url(world, own)).content.decode()
    assert save(client, world, own, 1, goal="Stiekem").status_code == 200
    steering = login(type(client)(), world, "steering")
    steering.post(status_url, {"to_status": "adopted", "note": "Akkoord"})
    document = StartDocument.objects.get(table=own)
    assert document.status == A
    assert document.adopted_by == world.users["steering"]
    assert document.adopted_at is not None and document.adopted_number == 1
    page = client.get(reverse("programme:startdoc", args=[world.region.slug, own.pk]))
    assert "Steering" in page.content.decode()


def _task_list(html: str) -> str:
    """The start page's list of tasks (the navigation links to the same pages)."""
    if '<ul class="task-list">' not in html:
        return ""
    return html.split('<ul class="task-list">', 1)[1].split("</ul>", 1)[0]


def test_steering_member_sees_the_decision_task_on_the_start_page(client, world, tables):
    own, _ = tables
    coordinator = world.users["coordinator"]
    services.startdoc_save(table=own, fields={"goal": "x"}, expected_number=0, actor=coordinator)
    login(client, world, "steering")
    home = reverse("start:region_home", args=[world.region.slug])
    assert "Startdocumenten ter besluitvorming" not in _task_list(client.get(home).content.decode())
    services.startdoc_transition(document=own.startdoc, to_status=D, actor=coordinator)
    response = client.get(home)
    assert response.status_code == 200
    tasks = _task_list(response.content.decode())
    overview = reverse("programme:overview", args=[world.region.slug])
    title = "Startdocumenten ter besluitvorming"
    assert f'<a href="{overview}" class="task-title">{title}</a>' in tasks
    assert "1 startdocument van een thematafel wacht op de stuurgroep." in tasks


def _filled(world, table):
    from paraat.programme.startdoc import FIELD_KEYS

    fields = {key: f"Tekst voor {key}" for key in FIELD_KEYS}
    fields["questions"] = "- Eerste vraag\n- Tweede vraag"
    table.members.create(name="Adviseur", role="lid", organisation="GGD", expertise="zorg")
    services.startdoc_save(
        table=table, fields=fields, expected_number=0, actor=world.users["coordinator"]
    )


def test_docx_has_word_headings_in_the_formats_order(client, world, tables):
    from docx import Document

    own, _ = tables
    _filled(world, own)
    login(client, world, "board")
    response = client.get(reverse("programme:startdoc_docx", args=[world.region.slug, own.pk]))
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    level1 = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert [h.split(".")[0] for h in level1] == [str(s.number) for s in SECTIONS]
    level2 = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert level2.index(str(SECTIONS[1].fields[1].label)) < level2.index(
        str(SECTIONS[5].fields[0].label)
    )
    bullets = [p.text for p in doc.paragraphs if p.style.name == "List Bullet"]
    assert bullets == ["Eerste vraag", "Tweede vraag"]
    assert any("GGD" in c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert AuditEvent.objects.filter(action="export").exists()


def test_pdf_comes_out_with_the_sections_in_order(client, world, tables):
    own, _ = tables
    _filled(world, own)
    login(client, world, "theme_lead")
    response = client.get(reverse("programme:startdoc_pdf", args=[world.region.slug, own.pk]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"].endswith('.pdf"')


def test_export_of_a_version_that_does_not_exist_is_404(client, world, tables):
    own, _ = tables
    login(client, world, "coordinator")
    url = reverse("programme:startdoc_docx", args=[world.region.slug, own.pk])
    assert client.get(url, {"version": 9}).status_code == 404


def test_pdf_is_rendered_from_html_with_the_sections_in_the_formats_order(
    client, world, tables, monkeypatch
):
    import weasyprint

    captured = {}

    class FakeHTML:
        def __init__(self, string, base_url):
            captured["html"] = string

        def write_pdf(self, **kwargs):
            captured["variant"] = kwargs.get("pdf_variant")
            return b"%PDF-fake"

    monkeypatch.setattr(weasyprint, "HTML", FakeHTML)
    own, _ = tables
    _filled(world, own)
    login(client, world, "coordinator")
    client.get(reverse("programme:startdoc_pdf", args=[world.region.slug, own.pk]))
    html = captured["html"]
    positions = [html.index(f"<h2>{s.number}. ") for s in SECTIONS]
    assert positions == sorted(positions)
    assert html.index("Tekst voor goal") < html.index("Tekst voor reporting_responsible")
    assert captured["variant"] == "pdf/ua-1"  # tagged PDF for screen readers
