"""Loading policy files: YAML in, a validated spec out, errors naming file, line and field."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from pydantic import ValidationError

from tousu.policies import registry
from tousu.policies.models import Policy, PolicyVersion
from tousu.policies.schema import Policy as PolicySpec
from tousu.policies.schema import cross_field_problems

PRESETS_DIR = Path(__file__).parent / "presets"


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class PolicyError(ValueError):
    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when the wheel has it


class PolicyYamlLoader(_BaseLoader):  # type: ignore[valid-type, misc]
    """YAML 1.2 booleans: only true/false. YAML 1.1 would read the key `on:` of a clock
    trigger (and answers like yes/no/off) as booleans."""


PolicyYamlLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
PolicyYamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _line_of(node: yaml.Node | None, path: tuple[Any, ...]) -> int | None:
    """The 1-based line of the YAML node at `path` (or of its nearest existing parent); for
    a key of a mapping, the line of the key (`butler:`), not of the block under it."""
    line = node.start_mark.line + 1 if node is not None else None
    for key in path:
        if isinstance(node, yaml.MappingNode):
            match = next(((k, v) for k, v in node.value if getattr(k, "value", None) == str(key)), None)
            if match is None:
                break
            line = match[0].start_mark.line + 1
            node = match[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
            line = node.start_mark.line + 1
        else:
            break
    return line


def parse(text: str, filename: str = "<policy>") -> PolicySpec:
    try:
        data = yaml.load(text, Loader=PolicyYamlLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise PolicyError(
            [Problem(filename, mark.line + 1 if mark else None, "", f"not valid YAML: {error}")]
        ) from None
    if not isinstance(data, dict):
        raise PolicyError([Problem(filename, 1, "", "a policy file must be a mapping of fields")])
    try:
        spec = PolicySpec.model_validate(data)
    except ValidationError as error:
        located = [(_clean_loc(item["loc"]), item["msg"]) for item in error.errors()]
    else:
        located = [(loc, message) for loc, message in cross_field_problems(spec)]
        if not located:
            return spec
    raise PolicyError(locate(text, filename, located))


def locate(text: str, filename: str, located: list[tuple[tuple[Any, ...], str]]) -> list[Problem]:
    """Problems at a field path (("routing", 2, "department"), message), each with the
    line of the YAML that holds it: what the schema, the cross-field checks and the
    organisation checks (tousu.policies.resolve) report alike."""
    root = yaml.compose(text, Loader=PolicyYamlLoader)  # again, for line numbers
    return [Problem(filename, _line_of(root, loc), ".".join(str(p) for p in loc), message) for loc, message in located]


def _clean_loc(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    # pydantic adds union-member tags such as "list[str]" or "function-after[...]" to locations.
    tags = ("function-", "list[", "str", "bool", "int", "literal")
    return tuple(p for p in loc if not (isinstance(p, str) and p.startswith(tags)))


def parse_file(path: str | Path) -> tuple[PolicySpec, str]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise PolicyError([Problem(str(path), None, "", f"cannot read the file: {error.strerror}")]) from None
    return parse(text, str(path)), text


def store(spec: PolicySpec, source: str) -> tuple[PolicyVersion, bool]:
    """Save a new version unless the current one has the same content. Returns (version, created)."""
    digest = hashlib.sha256(source.encode()).hexdigest()
    with transaction.atomic():
        policy, _ = Policy.objects.get_or_create(name=spec.name, defaults={"title": spec.title})
        current = policy.current
        if current is not None and current.digest == digest:
            return current, False
        number = (policy.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        version = PolicyVersion.objects.create(
            policy=policy, number=number, source=source, spec=spec.model_dump(mode="json"), digest=digest
        )
        policy.current = version
        policy.title = spec.title
        policy.save(update_fields=["current", "title"])
    ensure_departments(spec)
    registry.forget()
    return version, True


def ensure_departments(spec: PolicySpec) -> None:
    """Give a newly loaded policy an organisation (its own, named after it, until
    `tousu org import` or the admin places it) and, in every unit it runs in, a unit for
    each department it routes to that none plays yet."""
    from tousu.org import tree as org_tree
    from tousu.org.models import Organisation, Unit

    policy = Policy.objects.get(name=spec.name)
    if policy.organisation_id is None:
        name = spec.public_contact.organisation if spec.public_contact else spec.title
        organisation, _ = Organisation.objects.get_or_create(code=spec.name, defaults={"name": name})
        root = Unit.objects.filter(code=spec.name).first() or Unit.objects.create(
            organisation=organisation, code=spec.name, name=name, kind="organisation"
        )
        policy.organisation = organisation
        policy.save(update_fields=["organisation"])
        policy.homes.add(root)
    homes = list(policy.homes.order_by("pk"))
    for item in spec.departments:  # parents are declared before their children
        for home in homes:
            tree = org_tree.current()
            if tree.resolve(item.code, home.pk) is not None:
                continue
            parent = tree.resolve(item.parent, home.pk) if item.parent else None
            code = item.code if item.code not in tree.by_code else f"{home.code}_{item.code}"[:64]
            Unit.objects.create(
                organisation_id=home.organisation_id,
                code=code,
                name=item.name,
                kind=item.kind,
                parent_id=parent or home.pk,
                function="" if code == item.code else item.code,
            )
            org_tree.forget()


def preset_files() -> list[Path]:
    """The bundled presets in name order: the inspection institute's is loaded before the
    regulator's, whose hand-off names it (P2.4)."""
    return sorted(PRESETS_DIR.glob("*.yaml"))


def load_presets() -> list[tuple[PolicyVersion, bool]]:
    out = []
    for path in preset_files():
        spec, text = parse_file(path)
        out.append(store(spec, text))
    return out


def export(version: PolicyVersion) -> str:
    return version.source
