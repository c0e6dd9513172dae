"""The start document as Word (real headings, so the secretary can edit it further) and as a
tagged PDF, both in the order of the plan's format."""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .startdoc import DEFERRED_KEYS, MEMBER_KEYS, SECTIONS


def filename(table, version, ext: str) -> str:
    return f"startdocument-{slugify(table.name)}-v{version.number}.{ext}"


def _header(table, document, version) -> list[tuple[str, str]]:
    saved = formats.date_format(timezone.localtime(version.saved_at), "DATE_FORMAT")
    rows = [
        (_("Name of the theme table"), version.content.get("table_name") or table.name),
        (_("Lead of the theme table"), version.content.get("lead") or "—"),
        (_("Version/date of the document"), f"{version.number} — {saved}"),
        (
            _("Status"),
            document.get_status_display()
            if version.number == document.current_number
            else _("earlier version"),
        ),
    ]
    if document.adopted_number == version.number and document.adopted_at:
        rows.append(
            (
                _("Adopted"),
                f"{formats.date_format(timezone.localtime(document.adopted_at), 'DATE_FORMAT')}"
                f" — {document.adopted_by.get_full_name() if document.adopted_by else ''}",
            )
        )
    return rows


def _member_headers():
    return [_("Name"), _("Role"), _("Organisation"), _("Expertise")]


def _deferred_headers():
    return [_("Task"), _("Team"), _("Impact"), _("Accepted by"), _("Until")]


def startdoc_docx(*, table, document, version) -> bytes:
    from docx import Document

    content = version.content
    doc = Document()
    doc.core_properties.title = f"{_('Start document theme table')} {table.name}"
    doc.add_heading(f"{_('Start document theme table')}: {table.name}", level=0)
    facts = doc.add_table(rows=0, cols=2)
    facts.style = "Table Grid"
    for label, value in _header(table, document, version):
        cells = facts.add_row().cells
        cells[0].text, cells[1].text = str(label), str(value)
    for section in SECTIONS:
        doc.add_heading(f"{section.number}. {section.title}", level=1)
        for f in section.fields:
            doc.add_heading(str(f.label), level=2)
            text = content.get(f.key) or ""
            if not text:
                doc.add_paragraph("—")
            for line in text.splitlines():
                if not line.strip():
                    continue
                if line.lstrip().startswith(("- ", "* ", "• ")):
                    doc.add_paragraph(line.lstrip()[2:], style="List Bullet")
                else:
                    doc.add_paragraph(line)
        if section.members:
            _docx_table(
                doc, _("Members"), _member_headers(), content.get("members", []), MEMBER_KEYS
            )
        if section.deferred:
            _docx_table(
                doc,
                _("Deferred-work register"),
                _deferred_headers(),
                content.get("deferred_register", []),
                DEFERRED_KEYS,
            )
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _docx_table(doc, title, headers, rows, keys) -> None:
    doc.add_heading(str(title), level=2)
    if not rows:
        doc.add_paragraph("—")
        return
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.text = str(header)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, key in zip(cells, keys, strict=True):
            cell.text = str(row.get(key) or "")


def startdoc_pdf(request, *, table, document, version) -> bytes:
    from weasyprint import HTML  # lazily: heavy, and only needed here

    html = render_to_string(
        "programme/startdoc_print.html",
        {
            "table": table,
            "header": _header(table, document, version),
            "sections": [
                (s, [(f, version.content.get(f.key, "")) for f in s.fields]) for s in SECTIONS
            ],
            "content": version.content,
            "member_headers": _member_headers(),
            "deferred_headers": _deferred_headers(),
        },
        request=request,
    )
    return HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf(
        pdf_variant="pdf/ua-1"
    )
