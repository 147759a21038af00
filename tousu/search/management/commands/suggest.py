"""`tousu suggest evaluate|train|accuracy|show`: shells around tousu.search.suggest."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tousu.policies.registry import UnknownPolicy, current_version_id, spec_of_version
from tousu.policies.schema import Policy as PolicySpec
from tousu.search.models import SuggestionRecord
from tousu.search.suggest import classifier
from tousu.search.suggest.engine import FIELDS, suggest
from tousu.search.suggest.evaluate import evaluate, load


def _spec(name: str) -> PolicySpec:
    try:
        return spec_of_version(current_version_id(name))
    except UnknownPolicy:
        raise CommandError(f"no policy {name!r}; load it first (tousu setup / tousu policy load)") from None


class Command(BaseCommand):
    help = "Suggestions at intake: evaluate on the labelled set, train a classifier, measure accuracy."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        ev = sub.add_parser("evaluate", help="precision and recall per field on the labelled evaluation set")
        ev.add_argument("--split", choices=["dev", "held_out", "all"], default=None, help="default: both, separately")
        ev.add_argument("--policy")
        ev.add_argument("--misses", action="store_true", help="list the wrong suggestions (dev split only)")
        tr = sub.add_parser("train", help="train a category classifier on the policy's closed cases")
        tr.add_argument("policy")
        acc = sub.add_parser("accuracy", help="how often receptionists kept the suggestion, per field")
        acc.add_argument("--policy")
        show = sub.add_parser("show", help="the suggestions for a text")
        show.add_argument("policy")
        show.add_argument("text")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['what']}")(options)

    def _evaluate(self, options: dict[str, Any]) -> None:
        items = [i for i in load() if options["policy"] in (None, i.policy)]
        splits = [options["split"]] if options["split"] else ["dev", "held_out"]
        specs: dict[str, PolicySpec] = {}

        def spec_for(name: str) -> PolicySpec:
            if name not in specs:
                specs[name] = _spec(name)
            return specs[name]

        self.stdout.write(f"{'split':<9} {'field':<11} {'cases':>5} {'precision':>9} {'recall':>7}")
        for split in splits:
            chosen = [i for i in items if split == "all" or i.split == split]
            scores, misses = evaluate(chosen, spec_for)
            for score in scores.values():
                self.stdout.write(
                    f"{split:<9} {score.field:<11} {score.cases:>5} {score.precision:>9.3f} {score.recall:>7.3f}"
                )
            if options["misses"] and split == "dev":
                for miss in misses:
                    wanted = getattr(miss.item, miss.field)
                    self.stdout.write(f"  {miss.item.policy} {miss.field}: {miss.got} ≠ {wanted}  {miss.item.text}")

    def _train(self, options: dict[str, Any]) -> None:
        spec = _spec(options["policy"])
        try:
            saved = classifier.train(spec)
        except ValueError as error:
            raise CommandError(str(error)) from None
        verdict = "active: it beats the rules" if saved.active else "not used: the rules do at least as well"
        self.stdout.write(
            f"trained on {saved.cases} closed cases; held-out accuracy {saved.accuracy:.3f} "
            f"vs rules {saved.rules_accuracy:.3f}; {verdict}"
        )

    def _accuracy(self, options: dict[str, Any]) -> None:
        records = SuggestionRecord.objects.all()
        if options["policy"]:
            records = records.filter(policy_name=options["policy"])
        kept: Counter[str] = Counter()
        total: Counter[str] = Counter()
        for suggested, chosen in records.values_list("suggested", "chosen").iterator():
            for name in FIELDS:
                if name in suggested and name in chosen:
                    total[name] += 1
                    kept[name] += suggested[name] == chosen[name]
        for name in FIELDS:
            if total[name]:
                self.stdout.write(f"{name:<15} {kept[name]:>6}/{total[name]:<6} {kept[name] / total[name]:.3f}")
        if not total:
            self.stdout.write("no suggestion recorded yet")

    def _show(self, options: dict[str, Any]) -> None:
        for name, s in suggest(_spec(options["policy"]), options["text"]).items():
            self.stdout.write(f"{name:<15} {s.value!s:<22} {s.reason}")
