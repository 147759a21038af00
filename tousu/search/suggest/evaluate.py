"""Measuring the suggestions against the labelled evaluation set
(`evaluation/complaints.tsv`: realistic complaints across the five presets with their
category, same-day urgency and department).

The set is split in two: `dev` cases may be looked at while writing keyword rules;
`held_out` cases must not be, so their figures say how the rules do on unseen wording.
Category and department: precision = right / suggested, recall = right / cases (a
category may go unsuggested when no keyword matches). Urgency: precision and recall of
"urgent" (missing an urgent case is the costly error, P4.7.1).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from tousu.policies.schema import Policy as PolicySpec
from tousu.search.suggest.engine import suggest

EVALUATION_SET = Path(__file__).resolve().parent.parent / "evaluation" / "complaints.tsv"
EVALUATED_FIELDS = ("category", "urgent", "department")


@dataclass(frozen=True)
class Labelled:
    policy: str
    split: str
    category: str
    urgent: bool
    department: str
    text: str


@dataclass
class Score:
    field: str
    cases: int = 0
    suggested: int = 0
    right: int = 0
    # For urgency: true positives, predicted positives, actual positives.
    tp: int = 0
    predicted: int = 0
    actual: int = 0

    @property
    def precision(self) -> float:
        if self.field == "urgent":
            return self.tp / self.predicted if self.predicted else 1.0
        return self.right / self.suggested if self.suggested else 0.0

    @property
    def recall(self) -> float:
        if self.field == "urgent":
            return self.tp / self.actual if self.actual else 1.0
        return self.right / self.cases if self.cases else 0.0


def load(path: Path = EVALUATION_SET) -> list[Labelled]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [
            Labelled(r["policy"], r["split"], r["category"], r["urgent"] == "true", r["department"], r["text"])
            for r in rows
        ]


@dataclass(frozen=True)
class Miss:
    item: Labelled
    field: str
    got: object


def evaluate(items: Iterable[Labelled], spec_for: Callable[[str], PolicySpec]) -> tuple[dict[str, Score], list[Miss]]:
    scores = {name: Score(name) for name in EVALUATED_FIELDS}
    misses: list[Miss] = []
    for item in items:
        spec = spec_for(item.policy)
        found = suggest(spec, item.text, {"channel": "phone"})
        category = found["category"].value if "category" in found else None
        s = scores["category"]
        s.cases += 1
        s.suggested += category is not None
        s.right += category == item.category
        if category != item.category:
            misses.append(Miss(item, "category", category))
        urgent = bool(found["urgent"].value)
        u = scores["urgent"]
        u.cases += 1
        u.tp += urgent and item.urgent
        u.predicted += urgent
        u.actual += item.urgent
        u.right += urgent == item.urgent
        if urgent != item.urgent:
            misses.append(Miss(item, "urgent", urgent))
        department = found["department"].value or None
        d = scores["department"]
        d.cases += 1
        d.suggested += department is not None
        d.right += department == item.department
        if department != item.department:
            misses.append(Miss(item, "department", department))
    return scores, misses
