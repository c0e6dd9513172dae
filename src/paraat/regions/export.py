"""Export everything a region holds, as an exit path and for the archive (Archiefwet).

One ZIP: every table of the region as CSV (`csv/`) and XLSX (`xlsx/`), the uploaded files
(`files/`), the audit trail (the `audit.auditevent` table) and a README of the columns. Never in
it: password hashes, TOTP keys, token hashes, identity-provider secrets (by field name, so a
field added later with such a name stays out too). A row labelled TLP:RED is only in it for a
person named on it (`recipients`); otherwise it is left out, with everything hanging from it, and
counted in the README. The ZIP carries the highest TLP label of what is in it (at least
TLP:AMBER: unlabelled progress and personal data are not for sharing).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import zipfile
from dataclasses import dataclass, field

from django.apps import apps
from django.core.files.storage import default_storage
from django.db import models
from django.utils import timezone

from paraat.core.spreadsheets import neutralise
from paraat.core.tlp import TLP, tlp_max

from .models import Region

SECRET = re.compile(r"password|secret|token|(^|_)key$|^key|hash|otp", re.IGNORECASE)


@dataclass
class ExportSummary:
    tlp: str = TLP.AMBER
    tables: dict[str, int] = field(default_factory=dict)
    left_out: dict[str, int] = field(default_factory=dict)
    files: int = 0
    missing_files: int = 0


def _is_secret(f) -> bool:
    return bool(SECRET.search(f.name))


def _region_q(model, region: Region) -> models.Q | None:
    """How the model's rows of this region are found: directly, or one or two links away."""
    if model is Region:
        return models.Q(pk=region.pk)
    if model._meta.label == "accounts.User":
        return models.Q(memberships__region=region)
    fks = [f for f in model._meta.fields if isinstance(f, models.ForeignKey)]
    for f in fks:
        if f.name == "region" and f.related_model is Region:
            return models.Q(region=region)
    for depth_path in _paths(model, depth=2):
        return models.Q(**{f"{depth_path}__region": region})
    return None


def _paths(model, depth: int):
    for f in model._meta.fields:
        if not isinstance(f, models.ForeignKey) or f.related_model is Region:
            continue
        target = f.related_model
        if not target._meta.app_config.name.startswith("paraat."):
            continue
        names = {g.name: g for g in target._meta.fields}
        if "region" in names and names["region"].related_model is Region:
            yield f.name
        elif depth > 1:
            for rest in _paths(target, depth - 1):
                yield f"{f.name}__{rest}"


# Whole tables that are credentials, not records: an API token row is a key to the data (its
# making and revoking stay in the audit trail). An organisation's token reaches the region
# through its membership, so the field-name rule alone would let its table in.
NOT_EXPORTED = frozenset({"api.apitoken"})


def _models():
    for config in apps.get_app_configs():
        if config.name.startswith("paraat."):
            yield from (m for m in config.get_models() if m._meta.label_lower not in NOT_EXPORTED)


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, (dt.date, int, float, bool)):
        return value if not isinstance(value, dt.date) else value.isoformat()
    return str(value)


def region_export(*, region: Region, user, out) -> ExportSummary:
    """Write the ZIP to `out` (a binary file object); `user` is who it is made for (may be None:
    then no TLP:RED row is in it)."""
    from openpyxl import Workbook

    summary = ExportSummary()
    labels = []
    excluded: dict[type, set] = {}
    readme_tables = []
    all_models = list(_models())
    # Models with a TLP label first, so rows hanging from an excluded one are known.
    all_models.sort(key=lambda m: 0 if "tlp" in {f.name for f in m._meta.fields} else 1)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for model in all_models:
            q = _region_q(model, region)
            if q is None:
                continue
            label = model._meta.label_lower
            qs = model._default_manager.filter(q).distinct().order_by("pk")
            fields = [f for f in model._meta.concrete_fields if not _is_secret(f)]
            m2m = [f for f in model._meta.many_to_many if not _is_secret(f)]
            has_tlp = any(f.name == "tlp" for f in fields)
            parents = [
                f
                for f in model._meta.fields
                if isinstance(f, models.ForeignKey) and f.related_model in excluded
            ]
            rows, left = [], 0
            for obj in qs.prefetch_related(*[f.name for f in m2m]):
                if any(getattr(obj, f.attname) in excluded[f.related_model] for f in parents):
                    left += 1
                    continue
                if has_tlp and obj.tlp == TLP.RED:
                    named = hasattr(obj, "recipients") and user is not None
                    if not (named and obj.recipients.filter(pk=user.pk).exists()):
                        excluded.setdefault(model, set()).add(obj.pk)
                        left += 1
                        continue
                if has_tlp:
                    labels.append(obj.tlp)
                row = [_cell(getattr(obj, f.attname)) for f in fields]
                row += [";".join(str(o.pk) for o in getattr(obj, f.name).all()) for f in m2m]
                rows.append(row)
                for f in fields:
                    if isinstance(f, models.FileField):
                        summary.files += _copy_file(zf, getattr(obj, f.attname), summary)
            excluded.setdefault(model, set())
            header = [f.attname for f in fields] + [f.name for f in m2m]
            _write_csv(zf, f"csv/{label}.csv", header, rows)
            _write_xlsx(zf, Workbook, f"xlsx/{label}.xlsx", header, rows)
            summary.tables[label] = len(rows)
            if left:
                summary.left_out[label] = left
            readme_tables.append((model, fields, m2m, len(rows), left))
        summary.tlp = tlp_max(TLP.AMBER, *labels)
        zf.writestr("README.md", _readme(region, user, summary, readme_tables))
        zf.comment = f"TLP:{summary.tlp}".encode()
    return summary


def _copy_file(zf, name: str, summary: ExportSummary) -> int:
    if not name:
        return 0
    try:
        with default_storage.open(name, "rb") as f:
            zf.writestr(f"files/{name}", f.read())
    except (FileNotFoundError, OSError):
        summary.missing_files += 1
        return 0
    return 1


def _write_csv(zf, path, header, rows) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    zf.writestr(path, buffer.getvalue().encode("utf-8-sig"))


def _write_xlsx(zf, workbook_class, path, header, rows) -> None:
    wb = workbook_class(write_only=True)
    ws = wb.create_sheet("data")
    ws.append(header)
    for row in rows:
        ws.append([neutralise(v) for v in row])
    buffer = io.BytesIO()
    wb.save(buffer)
    zf.writestr(path, buffer.getvalue())


def _readme(region, user, summary: ExportSummary, tables) -> str:
    lines = [
        f"TLP:{summary.tlp}",
        "",
        f"# Export of {region.name} ({region.code})",
        "",
        f"Made {timezone.localtime():%Y-%m-%d %H:%M} by {user.email if user else 'the operator'}"
        " with Paraat.",
        "",
        "Every table of the region as CSV (csv/, UTF-8) and XLSX (xlsx/), uploaded files in",
        "files/ (under the name in the table's file column), the audit trail in",
        "audit.auditevent. Columns ending in _id refer to the id of another table.",
        "",
        "Never included: password hashes, two-factor (TOTP) keys, API token hashes,",
        "identity-provider secrets.",
        "",
    ]
    if summary.left_out:
        lines += ["## Left out", ""]
        lines += ["TLP:RED rows (and what hangs from them) for people not named on them:", ""]
        lines += [f"- {label}: {n} rows" for label, n in sorted(summary.left_out.items())]
        lines.append("")
    if summary.missing_files:
        lines += [f"Files referred to but not found in storage: {summary.missing_files}", ""]
    lines += ["## Tables", ""]
    for model, fields, m2m, count, _left in tables:
        lines += [f"### {model._meta.label_lower} ({count} rows) — {model._meta.verbose_name}", ""]
        for f in fields:
            lines.append(f"- `{f.attname}`: {f.verbose_name} ({f.get_internal_type()})")
        for f in m2m:
            target = f.related_model._meta.label_lower
            lines.append(f"- `{f.name}`: {f.verbose_name} (ids of {target}, `;`-separated)")
        lines.append("")
    return "\n".join(str(line) for line in lines)
