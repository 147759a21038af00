"""The area a case is about, matched against the areas of positions (a butler of
buildings 1–8, P5.2): the building of the complainant's unit or of the location."""

from __future__ import annotations

import re

# 3栋2单元501, 3号楼, 3幢, 3座, B座; or the first part of 3-2-501.
BUILDING = re.compile(r"([0-9]{1,3}|[A-Za-z])\s*(?:号楼|号|栋|幢|座|楼)")
DASHED = re.compile(r"^\s*([0-9]{1,3})\s*[-－/]")
RANGE = re.compile(r"^([0-9]{1,3})\s*[-–~～至到]\s*([0-9]{1,3})$")


def area_of(unit: str, location: str = "") -> str:
    """The building, as the code positions list ("3"), or "" when none is written."""
    for text in (unit or "", location or ""):
        found = BUILDING.search(text) or DASHED.search(text)
        if found:
            return found.group(1).upper()
    return ""


def expand(spec: str) -> list[str]:
    """An area as people write it, as codes: "1-8" -> 1..8; "1-8,12" -> 1..8, 12;
    anything else (a region, "B") stays as it is."""
    out: list[str] = []
    for part in re.split(r"[,，、;；\s]+", spec.strip()):
        part = part.strip().removesuffix("栋").removesuffix("号楼")
        if not part:
            continue
        span = RANGE.match(part)
        if span:
            low, high = int(span.group(1)), int(span.group(2))
            out.extend(str(n) for n in range(min(low, high), max(low, high) + 1))
        else:
            out.append(part.upper() if len(part) == 1 else part)
    return list(dict.fromkeys(out))
