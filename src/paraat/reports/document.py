"""A report as plain data: sections with paragraphs, lists, tables and bar charts.

Section functions (sections.py) build these from each data source; the renderers (render.py)
turn one Document into PDF, DOCX, XLSX or the offline HTML file. Nothing here knows a format.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class Paragraph:
    text: str
    kind: str = "paragraph"
    emphasis: bool = False


@dataclass
class BulletList:
    items: list[str]
    kind: str = "list"


@dataclass
class Table:
    """A real table: a caption, column headers and rows of plain values."""

    caption: str
    columns: list[str]
    rows: list[list]
    sheet: str = ""  # the XLSX sheet name; the caption when empty
    kind: str = "table"


@dataclass
class BarChart:
    """A horizontal bar chart (values 0–100) with its one-sentence summary.

    Renderers draw it as SVG where they can and always add the table equivalent.
    """

    caption: str
    summary: str
    label_header: str
    value_header: str
    bars: list[tuple[str, float]]
    kind: str = "chart"
    chart_id: str = "chart"

    @property
    def table(self) -> Table:
        return Table(
            caption=self.caption,
            columns=[self.label_header, self.value_header],
            rows=[[label, round(value)] for label, value in self.bars],
        )

    @property
    def svg_rows(self) -> list[dict]:
        row_height = 18
        return [
            {
                "label": label,
                "value": round(value),
                "y": i * row_height,
                "text_y": i * row_height + 12,
                "width": f"{max(0.0, min(100.0, value)) * 2.6:.1f}",
                "text_x": f"{155 + max(0.0, min(100.0, value)) * 2.6:.1f}",
            }
            for i, (label, value) in enumerate(self.bars)
        ]

    @property
    def svg_height(self) -> int:
        return max(18, len(self.bars) * 18)


@dataclass
class Section:
    title: str
    blocks: list = field(default_factory=list)
    subsections: list[Section] = field(default_factory=list)
    anchor: str = ""

    def add(self, *blocks) -> Section:
        self.blocks.extend(b for b in blocks if b is not None)
        return self

    @property
    def wide(self) -> bool:
        """Holds a table too wide for a portrait page: printed in landscape."""
        return any(len(t.columns) >= 7 for t in self.tables())

    def tables(self):
        for block in self.blocks:
            if isinstance(block, Table):
                yield block
            elif isinstance(block, BarChart):
                yield block.table
        for sub in self.subsections:
            yield from sub.tables()


@dataclass
class Document:
    title: str
    subtitle: str
    region_name: str
    tlp: str
    generated_at: dt.datetime
    sections: list[Section] = field(default_factory=list)
    language: str = "nl"
    version: int | None = None
    content_sha256: str = ""
    demo: bool = False
    toc: bool = True
    page_per_section: bool = False

    @property
    def tlp_label(self) -> str:
        return f"TLP:{self.tlp}"

    def tables(self):
        for section in self.sections:
            yield from section.tables()

    def numbered(self) -> Document:
        """Give every section an anchor for the table of contents."""
        charts = 0
        for i, section in enumerate(self.sections, start=1):
            section.anchor = section.anchor or f"s{i}"
            for j, sub in enumerate(section.subsections, start=1):
                sub.anchor = sub.anchor or f"s{i}-{j}"
            for block in self.all_blocks(section):
                if isinstance(block, BarChart):
                    charts += 1
                    block.chart_id = f"chart-{charts}"
        return self

    @staticmethod
    def all_blocks(section: Section):
        yield from section.blocks
        for sub in section.subsections:
            yield from sub.blocks
