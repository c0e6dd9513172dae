"""The DOCX progress report's tables: column widths that never split a municipality's name, and a
caption that stays with its table."""

import datetime as dt
import io

from paraat.reports.document import Document, Section, Table
from paraat.reports.render import render_docx

NAMES = ["Apeldoorn", "Oude IJsselstreek", "Montferland", "Winterswijk", "Bronckhorst"]


def test_municipality_table_columns_fit_the_longest_word_and_the_caption_keeps_with_it():
    from docx import Document as Word

    columns = ["Gemeente", "Gerealiseerd", "Verlopen", "Achterstallig", "Ingediend", "Trend"]
    table = Table(
        caption="Voortgang per gemeente",
        columns=columns,
        rows=[[name, "5 van 12", "3 van 6", "3", "ja", "↑"] for name in NAMES],
    )
    document = Document(
        title="Voortgangsrapportage",
        subtitle="Stuurgroep",
        region_name="VNOG",
        tlp="AMBER",
        generated_at=dt.datetime(2026, 12, 18, 9, 0, tzinfo=dt.UTC),
        sections=[Section(title="Gemeenten", blocks=[table])],
    )
    word = Word(io.BytesIO(render_docx(document)))
    grid = word.tables[-1]
    widths = [cell.width for cell in grid.rows[0].cells]
    assert all(widths), "every column has an explicit width"
    page = word.sections[-1]
    assert sum(widths) <= page.page_width - page.left_margin - page.right_margin + 10
    # "Apeldoorn" (9 characters) and "IJsselstreek" (12) fit on one line: > 0.15 cm a character.
    assert widths[0] >= 12 * 54000 + 100000
    assert widths[1] >= len("Gerealiseerd") * 54000
    caption = next(p for p in word.paragraphs if p.text == "Voortgang per gemeente")
    assert caption.paragraph_format.keep_with_next is True
