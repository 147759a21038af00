"""Words that rise this month against the previous months (P1.5: see new problems early).

Contents are segmented with the search app's segmenter (jieba's cuts, with the domain
dictionary). A word's weight in a period is the share of cases that contain it (document
frequency); its rise is this period's share over the previous periods' share, both
smoothed by one case so that a word never seen before does not divide by zero. Long
months are sampled evenly by id (SAMPLE cases per period): word shares are stable long
before 100,000 texts.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from types import SimpleNamespace

from django.db.models import F, QuerySet

from tousu.cases import personal
from tousu.cases.models import Complaint
from tousu.reports.scope import Scope
from tousu.search import segment

SAMPLE = 4000
MIN_CASES = 2  # a word must occur in at least this many of this period's cases
TOP = 12
WORD = re.compile(r"^[\u4e00-\u9fffA-Za-z]{2,}$")
# jieba's accurate mode with HMM cut "wi-fi" into "wi" and "fi"; rjieba keeps it whole.
PIECES = re.compile(r"[\u4e00-\u9fff]+|[A-Za-z]+")
# Words of every complaint: they say nothing about what is new.
STOPWORDS = frozenset(
    "业主 投诉 反映 问题 我们 你们 他们 一下 没有 已经 还是 希望 要求 请求 处理 情况 现在 这个 那个 "
    "什么 怎么 为什么 可以 不能 一直 每天 今天 昨天 经常 多次 非常 时候 这样 但是 因为 所以 如果 "
    "就是 还有 而且 之后 以后 目前 进行 物业 小区 联系 电话 尽快 解决".split()
)


@dataclass(frozen=True)
class RisingWord:
    word: str
    cases: int  # cases of this period (sample) containing it
    share: float
    previous_share: float
    rise: float


def words_of(text: str) -> set[str]:
    # The search app's segmenter, with the domain dictionary and the added words.
    pieces = (p for cut in segment.tokenizer().cut(text, True) for p in PIECES.findall(cut))
    return {w for w in pieces if WORD.match(w) and w not in STOPWORDS}


def _texts(cases: QuerySet[Complaint]) -> list[str]:
    n = cases.count()
    if n > SAMPLE:
        # An even sample by id: every k-th case, without sorting the period.
        step = -(-n // SAMPLE)
        cases = cases.alias(bucket=F("id") % step).filter(bucket=0)
    rows = cases.values_list("content", "confidential", *personal.FIELDS)[:SAMPLE]
    return [_without_reporter(*row) for row in rows]


def _without_reporter(content: str, confidential: bool, *identity: str) -> str:
    """P2.11: a confidential reporter's name or phone in their own words never becomes a
    "rising word": it is cut out before the words are counted (the case still counts)."""
    if not confidential:
        return content
    fields = SimpleNamespace(**dict(zip(personal.FIELDS, identity, strict=True)))
    return personal.cutter(personal.identity(fields))(content).replace(personal.CUT, " ")


def _document_frequency(texts: Iterable[str]) -> tuple[Counter[str], int]:
    counts: Counter[str] = Counter()
    n = 0
    for text in texts:
        counts.update(words_of(text))
        n += 1
    return counts, n


def rising_words(scope: Scope, previous_months: int = 3) -> list[RisingWord]:
    now_counts, n_now = _document_frequency(_texts(scope.cases()))
    if n_now == 0:
        return []
    before: list[str] = []
    period = scope.period
    for _ in range(previous_months):
        period = period.previous()
        before.extend(_texts(scope.with_period(period).cases()))
    then_counts, n_then = _document_frequency(before)
    out = []
    for word, cases in now_counts.items():
        if cases < MIN_CASES:
            continue
        share = cases / n_now
        previous = then_counts.get(word, 0) / n_then if n_then else 0.0
        rise = ((cases + 1) / (n_now + 1)) / ((then_counts.get(word, 0) + 1) / (n_then + 1))
        if rise > 1.0:
            out.append(RisingWord(word, cases, share, previous, round(rise, 2)))
    out.sort(key=lambda w: (-w.rise, -w.cases, w.word))
    return out[:TOP]
