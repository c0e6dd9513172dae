"""One Document, four formats: PDF (tagged PDF/UA), DOCX, XLSX and the offline HTML file.

All output is produced in Dutch (the readers' language), whatever the requester's interface
language is.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .document import BarChart, BulletList, Document, Paragraph, Section, Table

TLP_COLOURS = {
    "CLEAR": "#FFFFFF",
    "GREEN": "#33FF00",
    "AMBER": "#FFC000",
    "AMBER+STRICT": "#FFC000",
    "RED": "#FF2B2B",
}

CONTENT_BEGIN = "<!-- paraat:inhoud:begin -->"
CONTENT_END = "<!-- paraat:inhoud:einde -->"


def css_string(value: str) -> str:
    """A value safe inside a double-quoted CSS string in a <style> element."""
    value = " ".join(str(value).split())
    value = value.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
    return mark_safe(value)


def render_content(document: Document) -> str:
    """The document's body (table of contents and sections) as an HTML fragment."""
    document.numbered()
    with translation.override(document.language):
        return render_to_string("reports/document/content.html", {"document": document})


def _print_context(document: Document) -> dict:
    local = timezone.localtime(document.generated_at)
    footer = _("Produced on %(date)s") % {"date": date_format(local, "j F Y H:i")}
    if document.version:
        footer += " · " + _("version %(version)s") % {"version": document.version}
    return {
        "document": document,
        "css": {
            "region": css_string(document.region_name),
            "tlp": css_string(document.tlp_label),
            "tlp_colour": TLP_COLOURS.get(document.tlp, "#FFC000"),
            "footer": css_string(footer),
            "page": css_string(_("Page")),
            "of": css_string(_("of")),
        },
    }


def render_pdf(document: Document, *, content: str | None = None) -> bytes:
    """Tagged PDF/UA-1, language from <html lang>, TLP, date and page number on every page."""
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    from weasyprint import HTML  # lazily: heavy, and only report runs need it

    content = render_content(document) if content is None else content
    with translation.override(document.language):
        context = _print_context(document)
        context["content"] = mark_safe(content)
        html = render_to_string("reports/document/pdf.html", context)
    return HTML(string=html, base_url=None).write_pdf(pdf_variant="pdf/ua-1", custom_metadata=True)


# --- DOCX ------------------------------------------------------------------------------------


def render_docx(document: Document) -> bytes:
    """Real Word headings (Title, Heading 1/2) and real tables with a repeating header row."""
    from docx import Document as WordDocument
    from docx.enum.section import WD_ORIENT  # noqa: F401 — keeps portrait default explicit
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    with translation.override(document.language):
        word = WordDocument()
        props = word.core_properties
        props.title = f"{document.title} — {document.region_name}"
        props.subject = document.subtitle
        props.author = "Paraat"
        props.language = "nl-NL"
        props.keywords = document.tlp_label
        _set_docx_language(word, qn, OxmlElement)
        section = word.sections[0]
        for part in (section.header, section.footer):
            part.is_linked_to_previous = False
        section.header.paragraphs[0].text = f"{document.tlp_label} · {document.region_name}"
        footer = section.footer.paragraphs[0]
        local = timezone.localtime(document.generated_at)
        footer.text = _("Produced on %(date)s") % {"date": date_format(local, "j F Y H:i")} + " · "
        footer.add_run(_("Page") + " ")
        _add_field(footer, "PAGE", qn, OxmlElement)
        word.add_heading(document.title, level=0)
        word.add_paragraph(document.subtitle)
        meta = f"{document.tlp_label} · {document.region_name} · " + _("Produced on %(date)s") % {
            "date": date_format(local, "j F Y H:i")
        }
        if document.version:
            meta += " · " + _("version %(version)s") % {"version": document.version}
        word.add_paragraph(meta)
        for sec in document.sections:
            _docx_section(word, sec, 1, qn, OxmlElement)
        out = io.BytesIO()
        word.save(out)
        return out.getvalue()


def _set_docx_language(word, qn, OxmlElement) -> None:
    rpr = word.styles.element.find(qn("w:docDefaults"))
    if rpr is None:
        return
    run_props = rpr.find(qn("w:rPrDefault"))
    if run_props is None:
        return
    r = run_props.find(qn("w:rPr"))
    if r is None:
        return
    lang = r.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r.append(lang)
    lang.set(qn("w:val"), "nl-NL")


def _add_field(paragraph, instruction: str, qn, OxmlElement) -> None:
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = instruction
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(begin)
    run._r.append(text)
    run._r.append(end)


def _docx_section(word, section: Section, level: int, qn, OxmlElement) -> None:
    word.add_heading(section.title, level=level)
    for block in section.blocks:
        if isinstance(block, Paragraph):
            paragraph = word.add_paragraph(block.text)
            if block.emphasis:
                for run in paragraph.runs:
                    run.bold = True
        elif isinstance(block, BulletList):
            for item in block.items:
                word.add_paragraph(item, style="List Bullet")
        elif isinstance(block, BarChart):
            word.add_paragraph(block.summary)
            _docx_table(word, block.table, qn, OxmlElement)
        elif isinstance(block, Table):
            _docx_table(word, block, qn, OxmlElement)
    for sub in section.subsections:
        _docx_section(word, sub, min(level + 1, 2), qn, OxmlElement)


def docx_column_widths(table: Table, total: int) -> list[int]:
    """Column widths (EMU) that never split a word: every column is at least as wide as its
    longest word (names like "Apeldoorn"), the rest of `total` goes by content length."""
    char, padding = 65000, 150000  # EMU per character at 9-10 pt, and cell padding
    need, weight = [], []
    for index, column in enumerate(table.columns):
        values = [str(column)] + [
            "" if index >= len(row) or row[index] is None else str(row[index])
            for row in table.rows[:300]
        ]
        need.append(max((len(w) for v in values for w in v.split()), default=1) * char + padding)
        weight.append(min(max((len(v) for v in values), default=1), 40))
    if sum(need) > total:  # too many columns for the page: share it out, never overflow
        return [total * n // sum(need) for n in need]
    spare = total - sum(need)
    return [n + spare * w // max(sum(weight), 1) for n, w in zip(need, weight, strict=True)]


def _docx_table(word, table: Table, qn, OxmlElement) -> None:
    caption = word.add_paragraph(table.caption, style="Caption")
    caption.paragraph_format.keep_with_next = True  # the caption stays with its table
    grid = word.add_table(rows=1, cols=len(table.columns))
    grid.style = "Table Grid"
    header = grid.rows[0]
    trpr = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    trpr.append(repeat)
    for cell, column in zip(header.cells, table.columns, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(str(column))
        run.bold = True
    for row in table.rows:
        cells = grid.add_row().cells
        for cell, value in zip(cells, row, strict=False):
            cell.text = "" if value is None else str(value)
    page = word.sections[-1]
    widths = docx_column_widths(table, page.page_width - page.left_margin - page.right_margin)
    grid.autofit = False
    for column, width in zip(grid.columns, widths, strict=True):
        for cell in column.cells:
            cell.width = width


# --- XLSX ------------------------------------------------------------------------------------

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]\:\*\?\/\\]")


def neutralise(value):
    """A text that a spreadsheet would run as a formula is prefixed with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def sheet_name(name: str, taken: set[str]) -> str:
    base = SHEET_NAME_FORBIDDEN.sub(" ", name).strip().strip("'")[:31] or "Blad"
    candidate, n = base, 2
    while candidate.lower() in taken:
        suffix = f" ({n})"
        candidate = base[: 31 - len(suffix)] + suffix
        n += 1
    taken.add(candidate.lower())
    return candidate


def render_xlsx(document: Document) -> bytes:
    """One sheet per table (the first sheet describes the report), formulas neutralised."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    with translation.override(document.language):
        book = Workbook()
        about = book.active
        about.title = _("About")
        taken = {about.title.lower()}
        local = timezone.localtime(document.generated_at)
        for row in [
            [document.title],
            [document.subtitle],
            [document.region_name],
            [document.tlp_label],
            [_("Produced on %(date)s") % {"date": date_format(local, "j F Y H:i")}],
        ]:
            about.append([neutralise(v) for v in row])
        about["A1"].font = Font(bold=True, size=14)
        book.properties.title = document.title
        book.properties.creator = "Paraat"
        book.properties.keywords = document.tlp_label
        for table in document.tables():
            sheet = book.create_sheet(sheet_name(table.sheet or table.caption, taken))
            sheet.append([neutralise(str(c)) for c in table.columns])
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            for row in table.rows:
                sheet.append([neutralise(v) for v in row])
            sheet.freeze_panes = "A2"
            for index, column in enumerate(table.columns, start=1):
                width = max([len(str(column))] + [len(str(r[index - 1])) for r in table.rows[:200]])
                sheet.column_dimensions[get_column_letter(index)].width = min(60, width + 2)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()


# --- the offline HTML file (emergency binder) -------------------------------------------------

_SCRIPT_OR_STYLE = re.compile(r"(<script\b.*?</script>|<style\b.*?</style>)", re.S | re.I)


def offline_safe(html: str) -> str:
    """No network reference can survive: 'http:', 'https:' and '//' in any text or attribute
    are written as character references, which display the same but are not references."""
    parts = _SCRIPT_OR_STYLE.split(html)
    for i in range(0, len(parts), 2):  # even parts are outside <script>/<style>
        part = re.sub(r"(?i)\b(https?|ftp|file):", r"\1&#58;", parts[i])
        parts[i] = part.replace("//", "/&#47;")
    return "".join(parts)


def binder_content(document: Document) -> tuple[str, str]:
    """The binder's content part (offline-safe) and its SHA-256, printed on PDF and HTML."""
    content = offline_safe(render_content(document))
    return content, hashlib.sha256(content.encode("utf-8")).hexdigest()


def render_offline_html(document: Document, *, content: str) -> bytes:
    """ONE self-contained HTML file with a search box: opens from a USB stick, no network."""
    with translation.override(document.language):
        html = render_to_string(
            "reports/document/offline.html",
            {
                "document": document,
                "content": mark_safe(content),
                "content_begin": mark_safe(CONTENT_BEGIN),
                "content_end": mark_safe(CONTENT_END),
            },
        )
    return offline_safe(html).encode("utf-8")


def content_part(html: str) -> str:
    """The content part of an offline HTML file, as its checksum was computed."""
    start = html.index(CONTENT_BEGIN) + len(CONTENT_BEGIN)
    return html[start : html.index(CONTENT_END)]
