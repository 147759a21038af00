"""The case library (P1.6): write-ups of closed cases, reply templates and handling guides.

Each belongs to an organisation: a write-up to that of its case (or its author), read only
there; a reply template or a handling guide to that of its policy, offered only on that
organisation's cases (one with neither policy nor organisation is the installation's own,
offered to all).

Write-ups change state only through tousu.library.writeups.perform, leaving History rows
(tousu.improve.models.History, subject "writeup")."""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tousu.cases import vocab


class WriteUpState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class WriteUp(models.Model):
    organisation = models.ForeignKey(
        "org.Organisation", on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("organisation")
    )
    title = models.CharField(_("title"), max_length=200)
    source = models.ForeignKey(
        "cases.Complaint", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("case")
    )
    policy_name = models.CharField(_("policy"), max_length=64, blank=True)
    category = models.CharField(_("category"), max_length=64, blank=True)
    facts = models.TextField(_("facts"))
    handling = models.TextField(_("how it was handled"), blank=True)
    skills = models.TextField(_("skills used"), blank=True)
    lesson = models.TextField(_("lesson"), blank=True)
    tags = models.JSONField(_("tags"), default=list, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=WriteUpState.choices, default=WriteUpState.DRAFT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # The segmented words of the texts, space-separated and space-framed (" 电梯 困人 "),
    # so that a word query is one `contains` per word (tousu.search.segment).
    words = models.TextField(blank=True, editable=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("case write-up")
        indexes = [models.Index(fields=["state", "published_at"], name="writeup_state")]

    def __str__(self) -> str:
        return self.title


def organisation_of_policy(name: str) -> int | None:
    from tousu.policies.models import Policy

    return Policy.objects.filter(name=name).values_list("organisation_id", flat=True).first() if name else None


class ByOrganisation(models.Model):
    """A text offered on the cases of one organisation (of its policy, when it names one)."""

    organisation = models.ForeignKey(
        "org.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
        help_text=_("Empty: the policy's organisation, or every organisation when no policy is named."),
    )

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A policy belongs to one organisation: its texts are that organisation's.
        if self.organisation_id is None:
            self.organisation_id = organisation_of_policy(getattr(self, "policy_name", ""))
        super().save(*args, **kwargs)


class ReplyTemplate(ByOrganisation):
    """A canned reply; `{{ number }}`, `{{ name }}` … are filled from the case (see docs)."""

    name = models.CharField(_("name"), max_length=100)
    policy_name = models.CharField(_("policy"), max_length=64, blank=True, help_text=_("Empty: every policy."))
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="zh-hans")
    category = models.CharField(_("category"), max_length=64, blank=True, help_text=_("Empty: every category."))
    reply_kind = models.CharField(_("reply kind"), max_length=20, blank=True, choices=vocab.ReplyKind.choices)
    text = models.TextField(_("text"))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("reply template")
        ordering = ["policy_name", "category", "name"]

    def __str__(self) -> str:
        return self.name


class HandlingGuide(ByOrganisation):
    """How to handle a category of a policy, shown on the case page to the handler."""

    policy_name = models.CharField(_("policy"), max_length=64, blank=True, help_text=_("Empty: every policy."))
    category = models.CharField(_("category"), max_length=64)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="zh-hans")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("guide"))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("handling guide")
        ordering = ["policy_name", "category"]

    def __str__(self) -> str:
        return self.title
