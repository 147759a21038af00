from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from tousu.org.models import ApiToken
from tousu.org.tokens import SCOPES


class Command(BaseCommand):
    help = "API tokens: `tousu token create USER [--name NAME]`, `tousu token revoke PREFIX`, `tousu token list USER`."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="sub", required=True)
        create = sub.add_parser("create", help="issue a token; it is printed once")
        create.add_argument("user")
        create.add_argument("--name", default="")
        create.add_argument(
            "--scopes", default="read,write,reports", help="comma-separated: read, write, reports (default: all)"
        )
        revoke = sub.add_parser("revoke", help="revoke a token by its prefix")
        revoke.add_argument("prefix")
        listing = sub.add_parser("list", help="list a user's tokens")
        listing.add_argument("user")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["sub"] == "revoke":
            count = ApiToken.objects.filter(prefix=options["prefix"], revoked_at__isnull=True).update(
                revoked_at=timezone.now()
            )
            if not count:
                raise CommandError(f"no active token starting with {options['prefix']!r}")
            self.stdout.write(f"revoked {count} token(s)")
            return
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"no user {options['user']!r}")
        if options["sub"] == "list":
            for token in ApiToken.objects.filter(user=user).order_by("created_at"):
                state = "revoked" if token.revoked_at else "active"
                self.stdout.write(f"{token.prefix}…\t{token.name}\t{token.created_at:%Y-%m-%d}\t{state}")
            return
        scopes = [s.strip() for s in options["scopes"].split(",") if s.strip()]
        unknown = sorted(set(scopes) - set(SCOPES))
        if unknown or not scopes:
            raise CommandError(f"unknown scopes {unknown}: use {', '.join(SCOPES)}")
        _, raw = ApiToken.issue(user, options["name"], ",".join(scopes))
        self.stdout.write(raw)
