from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from tousu.cases.vocab import Role
from tousu.org.models import Department, Staff


class Command(BaseCommand):
    help = "Manage staff accounts: `tousu user add USERNAME --role ROLE [--department CODE] [--name NAME]`."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="sub", required=True)
        add = sub.add_parser("add", help="add a staff member")
        add.add_argument("username")
        add.add_argument("--role", required=True, choices=[r.value for r in Role])
        add.add_argument("--department", help="department code")
        add.add_argument("--name", help="display name (e.g. 张丽)")
        add.add_argument("--password", help="password (default: prompt-free random, printed once)")
        add.add_argument("--phone", default="")
        sub.add_parser("list", help="list staff")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["sub"] == "list":
            for staff in Staff.objects.select_related("user", "department").order_by("user__username"):
                dept = staff.department.code if staff.department else "-"
                self.stdout.write(f"{staff.user.username}\t{staff.role}\t{dept}\t{staff.display_name}")
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
    username: str, role: str, department: str | None, name: str | None, password: str | None, phone: str = ""
) -> str:
    import secrets

    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise CommandError(f"user {username!r} already exists")
    dept = None
    if department:
        dept = Department.objects.filter(code=department).first()
        if dept is None:
            raise CommandError(f"no department with code {department!r} (see `tousu policy show` or the admin)")
    raw = password or secrets.token_urlsafe(9)
    with transaction.atomic():
        user = User.objects.create_user(
            username=username,
            password=raw,
            is_staff=role == Role.ADMINISTRATOR,
            is_superuser=role == Role.ADMINISTRATOR,
        )
        Staff.objects.create(user=user, role=role, department=dept, display_name=name or username, phone=phone)
    return f"created {username} ({role}){'' if password else f', password: {raw}'}"
