"""An optional category classifier trained on the organisation's own closed cases.

Multinomial naive Bayes over the content words (tousu.search.segment.content_terms): small,
explainable (the reason names the words that weighed most) and trained in seconds. It is
stored with its accuracy on held-out cases and the rules' accuracy on the same cases, and
used only while it is the better of the two (`active`).
"""

from __future__ import annotations

import math
import random
import time
from collections import Counter, defaultdict
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tousu.cases.models import Complaint
from tousu.policies.schema import Policy as PolicySpec
from tousu.search import segment
from tousu.search.models import TrainedClassifier

CACHE_SECONDS = 60.0
MIN_CASES = 50
_cache: dict[str, tuple[float, dict[str, Any] | None]] = {}


def fit(samples: list[tuple[str, str]]) -> dict[str, Any]:
    """A naive Bayes model from (text, category) pairs, as plain JSON data."""
    word_counts: dict[str, Counter[str]] = defaultdict(Counter)
    priors: Counter[str] = Counter()
    vocabulary: set[str] = set()
    for text, label in samples:
        terms = segment.content_terms(text)
        priors[label] += 1
        word_counts[label].update(terms)
        vocabulary |= terms
    return {
        "priors": dict(priors),
        "counts": {label: dict(c) for label, c in word_counts.items()},
        "totals": {label: sum(c.values()) for label, c in word_counts.items()},
        "vocabulary": len(vocabulary),
    }


def predict(model: dict[str, Any], text: str) -> tuple[str, list[str]] | None:
    terms = list(segment.content_terms(text))
    if not terms or not model["priors"]:
        return None
    n = sum(model["priors"].values())
    v = model["vocabulary"] + 1
    best: tuple[float, str] | None = None
    for label, prior in model["priors"].items():
        counts, total = model["counts"].get(label, {}), model["totals"].get(label, 0)
        logp = math.log(prior / n) + sum(math.log((counts.get(t, 0) + 1) / (total + v)) for t in terms)
        if best is None or logp > best[0]:
            best = (logp, label)
    if best is None:
        return None
    label = best[1]
    counts = model["counts"].get(label, {})
    strongest = sorted((t for t in terms if counts.get(t)), key=lambda t: -counts[t])[:5]
    return label, strongest


def _active_model(policy_name: str) -> dict[str, Any] | None:
    now = time.monotonic()
    hit = _cache.get(policy_name)
    if hit is not None and now - hit[0] < CACHE_SECONDS:
        return hit[1]
    found = (
        TrainedClassifier.objects.filter(policy_name=policy_name, active=True)
        .order_by("-trained_at")
        .values_list("model", flat=True)
        .first()
    )
    _cache[policy_name] = (now, found)
    return found


def forget() -> None:
    _cache.clear()


def classify(spec: PolicySpec, text: str) -> Any:
    """The classifier's category suggestion, or None when no active classifier exists."""
    from tousu.search.suggest.engine import Suggestion

    model = _active_model(spec.name)
    if model is None:
        return None
    found = predict(model, text)
    if found is None or found[0] not in spec.category_index():
        return None
    label, words = found
    reason = _("classifier trained on this organisation's closed cases; weighed most: %(words)s") % {
        "words": "、".join(words) or "—"
    }
    return Suggestion("category", label, reason, words, rule="classifier")


def train(spec: PolicySpec, samples: list[tuple[str, str]] | None = None, seed: int = 7) -> TrainedClassifier:
    """Train on the policy's closed cases (or `samples`), hold out one case in four, and
    keep the classifier active only if it beats the keyword rules on the held-out cases."""
    from tousu.search.suggest.engine import _best_category

    if samples is None:
        rows = Complaint.objects.filter(policy_name=spec.name, is_open=False).exclude(category="")
        samples = [(f"{c}\n{r}", cat) for c, r, cat in rows.values_list("content", "request", "category")]
    if len(samples) < MIN_CASES:
        raise ValueError(
            _("Too few closed cases with a category to train on (%(n)s; at least %(min)s).")
            % {"n": len(samples), "min": MIN_CASES}
        )
    shuffled = samples[:]
    random.Random(seed).shuffle(shuffled)  # noqa: S311 (a reproducible split, not a secret)
    cut = len(shuffled) // 4
    held_out, training = shuffled[:cut], shuffled[cut:]
    model = fit(training)
    hits = sum(1 for text, label in held_out if (predict(model, text) or ("",))[0] == label)
    rule_hits = 0
    for text, label in held_out:
        best = _best_category(spec, segment.normalise(text))
        rule_hits += int(best is not None and best[0].code == label)
    accuracy, rules_accuracy = hits / len(held_out), rule_hits / len(held_out)
    with transaction.atomic():
        beat = accuracy > rules_accuracy
        if beat:
            TrainedClassifier.objects.filter(policy_name=spec.name, active=True).update(active=False)
        saved = TrainedClassifier.objects.create(
            policy_name=spec.name,
            model=fit(samples) if beat else model,
            cases=len(samples),
            accuracy=accuracy,
            rules_accuracy=rules_accuracy,
            active=beat,
        )
    forget()
    return saved
