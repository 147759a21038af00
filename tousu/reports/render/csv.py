"""A Document's tables as one CSV file: each table under its title, a blank line between.
UTF-8 with a byte-order mark so that Excel opens the Chinese text correctly; rates are
percentages (80.0 means 80%)."""

from __future__ import annotations

import csv
import io

from tousu.reports.document import Cell, Column, Document
from tousu.reports.render.cells import neutralise


def _value(value: Cell, column: Column) -> Cell:
    if value is None:
        return ""
    if column.kind == "pct" and isinstance(value, int | float):
        return round(value * 100, 1)
    return neutralise(value)


def render_csv(document: Document) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(f"{document.code} {document.title}".strip()), neutralise(document.subtitle)])
    for table in document.tables():
        writer.writerow([])
        writer.writerow([neutralise(table.title)])
        writer.writerow([neutralise(c.label + (" (%)" if c.kind == "pct" else "")) for c in table.columns])
        for row in [*table.rows, *([table.total] if table.total else [])]:
            writer.writerow([_value(v, c) for v, c in zip(row, table.columns, strict=False)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
