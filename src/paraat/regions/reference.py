"""The national reference data: the 25 safety regions and their municipalities of one year.

Files per year, so a newer year's set can be dropped beside (or instead of) the shipped one:
`gemeenten-<year>.csv` (name, cbs_code, vr_code, population, population_ref_date, centroid) and
`gemeenten-<year>.geojson` (boundaries, properties `code`), plus `veiligheidsregios.csv`.
Source: CBS / Kadaster, Gebiedsindelingen (CC BY 4.0), see data/README.md.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

PACKAGE_DATA = Path(__file__).resolve().parent / "data"
ATTRIBUTION = "Bron: CBS / Kadaster, Gebiedsindelingen 2025 (CC BY 4.0)"


@dataclass(frozen=True)
class RefMunicipality:
    code: str
    name: str
    region_code: str
    population: int | None
    population_year: int | None
    centroid_lat: float | None
    centroid_lon: float | None
    boundary: dict | None


@dataclass(frozen=True)
class Reference:
    year: int
    regions: dict[str, str]  # code -> name
    municipalities: list[RefMunicipality]

    def region_municipalities(self, code: str) -> list[RefMunicipality]:
        return [m for m in self.municipalities if m.region_code == code]


def data_dir(directory: str | Path | None = None) -> Path:
    return Path(directory or settings.PARAAT_REFERENCE_DIR or PACKAGE_DATA)


def _float(value: str) -> float | None:
    return float(value) if value and value.strip() else None


def _year(value: str) -> int | None:
    value = (value or "").strip()
    return int(value[:4]) if value[:4].isdigit() else None


def load_reference(*, year: int | None = None, directory: str | Path | None = None) -> Reference:
    """Read one year's files; a missing file raises FileNotFoundError naming it."""
    year = year or settings.PARAAT_REFERENCE_YEAR
    base = data_dir(directory)
    regions_file = base / "veiligheidsregios.csv"
    if not regions_file.exists():
        regions_file = PACKAGE_DATA / "veiligheidsregios.csv"
    with open(regions_file, encoding="utf-8") as f:
        regions = {row["code"].strip().upper(): row["name"].strip() for row in csv.DictReader(f)}
    boundaries: dict[str, dict] = {}
    geo = json.loads((base / f"gemeenten-{year}.geojson").read_text(encoding="utf-8"))
    for feature in geo["features"]:
        props = feature["properties"]
        boundaries[(props.get("code") or props.get("statcode")).upper()] = feature["geometry"]
    municipalities = []
    with open(base / f"gemeenten-{year}.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            code = row["cbs_code"].strip().upper()
            population = (row.get("population") or "").strip()
            municipalities.append(
                RefMunicipality(
                    code=code,
                    name=row["name"].strip(),
                    region_code=row["vr_code"].strip().upper(),
                    population=int(population) if population.isdigit() else None,
                    population_year=_year(row.get("population_ref_date", "")),
                    centroid_lat=_float(row.get("centroid_lat", "")),
                    centroid_lon=_float(row.get("centroid_lon", "")),
                    boundary=boundaries.get(code),
                )
            )
    return Reference(year=year, regions=regions, municipalities=municipalities)
