"""Chinese word segmentation for the index, the query parser and the suggestions.

Text is normalised (NFKC: full-width digits and letters become ASCII; lower case), then
cut into runs of Chinese characters and runs of ASCII letters/digits; everything else
separates. Chinese runs are segmented with rjieba (jieba's Rust port: jieba's dictionary
and the same cuts, measured identical on the evaluation set and 2,000 generated complaints,
about ten times faster) plus the domain dictionary (`dictionary/domain.txt`, jieba's
format) and the words an administrator added (`DictionaryWord`).

Why the index and the query are segmented differently: a document is indexed with every
dictionary word found at any position (jieba's full mode) plus every single character,
while a query is cut once (accurate mode, no HMM guessing). Each query word is then a
dictionary word or a single character, and if it occurs anywhere in the text it is among
the document's tokens, however the document's own sentence would have been split
(南山花园 contains 山花 for a query 山花). Single characters make one-character queries
work. The tokens are plain words separated by spaces, so SQLite FTS5's default tokenizer
and PostgreSQL's `to_tsvector('simple', …)` see the same tokens (FACTS.md: trigram
indexes cannot match one- or two-character queries, and pg_trgm drops Chinese in a C
locale).
"""

from __future__ import annotations

import re
import threading
import time
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

import rjieba

DOMAIN_DICTIONARY = Path(__file__).resolve().parent / "dictionary" / "domain.txt"
# Administrator-added words are re-read at most this often per process.
RELOAD_SECONDS = 60.0

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
RUNS = re.compile(rf"[{_CJK}]+|[0-9a-z]+")
CJK_RUN = re.compile(rf"^[{_CJK}]+$")
# A number with its unit of place (3号楼, 2单元, 502室, 8楼): one token, so that 3号楼 does
# not match every text with a 3 and a 号楼 in it. Longer units first.
NUMBERED = re.compile(r"(\d+)\s*(号楼|号院|单元|号|栋|幢|座|楼|层|室|户|期|区|门|车位)")
QUERY_PARTS = re.compile(rf"{NUMBERED.pattern}|[{_CJK}]+|[0-9a-z]+")

# Words too common to say anything about what a complaint is about (similarity only).
STOP_WORDS = frozenset(
    "的 了 是 在 我 我们 你们 他们 她 他 有 和 就 不 都 也 很 到 说 要 去 会 着 没有 看 好 自己 这 那 这个 那个 "
    "一个 什么 怎么 还 又 但是 因为 所以 如果 已经 现在 今天 昨天 一直 一下 可以 能 没 被 把 给 让 对 从 "
    "请 您 你 吗 呢 吧 啊 问题 情况 反映 投诉 要求 希望 尽快 处理 解决 多次 几次 时候 之后 以后 然后 "
    "目前 还是 而且 并且 以及 或者 等 等等 其他 一些 这样 那样 非常 比较 特别 就是".split()
)

# Letters that have a lower case: ASCII, Latin, Greek, Cyrillic and the like.
HAS_CASE = re.compile("[A-Z\u00c0-\u058f\u1e00-\u1fff\u2c00-\u2dff\ua640-\ua7ff]")

_lock = threading.Lock()
_tokenizer: rjieba.Jieba | None = None
_extra_signature: tuple[int, int] | None = None
_checked_at = 0.0


def normalise(text: str) -> str:
    text = text or ""
    # Both checks are much cheaper than folding Chinese text that needs nothing (str.lower
    # looks every non-ASCII character up); ranking normalises hundreds of texts per search.
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return text.lower() if HAS_CASE.search(text) else text


def fold_case(text: str) -> str:
    """Lower case only: cheap enough to apply to every ranking candidate (NFKC would be
    run on nearly every Chinese text, whose full-width commas it rewrites)."""
    return text.lower() if HAS_CASE.search(text) else text


def _runs(text: str) -> Iterator[str]:
    yield from RUNS.findall(normalise(text))


def _added_words() -> tuple[tuple[int, int], list[tuple[str, int]]]:
    """Words administrators added, and a signature that changes when they change."""
    from django.db import DatabaseError
    from django.db.models import Count, Max

    from tousu.search.models import DictionaryWord

    try:
        stats = DictionaryWord.objects.aggregate(n=Count("id"), last=Max("id"))
        words = list(DictionaryWord.objects.values_list("word", "weight"))
    except DatabaseError:
        # No table yet (before `migrate`): the bundled dictionary alone.
        return (0, 0), []
    return (stats["n"] or 0, stats["last"] or 0), words


def _build(added: list[tuple[str, int]]) -> rjieba.Jieba:
    """A segmenter with jieba's dictionary, the domain dictionary and the added words.
    Built whole and never changed afterwards, so threads may share it."""
    fresh = rjieba.Jieba()
    for line in DOMAIN_DICTIONARY.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if parts:
            freq = int(parts[1]) if len(parts) > 1 else None
            fresh.add_word(parts[0], freq, parts[2] if len(parts) > 2 else None)
    for word, weight in added:
        fresh.add_word(normalise(word), weight or None, None)
    return fresh


def tokenizer() -> rjieba.Jieba:
    """The process's segmenter. A new one replaces it when the added words change (a
    removed word is then gone too)."""
    global _tokenizer, _extra_signature, _checked_at
    now = time.monotonic()
    if _tokenizer is not None and now - _checked_at < RELOAD_SECONDS:
        return _tokenizer
    with _lock:
        if _tokenizer is None or now - _checked_at >= RELOAD_SECONDS:
            signature, words = _added_words()
            if _tokenizer is None or signature != _extra_signature:
                _tokenizer = _build(words)
                _extra_signature = signature
            _checked_at = now
    return _tokenizer


def reload_dictionary() -> None:
    """Pick up added or removed words now (after an administrator changes one in this process)."""
    global _checked_at, _extra_signature
    _checked_at = 0.0
    _extra_signature = None
    tokenizer()


def index_tokens(text: str) -> set[str]:
    """Every token a document is findable by (see the module docstring)."""
    tok = tokenizer()
    out: set[str] = {number + unit for number, unit in NUMBERED.findall(normalise(text))}
    for run in _runs(text):
        if CJK_RUN.match(run):
            out.update(run)
            out.update(w for w in tok.cut_all(run) if len(w) > 1)
        else:
            out.add(run)
    return out


def query_words(text: str) -> list[str]:
    """A query's words in order, each a dictionary word, one character or an ASCII run."""
    tok = tokenizer()
    out: list[str] = []
    for found in QUERY_PARTS.finditer(normalise(text)):
        number, unit = found.group(1), found.group(2)
        run = found.group(0)
        if number is not None:
            out.append(number + unit)
        elif CJK_RUN.match(run):
            out.extend(w for w in tok.cut(run, False) if w.strip())
        else:
            out.append(run)
    return out


def content_terms(text: str) -> set[str]:
    """The words that say what a text is about: for similarity and the classifier.
    Numbered places (3栋, 2单元) are left out: where a case is, is `place`'s job."""
    tok = tokenizer()
    out: set[str] = set()
    for run in _runs(NUMBERED.sub(" ", normalise(text))):
        if CJK_RUN.match(run):
            out.update(w for w in tok.cut(run, False) if len(w) > 1 and w not in STOP_WORDS)
        elif not run.isdigit() and len(run) > 1:
            out.add(run)
    return out


def joined(tokens: Iterable[str]) -> str:
    """Tokens as the index stores them: sorted (stable rows), separated by spaces."""
    return " ".join(sorted(set(tokens)))
