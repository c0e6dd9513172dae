"""Every dashboard table as XLSX or CSV, with the same rows the page shows.

A cell that begins with `=`, `+`, `-` or `@` (or a tab or carriage return) is neutralised by a
leading apostrophe, so a spreadsheet program never runs it as a formula. Numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Text that a spreadsheet would read as a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int | float):
        return value
    text = str(value)
    if text.startswith(DANGEROUS):
        return "'" + text
    return text


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list]


def _pct(value):
    return "" if value is None else value


def _with_sub_region(overview, headers: list[str], rows: list[list]) -> tuple[list[str], list]:
    """A sub-region column after the municipality's name, in a region that has sub-regions
    (rows in the order of `overview.municipalities`, after `skip` leading rows)."""
    if not overview.has_sub_regions:
        return headers, rows
    headers = [headers[0], _("Sub-region"), *headers[1:]]
    names = [r.sub_region.name if r.sub_region else "" for r in overview.municipalities]
    skip = len(rows) - len(names)
    rows = [[row[0], names[n - skip] if n >= skip else "", *row[1:]] for n, row in enumerate(rows)]
    return headers, rows


def matrix_table(overview) -> Table:
    """As on the page: the share of all items once, then per category the standing against
    plan as due items achieved out of due items, and its word."""
    headers = [
        _("Municipality"),
        _("Share achieved (%)"),
        _("Due items achieved"),
        _("Due items"),
        _("Standing against plan"),
    ]
    due_achieved, due, standing = _("due items achieved"), _("due items"), _("standing")
    for _cid, name in overview.categories:
        headers += [f"{name}: {due_achieved}", f"{name}: {due}", f"{name}: {standing}"]
    rows = []
    for row in overview.municipalities:
        t = row.tally
        line = [row.municipality.name, _pct(t.percent_achieved)]
        line += [t.items_due_achieved, t.items_due, t.standing]
        for cell in row.cells:
            line += [cell.items_due_achieved, cell.items_due, cell.standing]
        rows.append(line)
    return Table(_("Municipalities by category"), *_with_sub_region(overview, headers, rows))


def _tally_headers() -> list:
    """The columns of one group's figures (a municipality, a sub-region), after its name and
    its count."""
    return [
        _("Applicable"),
        _("Achieved"),
        _("Share achieved (%)"),
        _("Due"),
        _("Due and achieved"),
        _("Share of due items achieved (%)"),
        _("Overdue"),
        _("Standing against plan"),
    ]


def _tally_cells(t) -> list:
    return [
        t.items_applicable,
        t.items_achieved,
        _pct(t.percent_achieved),
        t.items_due,
        t.items_due_achieved,
        _pct(t.percent_due_achieved),
        t.items_overdue,
        t.standing,
    ]


def municipalities_table(overview) -> Table:
    headers = [_("Municipality"), _("Number of action items"), *_tally_headers()]
    rows = [
        [r.municipality.name, r.tally.items_total, *_tally_cells(r.tally)]
        for r in overview.municipalities
    ]
    return Table(_("Figures per municipality"), *_with_sub_region(overview, headers, rows))


def sub_regions_table(overview) -> Table:
    """The municipalities' figures totalled per sub-region, as on the page."""
    headers = [_("Sub-region"), _("Municipalities"), *_tally_headers()]
    rows = [[r.name, r.municipalities, *_tally_cells(r.tally)] for r in overview.sub_regions]
    return Table(_("Figures per sub-region"), headers, rows)


def items_table(overview) -> Table:
    headers = [
        _("Number"),
        _("Action item"),
        _("Category"),
        _("Owner"),
        _("Due"),
        _("Municipalities achieved"),
        _("Municipalities applicable"),
        _("Share achieved (%)"),
        _("Overdue"),
        _("Not started"),
        _("Region itself"),
    ]
    rows = [
        [
            r.item.number,
            r.item.text,
            r.item.category_name,
            r.item.owner_label,
            str(r.item.due or ""),
            r.tally.items_achieved,
            r.tally.items_applicable,
            _pct(r.tally.percent_achieved),
            r.tally.items_overdue,
            r.not_started,
            r.region_status_label,
        ]
        for r in overview.items
    ]
    return Table(_("Items across all municipalities"), headers, rows)


def own_items_table(overview) -> Table:
    headers = [_("Number"), _("Action item"), _("Category"), _("Owner"), _("Due"), _("Status")]
    rows = [
        [
            r.item.number,
            r.item.text,
            r.item.category_name,
            r.item.owner_label,
            str(r.item.due or ""),
            r.region_status_label,
        ]
        for r in overview.own_items
    ]
    return Table(_("The region's own and joint items"), headers, rows)


def trend_table(overview) -> Table:
    headers = [_("Municipality")] + [str(p.round.name) for p in overview.trend]
    together = (
        _("%(name)s (its municipalities)") % {"name": overview.chosen_sub_region.name}
        if overview.chosen_sub_region
        else _("Region (all municipalities)")
    )
    rows = [[together] + [_pct(p.region.percent_achieved) for p in overview.trend]]
    rows.append(
        [_("Region itself")]
        + [_pct(p.own.percent_achieved) if p.own else "" for p in overview.trend]
    )
    for r in overview.municipalities:
        m = r.municipality
        rows.append(
            [m.name]
            + [
                _pct(p.by_municipality[m.pk].percent_achieved) if m.pk in p.by_municipality else ""
                for p in overview.trend
            ]
        )
    return Table(
        _("Share achieved per closed round (%)"), *_with_sub_region(overview, headers, rows)
    )


def compare_tables(comparison) -> list[Table]:
    headers = [
        "",
        f"{comparison.first.name} (%)",
        f"{comparison.second.name} (%)",
        _("Change (points)"),
        _("Direction"),
    ]

    def lines(changes):
        return [
            [c.label, _pct(c.before), _pct(c.after), _pct(c.delta), c.direction] for c in changes
        ]

    return [
        Table(
            _("Municipalities"), [_("Municipality"), *headers[1:]], lines(comparison.municipalities)
        ),
        Table(_("Action items"), [_("Action item"), *headers[1:]], lines(comparison.items)),
    ]


def municipality_table(page) -> Table:
    headers = [
        _("Number"),
        _("Action item"),
        _("Category"),
        _("Due"),
        _("Status"),
        _("Overdue"),
        _("Explanation"),
        _("Bottleneck"),
        _("Next step"),
        _("Evidence"),
        _("Last saved"),
    ]
    rows = []
    for r in page.rows:
        latest, text = r.latest, r.text  # text: None where the viewer may not read it
        rows.append(
            [
                r.item.number,
                r.item.text,
                r.item.category_name,
                _("own planning: %(due)s, reason: %(reason)s")
                % {"due": r.own_planning.due, "reason": r.own_planning.reason}
                if r.own_planning
                else str(r.due or ""),
                r.status_label,
                r.overdue,
                text.explanation if text else "",
                text.bottleneck if text else "",
                text.next_step if text else "",
                len(r.evidence),
                latest.created_at.date().isoformat() if latest else "",
            ]
        )
    return Table(page.municipality.name, headers, rows)


def national_table(figures) -> Table:
    headers = [
        _("Code"),
        _("Safety region"),
        _("Municipalities"),
        _("Share achieved (%)"),
        _("Share of due items achieved (%)"),
        _("Overdue"),
        _("Latest closed round"),
    ]
    rows = [
        [
            f.region.code,
            f.region.name,
            f.municipalities,
            _pct(f.tally.percent_achieved),
            _pct(f.tally.percent_due_achieved),
            f.tally.items_overdue,
            f.latest_round,
        ]
        for f in figures
    ]
    return Table(_("Regions that share nationally"), headers, rows)


def respond(tables: list[Table], *, fmt: str, filename: str) -> HttpResponse:
    """An XLSX (one sheet per table) or CSV (the first table) download."""
    name = slugify(filename) or "paraat"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        table = tables[0]
        writer.writerow([neutralise(h) for h in table.headers])
        for row in table.rows:
            writer.writerow([neutralise(v) for v in row])
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    used = set()
    for table in tables:
        title = "".join(c for c in table.title if c not in "[]:*?/\\")[:31] or "Sheet"
        while title in used:
            title = title[:28] + f" {len(used)}"
        used.add(title)
        sheet = workbook.create_sheet(title)
        sheet.append([neutralise(h) for h in table.headers])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([neutralise(v) for v in row])
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response
