"""Text cells made safe to open in a spreadsheet (CSV/formula injection).

A cell whose text begins with = + - @ (or a tab or carriage return, which some programs
strip before reading the rest) is run as a formula by Excel and its kin; a complainant
could write `=HYPERLINK(...)` into a complaint. Such text is prefixed with an apostrophe,
the usual way to say "this is text", so it is shown, never evaluated.
"""

from __future__ import annotations

from typing import TypeVar

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
T = TypeVar("T")


def neutralise(value: T) -> T | str:
    if isinstance(value, str) and value.startswith(TRIGGERS):
        return "'" + value
    return value
