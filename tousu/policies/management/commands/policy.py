"""`tousu policy list | show | load | export | validate | diagram`: policy files and versions."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count
from django.utils.translation import gettext as _

from tousu.policies import loader, resolve
from tousu.policies.diagram import describe_clock_duration, describe_condition, describe_triggers, mermaid
from tousu.policies.models import Policy, PolicyVersion
from tousu.policies.schema import Category, Condition
from tousu.policies.schema import Policy as PolicySpec


class Command(BaseCommand):
    help = "List, show, load, export, validate and draw complaint-handling policies."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{list,show,load,export,validate,diagram}")
        sub.add_parser("list", help="Policies with their current version and number of versions.")
        show = sub.add_parser("show", help="A readable summary of a stored policy or a policy file.")
        show.add_argument("name", help="Policy name, or the path of a policy file.")
        show.add_argument("--version", type=int, help="Version number (default: the current one).")
        load = sub.add_parser("load", help="Store a policy file as a new version if its content changed.")
        load.add_argument("file", nargs="?")
        load.add_argument("--presets", action="store_true", help="(Re)load every bundled preset.")
        load.add_argument(
            "--force",
            action="store_true",
            help="Load even if its people, routing or hand-offs do not resolve in an organisation with staff.",
        )
        export = sub.add_parser("export", help="Print or write the YAML source of a version.")
        export.add_argument("name")
        export.add_argument("--version", type=int, help="Version number (default: the current one).")
        export.add_argument("-o", "--output", help="Write to this file instead of standard output.")
        validate = sub.add_parser("validate", help="Check policy files; print every problem with file and line.")
        validate.add_argument("files", nargs="+")
        validate.add_argument(
            "--organisation",
            metavar="CODE",
            help="Resolve the people, routing and hand-offs in this organisation "
            "(default: the one that runs the policy now).",
        )
        diagram = sub.add_parser("diagram", help="The lifecycle under a policy as a Mermaid state diagram.")
        diagram.add_argument("name", help="Policy name, or the path of a policy file.")
        diagram.add_argument("--version", type=int, help="Version number (default: the current one).")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "list":
            self._list()
        elif action == "show":
            self.stdout.write(summary(*self._spec(options["name"], options["version"])), ending="")
        elif action == "load":
            self._load(options["file"], options["presets"], options["force"])
        elif action == "export":
            self._export(options["name"], options["version"], options["output"])
        elif action == "validate":
            self._validate(options["files"], options["organisation"])
        else:
            spec, _heading = self._spec(options["name"], options["version"])
            self.stdout.write(mermaid(spec), ending="")

    def _list(self) -> None:
        policies = Policy.objects.select_related("current").annotate(count=Count("versions")).order_by("name")
        rows = [(p.name, p.title, f"v{p.current.number}" if p.current else "-", str(p.count)) for p in policies]
        if not rows:
            self.stdout.write(_("No policies stored yet; load one with `policy load FILE` or `policy load --presets`."))
            return
        header = (_("name"), _("title"), _("current"), _("versions"))
        widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(3)]
        for row in [header, *rows]:
            cells = [row[i] + " " * (widths[i] - _width(row[i])) for i in range(3)]
            self.stdout.write("  ".join([*cells, row[3]]))

    def _load(self, path: str | None, presets: bool, force: bool) -> None:
        if not path and not presets:
            raise CommandError(_("Give a policy file or --presets."))
        files = [Path(path)] if path else []
        files += loader.preset_files() if presets else []
        results: list[tuple[PolicyVersion, bool]] = []
        for file in files:
            try:
                spec, text = loader.parse_file(file)
            except loader.PolicyError as error:
                raise CommandError(str(error)) from error
            found = resolve.resolve(spec, text, str(file))
            if found.refuses_loading and not force:
                refusal = _("%(name)s is not loaded: it does not resolve in %(organisation)s, whose staff work by it.")
                lines = [str(p) for p in found.problems]
                lines.append(refusal % {"name": spec.name, "organisation": found.organisation})
                lines.append(_("Correct the file or the organisation, or load anyway with --force."))
                raise CommandError("\n".join(lines))
            for problem in found.problems:
                self.stderr.write(str(problem))
            results.append(loader.store(spec, text))
        for version, created in results:
            if created:
                message = _("%(name)s: stored as version %(number)d (new).")
            else:
                message = _("%(name)s: unchanged, version %(number)d is current.")
            self.stdout.write(message % {"name": version.policy.name, "number": version.number})

    def _export(self, name: str, number: int | None, output: str | None) -> None:
        source = loader.export(_version(name, number))
        if output:
            Path(output).write_text(source, encoding="utf-8")
            self.stdout.write(_("Wrote %(path)s.") % {"path": output})
        else:
            self.stdout.write(source, ending="")

    def _validate(self, files: list[str], organisation: str | None) -> None:
        problems: list[loader.Problem] = []
        for path in files:
            try:
                spec, text = loader.parse_file(path)
                found = resolve.resolve(spec, text, path, organisation)
            except loader.PolicyError as error:
                problems.extend(error.problems)
                for problem in error.problems:
                    self.stderr.write(str(problem))
                continue
            except resolve.UnknownOrganisation:
                raise CommandError(_("No organisation with the code “%(code)s”.") % {"code": organisation}) from None
            problems.extend(found.problems)
            for problem in found.problems:
                self.stderr.write(str(problem))
            if not found.problems:
                self.stdout.write(_("%(path)s: valid (%(name)s).") % {"path": path, "name": spec.name})
            for note in found.notes:
                self.stdout.write(_("%(path)s: note: %(note)s") % {"path": path, "note": note})
        if problems:
            failed = len({p.file for p in problems})
            raise CommandError(
                _("%(problems)d problem(s) in %(files)d file(s).") % {"problems": len(problems), "files": failed}
            )

    def _spec(self, name: str, number: int | None) -> tuple[PolicySpec, str]:
        """A stored version by policy name, or a file not stored yet (for authors)."""
        if Path(name).suffix in (".yaml", ".yml") and Path(name).is_file():
            if number is not None:
                raise CommandError(_("--version applies to stored policies, not to files."))
            try:
                spec, _text = loader.parse_file(name)
            except loader.PolicyError as error:
                raise CommandError(str(error)) from error
            return spec, name
        version = _version(name, number)
        return PolicySpec.model_validate(version.spec), f"{version.policy.name} v{version.number}"


def _version(name: str, number: int | None) -> PolicyVersion:
    policy = Policy.objects.select_related("current").filter(name=name).first()
    if policy is None:
        raise CommandError(_("No policy named “%(name)s”.") % {"name": name})
    if number is None:
        if policy.current is None:
            raise CommandError(_("Policy “%(name)s” has no current version.") % {"name": name})
        return policy.current
    version = policy.versions.filter(number=number).first()
    if version is None:
        raise CommandError(_("Policy “%(name)s” has no version %(number)d.") % {"name": name, "number": number})
    return version


def _width(text: str) -> int:
    # Chinese characters take two columns in a terminal; align the list by display width.
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def summary(spec: PolicySpec, heading: str) -> str:
    """What an organisation's procedure decides, in the order a reader asks about it."""
    lines = [f"{heading} — {spec.title}" + (f" ({spec.title_en})" if spec.title_en else "")]
    if spec.procedure:
        lines.append(f"procedure: {spec.procedure}  clauses: {', '.join(spec.clauses)}")
    lines.append(f"tracking prefix: {spec.tracking_prefix}")
    lines.append(f"kinds: {', '.join(spec.kinds)}" + (f" (default {spec.default_kind})" if spec.default_kind else ""))
    lines.append(f"channels: {', '.join(spec.channels)}")
    if spec.classifications:
        lines.append(f"classifications: {', '.join(spec.classifications)}")
    if spec.required_fields:
        lines.append(f"required fields: {', '.join(spec.required_fields)}")
    steps = [name for name, on in spec.steps.model_dump().items() if on]
    lines.append(f"steps: {', '.join(steps) or '-'}")

    lines.append("")
    lines.append("categories:")
    lines.extend(_category_lines(spec.categories, 1))

    departments = {d.code: d.name for d in spec.departments}
    lines.append("")
    lines.append("routing:")
    for route in spec.routing:
        lines.append(
            f"  {_condition(route.when)} → {route.department} {departments[route.department]}{_clause(route.clause)}"
        )
    if spec.default_department:
        lines.append(f"  otherwise → {spec.default_department} {departments[spec.default_department]}")

    lines.append("")
    lines.append("clocks:")
    for clock in spec.clocks:
        label = f"{clock.label} / {clock.label_en}" if clock.label_en else clock.label
        extra = ", repeats" if clock.recurring else ""
        extra += "" if clock.legal_counting else ", plain counting"
        lines.append(f"  {clock.name}  {label}: {describe_clock_duration(clock)}{extra}{_clause(clock.clause)}")
        lines.append(f"      starts on {describe_triggers(clock.start)}; stops on {describe_triggers(clock.stop)}")
        if clock.until:
            lines.append(f"      until {describe_triggers(clock.until)}")
    if not spec.clocks:
        lines.append("  -")

    lines.append("")
    requires = " + ".join(spec.closure.requires) or "-"
    lines.append(f"closure: {requires}{_clause(spec.closure.clause)}")
    if spec.escalation:
        lines.append("escalation:")
        for rule in spec.escalation:
            lines.append(f"  {_condition(rule.when)} → {rule.to} (when {rule.on}){_clause(rule.clause)}")
    return "\n".join(lines) + "\n"


def _category_lines(categories: list[Category], depth: int) -> list[str]:
    out: list[str] = []
    for item in categories:
        label = f"{item.label} / {item.label_en}" if item.label_en else item.label
        urgent = " [same day]" if item.urgent else ""
        out.append(f"{'  ' * depth}{item.code}  {label}{urgent}{_clause(item.clause)}")
        out.extend(_category_lines(item.children, depth + 1))
    return out


def _condition(condition: Condition) -> str:
    return describe_condition(condition, sep=" and ") or "always"


def _clause(clause: str) -> str:
    return f"  [{clause}]" if clause else ""
