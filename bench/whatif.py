"""What-if: the product fixes this benchmark suggests, applied as in-process patches.

`python -m bench.run --what-if` applies them in the benchmark process and (through
TOUSU_BENCH_WHATIF=1, read by bench.bareapp) in the server it starts, so a run shows what
the suggested changes would give. Nothing here changes product files; each patch names
the product change it stands for.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Value
from django.db.models.lookups import Exact
from django.db.models.sql.where import WhereNode

APPLIED: list[str] = []


def _explicit_booleans(node: WhereNode) -> None:
    """Rewrite `boolfield = True` lookups, which Django renders as a bare `WHERE "is_open"`
    that SQLite cannot match to an index column, into `"is_open" = %s`."""
    for i, child in enumerate(node.children):
        if isinstance(child, WhereNode):
            _explicit_booleans(child)
        elif isinstance(child, Exact) and isinstance(child.rhs, bool):
            node.children[i] = Exact(child.lhs, Value(child.rhs))


def patch_selectors() -> None:
    """Product fix: in tousu.cases.selectors.filtered, filter open cases with an explicit
    comparison, e.g. `qs.filter(Exact(F("is_open"), Value(True)))` or `is_open__in=[True]`."""
    from tousu.cases import selectors

    original = selectors.filtered

    def filtered(filters: Any, now: dt.datetime | None = None) -> Any:
        qs = original(filters, now)
        _explicit_booleans(qs.query.where)
        return qs

    selectors.filtered = filtered
    APPLIED.append("selectors: explicit `is_open = true` so SQLite uses complaint_dept_due / complaint_open_due")


# What render.summary reads (and keyset pagination orders by).
SUMMARY_FIELDS = (
    "number",
    "policy_name",
    "kind",
    "channel",
    "state",
    "version",
    "received_at",
    "category",
    "urgent",
    "severity",
    "department__code",
    "assignee__username",
    "next_due_at",
    "is_open",
    "complainant_name",
    "content",
)


def patch_list_columns() -> None:
    """Product fix: the list endpoint reads only the columns of a case summary
    (`qs.only(*SUMMARY_FIELDS)` before paging) instead of ~60 complaint columns plus whole
    department and auth_user rows (password hash included) for each of the 51 rows."""
    from tousu.cases import selectors

    original = selectors.page

    def page(qs: Any, ordering: Any, cursor: str | None, limit: int) -> Any:
        return original(qs.only(*SUMMARY_FIELDS), ordering, cursor, limit)

    selectors.page = page
    APPLIED.append("list: only the summary's columns (16 fields) instead of full complaint/department/user rows")


def patch_get_case() -> None:
    """Product fix: tousu.api.complaints.get_case does not load the policy version's YAML
    source and JSON spec (the detail shows only its number) nor the merged-into complaint
    (read only when set), and takes `[:1]` instead of `.first()` (no ORDER BY on a unique
    lookup)."""
    from tousu.api import complaints
    from tousu.cases.errors import NotFound
    from tousu.cases.models import Complaint

    def get_case(number: str) -> Complaint:
        found = list(
            Complaint.objects.select_related("department", "assignee", "received_by", "policy_version")
            .defer("policy_version__source", "policy_version__spec")
            .filter(number=number)[:1]
        )
        if not found:
            raise NotFound("No case with this tracking number.")
        return found[0]

    complaints.get_case = get_case
    APPLIED.append("get_case: no PolicyVersion source/spec, no merged_into join, [:1] instead of .first()")


def patch_current_version() -> None:
    """Product fix: tousu.policies.registry.current_version reads only `current_id` and keeps
    the (immutable) PolicyVersion per id in process, instead of loading the version's YAML
    source and JSON spec on every intake."""
    from tousu.cases import intake
    from tousu.policies.models import Policy, PolicyVersion
    from tousu.policies.registry import UnknownPolicy

    cache: dict[int, PolicyVersion] = {}

    def current_version(name: str) -> PolicyVersion:
        ids = list(Policy.objects.filter(name=name).values_list("current_id", flat=True)[:1])
        if not ids or ids[0] is None:
            raise UnknownPolicy(name)
        version = cache.get(ids[0])
        if version is None:
            version = cache[ids[0]] = PolicyVersion.objects.only("id", "policy_id", "number").get(pk=ids[0])
        return version

    intake.current_version = current_version
    APPLIED.append("current_version: current_id only, PolicyVersion cached per id")


def patch_token_auth() -> None:
    """Product fix: tousu.api.auth.TokenAuth takes `[:1]` instead of `.first()`."""
    from tousu.api.auth import TokenAuth
    from tousu.org.models import ApiToken, hash_token

    def authenticate(self: Any, request: Any, token: str) -> Any:
        found = list(
            ApiToken.objects.select_related("user", "user__staff").filter(
                digest=hash_token(token), revoked_at__isnull=True, user__is_active=True
            )[:1]
        )
        if not found:
            return None
        request.user = found[0].user
        return found[0].user

    TokenAuth.authenticate = authenticate  # type: ignore[method-assign]
    APPLIED.append("TokenAuth: [:1] instead of .first()")


def apply() -> list[str]:
    if not APPLIED:
        patch_selectors()
        patch_list_columns()
        patch_get_case()
        patch_current_version()
        patch_token_auth()
    return APPLIED
