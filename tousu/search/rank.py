"""Ranking and snippets, computed the same way on both databases (so SQLite and
PostgreSQL give the same order for the same data): from the raw text of the candidates."""

from __future__ import annotations

import math
import re
from html import escape

from tousu.search import segment

SNIPPET_CHARS = 80
# A hit in the complaint's own content weighs more than one in an address or a reply.
CONTENT_WEIGHT = 2.0
PHRASE_BONUS = 3.0


def score(body: str, words: list[str], phrase: str) -> float:
    """Relevance of one candidate: each query word by its (damped) number of occurrences,
    counted double in the content line, plus a bonus when the query occurs as typed."""
    text = segment.fold_case(body)
    first_line = text.split("\n", 1)[0]
    total = 0.0
    for word in words:
        count = text.count(word)
        if count:
            weight = CONTENT_WEIGHT if word in first_line else 1.0
            total += weight * (1.0 + math.log(count))
    if phrase and len(words) > 1 and phrase in text.replace(" ", ""):
        total += PHRASE_BONUS
    return round(total, 4)


def snippet(body: str, words: list[str]) -> str:
    """A short HTML-escaped extract around the first hit, every hit wrapped in <mark>."""
    lines = [line for line in body.split("\n") if line]
    if not lines:
        return ""
    normalised = [segment.normalise(line) for line in lines]
    longest_first = sorted({w for w in words if w}, key=len, reverse=True)
    chosen, position = 0, -1
    for index, line in enumerate(normalised):
        hits = [line.find(w) for w in longest_first if w in line]
        if hits:
            chosen, position = index, min(hits)
            break
    line, norm = lines[chosen], normalised[chosen]
    if len(norm) != len(line):  # NFKC changed the length: highlight on the normalised text
        line = norm
    start = max(0, position - SNIPPET_CHARS // 3) if position >= 0 else 0
    end = min(len(line), start + SNIPPET_CHARS)
    piece, piece_norm = line[start:end], norm[start:end]
    marks = [False] * len(piece)
    for word in longest_first:
        for found in re.finditer(re.escape(word), piece_norm):
            for i in range(found.start(), found.end()):
                marks[i] = True
    out: list[str] = ["…" if start > 0 else ""]
    run_start = 0
    for i in range(1, len(piece) + 1):
        if i == len(piece) or marks[i] != marks[run_start]:
            text = escape(piece[run_start:i])
            out.append(f"<mark>{text}</mark>" if marks[run_start] else text)
            run_start = i
    if end < len(line):
        out.append("…")
    return "".join(out)
