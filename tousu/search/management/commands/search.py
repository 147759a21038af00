"""`tousu search rebuild|query|similar|words`: shells around tousu.search."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tousu.cases import selectors
from tousu.cases.errors import DomainError
from tousu.cases.models import Complaint
from tousu.search import index, segment, similar
from tousu.search.models import DictionaryWord
from tousu.search.service import search_cases


class Command(BaseCommand):
    help = "Full-text search: rebuild the index, search, similar cases, dictionary words."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        sub.add_parser("rebuild", help="rebuild the whole index from the cases")
        query = sub.add_parser("query", help="search cases as the API's q= does")
        query.add_argument("text")
        query.add_argument("--policy")
        query.add_argument("--open", action="store_true", default=None)
        query.add_argument("--limit", type=int, default=20)
        near = sub.add_parser("similar", help="open and recent cases similar to a case")
        near.add_argument("number")
        words = sub.add_parser("words", help="the administrators' dictionary words")
        words.add_argument("action", choices=["list", "add", "remove"])
        words.add_argument("word", nargs="*")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['what']}")(options)
        except DomainError as error:
            raise CommandError(str(error.message)) from None

    def _rebuild(self, options: dict[str, Any]) -> None:
        total = index.rebuild(
            progress=lambda n: self.stderr.write(f"\r{n} cases", ending="") if n % 5000 == 0 else None
        )
        self.stdout.write(f"indexed {total} cases")

    def _query(self, options: dict[str, Any]) -> None:
        filters = selectors.CaseFilters(policy=options["policy"], open=options["open"])
        result = search_cases(None, options["text"], filters, limit=options["limit"])
        numbers = dict(
            Complaint.objects.filter(pk__in=[h.complaint_id for h in result.hits]).values_list("pk", "number")
        )
        for hit in result.hits:
            text = hit.snippet.replace("<mark>", "[").replace("</mark>", "]")
            self.stdout.write(f"{numbers[hit.complaint_id]}  {hit.score:6.2f}  {hit.matched:<6} {text}")
        if not result.hits:
            self.stdout.write("no case found")
        elif result.more:
            self.stdout.write("… ranked among the newest matches only; add filters to narrow")

    def _similar(self, options: dict[str, Any]) -> None:
        complaint = selectors.complaint_by_number(options["number"])
        result = similar.similar_cases(None, similar.draft_of(complaint))
        numbers = dict(
            Complaint.objects.filter(pk__in=[c.complaint_id for c in result.cases]).values_list("pk", "number")
        )
        self.stdout.write(f"same phone: {result.same_phone}  same place: {result.same_place}")
        for case in result.cases:
            self.stdout.write(f"{numbers[case.complaint_id]}  {case.similarity:.2f}  {', '.join(case.reasons)}")

    def _words(self, options: dict[str, Any]) -> None:
        if options["action"] == "list":
            for word in DictionaryWord.objects.order_by("word"):
                self.stdout.write(f"{word.word}\t{word.weight}\t{word.note}")
            return
        if not options["word"]:
            raise CommandError("give one or more words")
        for text in options["word"]:
            if options["action"] == "add":
                if not segment.CJK_RUN.match(segment.normalise(text)):
                    raise CommandError(f"{text!r}: dictionary words are Chinese characters only")
                DictionaryWord.objects.get_or_create(word=segment.normalise(text))
            else:
                DictionaryWord.objects.filter(word=segment.normalise(text)).delete()
        segment.reload_dictionary()
        self.stdout.write("done; run `tousu search rebuild` so that cases already indexed find them too")
