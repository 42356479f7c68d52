"""Parser of GeoJSON boundary files whose features carry TERYT codes (as GUGiK PRG derivatives)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from integra.core.errors import ImportRefused, Problem
from integra.core.textfiles import read_text

CODE_LENGTH = {"voivodeship": 2, "powiat": 4, "gmina": 7}
# A gmina file may carry the code of several register editions; any of them may match the tree.
CODE_PROPERTIES = ("teryt", "teryt_2010", "teryt_2024")
GEOMETRY_TYPES = {"Polygon", "MultiPolygon"}


@dataclass(frozen=True)
class BoundaryFeature:
    number: int
    codes: tuple[str, ...]
    name: str
    geometry: dict[str, Any]


def parse_boundaries(path: str | Path, level: str) -> list[BoundaryFeature]:
    """Validate the collection: every feature needs a code of the level's length and a polygon."""
    try:
        document = json.loads(read_text(path))
    except json.JSONDecodeError as exc:
        raise ImportRefused(
            str(path),
            [Problem(_("not valid JSON: %(error)s") % {"error": exc.msg}, line=exc.lineno)],
        ) from exc
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise ImportRefused(str(path), [Problem(_("expected a GeoJSON FeatureCollection"))])
    features = document.get("features")
    if not isinstance(features, list) or not features:
        raise ImportRefused(str(path), [Problem(_("the collection has no features"))])

    problems: list[Problem] = []
    parsed: list[BoundaryFeature] = []
    pattern = re.compile(rf"^\d{{{CODE_LENGTH[level]}}}$")
    for number, feature in enumerate(features, start=1):
        item, item_problems = _parse_feature(number, feature, pattern)
        problems += item_problems
        if item:
            parsed.append(item)
    if problems:
        raise ImportRefused(str(path), problems)
    return parsed


def _parse_feature(
    number: int, feature: Any, pattern: re.Pattern[str]
) -> tuple[BoundaryFeature | None, list[Problem]]:
    where = _("feature %(n)s") % {"n": number}
    if not isinstance(feature, dict):
        return None, [Problem(f"{where}: " + _("not an object"))]
    properties = feature.get("properties") or {}
    codes = tuple(str(properties[key]) for key in CODE_PROPERTIES if properties.get(key))
    problems = []
    if not codes:
        problems.append(Problem(f"{where}: " + _("no TERYT code in its properties"), field="teryt"))
    elif not all(pattern.match(code) for code in codes):
        problems.append(
            Problem(
                f"{where}: " + _("code %(code)s does not fit this level") % {"code": codes[0]},
                field="teryt",
            )
        )
    geometry = feature.get("geometry") or {}
    if geometry.get("type") not in GEOMETRY_TYPES or not _valid_rings(geometry):
        problems.append(
            Problem(
                f"{where}: " + _("geometry must be a valid Polygon or MultiPolygon"),
                field="geometry",
            )
        )
    if problems:
        return None, problems
    return BoundaryFeature(number, codes, str(properties.get("name", "")), geometry), []


def _valid_rings(geometry: dict[str, Any]) -> bool:
    polygons = geometry.get("coordinates")
    if not isinstance(polygons, list) or not polygons:
        return False
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            return False
        for ring in polygon:
            if not isinstance(ring, list) or len(ring) < 4:
                return False
            for point in ring:
                if not (
                    isinstance(point, list)
                    and len(point) >= 2
                    and all(isinstance(v, (int, float)) for v in point[:2])
                    and -180 <= point[0] <= 180
                    and -90 <= point[1] <= 90
                ):
                    return False
    return True
