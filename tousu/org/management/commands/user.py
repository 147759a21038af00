from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from tousu.cases.vocab import Role
from tousu.org.areas import expand
from tousu.org.models import Position, Staff, Unit


class Command(BaseCommand):
    help = "Manage staff accounts: `tousu user add USERNAME --role ROLE [--department CODE] [--name NAME]`."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="sub", required=True)
        add = sub.add_parser("add", help="add a staff member")
        add.add_argument("username")
        add.add_argument("--role", required=True, choices=[r.value for r in Role])
        add.add_argument("--department", "--unit", dest="department", help="unit code (a department, an office)")
        add.add_argument("--name", help="display name (e.g. 张丽)")
        add.add_argument("--password", help="password (default: prompt-free random, printed once)")
        add.add_argument("--phone", default="")
        sub.add_parser("list", help="list staff")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["sub"] == "list":
            for staff in Staff.objects.select_related("user").order_by("user__username"):
                held = Position.objects.filter(user=staff.user).select_related("unit")
                where = ", ".join(f"{p.role}@{p.unit.code if p.unit else '-'}" for p in held) or "-"
                self.stdout.write(f"{staff.user.username}\t{where}\t{staff.display_name}")
            return
        if options["password"]:
            # The configured password rules (settings.AUTH_PASSWORD_VALIDATORS), as in the admin.
            try:
                validate_password(options["password"])
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            add_user(**{k: options[k] for k in ("username", "role", "department", "name", "password", "phone")})
        )


def add_user(
    username: str,
    role: str,
    department: str | None,
    name: str | None,
    password: str | None,
    phone: str = "",
    *,
    title: str = "",
    duties: str = "",
    area: str = "",
) -> str:
    """A login with its person and one position (`tousu org import` gives several)."""
    import secrets

    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise CommandError(f"user {username!r} already exists")
    unit = None
    if department:
        unit = Unit.objects.filter(code=department).first()
        if unit is None:
            raise CommandError(f"no unit with code {department!r} (see `tousu org show` or the admin)")
    raw = password or secrets.token_urlsafe(9)
    with transaction.atomic():
        user = User.objects.create_user(
            username=username,
            password=raw,
            is_staff=role == Role.ADMINISTRATOR,
            is_superuser=role == Role.ADMINISTRATOR,
        )
        Staff.objects.create(user=user, display_name=name or username, phone=phone)
        areas = ",".join(expand(area))
        Position.objects.create(user=user, role=role, unit=unit, title=title, duties=duties, area=areas)
    return f"created {username} ({role}){'' if password else f', password: {raw}'}"
