"""Organisations, their units and the people in them (docs/access.md).

An installation holds any number of organisations. Each is a tree of units: a property
company → its offices → their departments; a market regulation bureau → its
special-equipment section → the section's offices. A person keeps one login (`User`,
with the `Staff` record of their name) and holds one or more positions, each a role in
a unit, optionally over an area (buildings 1–8, a region); they may act for a colleague
for a while (holiday cover). What a person may see and do on a case is decided from their
positions by the procedure's people rules (tousu.cases.people), never by a single role.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tousu.cases.vocab import OrganisationKind, Role, UnitKind


class Organisation(models.Model):
    """A company, a regulator or an institute: nothing of its cases crosses to another
    organisation except through a hand-off its procedure names (tousu.cases.handoffs)."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices, default=OrganisationKind.OTHER)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """One node of an organisation's tree: the organisation itself (its root), an office,
    an estate, a department, a section.

    `function` names the department of a procedure this unit is: every office of a
    property company has its own engineering department, and each plays the policy's
    `wy_engineering`; routing and the procedure's people name functions, and each case
    resolves them within its own office (its `home`)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="units")
    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=32, choices=UnitKind.choices, default=UnitKind.OTHER)
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children")
    function = models.SlugField(_("function in the procedure"), max_length=64, blank=True)
    # Other names people use for it ("特设所"), matched in a report's text (P2.11).
    aliases = models.CharField(_("other names"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["organisation_id", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def plays(self) -> str:
        return self.function or self.code


class Staff(models.Model):
    """The person behind a login: the name shown, a phone, and other names people call
    them by in complaints ("韩工"). Their roles are their positions."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff")
    display_name = models.CharField(_("display name"), max_length=100)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    aliases = models.CharField(_("other names"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")

    def __str__(self) -> str:
        return self.display_name


class Position(models.Model):
    """A role held in a unit, optionally over an area: 物业管家 of buildings 1–8 at the
    customer-service desk of one office; 检验师 at the inspection institute."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="positions")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="positions")
    title = models.CharField(_("job title"), max_length=100, blank=True)
    # Comma-separated duty codes (vocab.Duty): butler, technician, inspector, ...
    duties = models.CharField(_("duties"), max_length=200, blank=True)
    # Comma-separated area codes the position covers: buildings ("1,2,3") or regions.
    area = models.CharField(_("area"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["user_id", "id"]
        indexes = [models.Index(fields=["unit", "role"], name="position_unit_role")]

    def __str__(self) -> str:
        return f"{self.get_role_display()} @ {self.unit or '-'}"

    @property
    def duty_set(self) -> frozenset[str]:
        return frozenset(d for d in self.duties.split(",") if d)

    @property
    def area_set(self) -> frozenset[str]:
        return frozenset(a for a in self.area.split(",") if a)


class Deputy(models.Model):
    """`user` acts for `for_user` from `starts_at` to `ends_at` (holiday cover): while it
    lasts they hold the other's positions too, with their own login."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deputising")
    for_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deputies")
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("acting for a colleague")
        verbose_name_plural = _("acting for colleagues")
        indexes = [models.Index(fields=["user", "ends_at"], name="deputy_user_ends")]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="deputy_period"),
            models.CheckConstraint(condition=~models.Q(user=models.F("for_user")), name="deputy_not_self"),
        ]


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A per-user API token; only its hash is stored, the raw value is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100, blank=True)
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # What the token may do, comma-separated (tousu.org.tokens.SCOPES): read (GET),
    # write (every other method), reports (the /reports endpoints). The positions still decide.
    scopes = models.CharField(_("scopes"), max_length=100, default="read,write,reports")

    class Meta:
        verbose_name = _("API token")

    @classmethod
    def issue(cls, user: models.Model, name: str = "", scopes: str = "read,write,reports") -> tuple["ApiToken", str]:
        raw = "ts_" + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, digest=hash_token(raw), prefix=raw[:8], scopes=scopes)
        return token, raw
