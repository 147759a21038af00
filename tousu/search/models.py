"""The search index row of a case, the administrators' dictionary words, and what the
suggestions proposed against what the receptionist chose."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    """One row per case, rewritten in the transaction of every change to the case.

    `words` is what the full-text index is built from: SQLite keeps an FTS5 table over it
    (triggers in migration 0001 keep the two in step), PostgreSQL a generated tsvector
    column `vector` with a GIN index (also created there, by raw SQL: Django has no field
    for it). `body` is the raw text, for snippets and ranking; `terms` the content words,
    for similarity; `place` the normalised unit/address, for repeat locations.
    """

    # Column order matters on SQLite: a row is read from its start, and `words` (long,
    # read only by the full-text index) comes last so that reading `body` or `terms` for
    # ranking and similarity does not walk through its overflow pages.
    complaint = models.OneToOneField(
        "cases.Complaint", on_delete=models.CASCADE, primary_key=True, related_name="search_entry"
    )
    place = models.CharField(max_length=300, blank=True)
    phone = models.CharField(max_length=32, blank=True)
    terms = models.TextField(blank=True)
    body = models.TextField()
    words = models.TextField()

    class Meta:
        db_table = "search_entry"
        indexes = [
            # Same unit/address and same caller at intake, newest first (similar cases).
            models.Index(fields=["place", "complaint"], name="search_place"),
            models.Index(fields=["phone", "complaint"], name="search_phone"),
        ]


class DictionaryWord(models.Model):
    """A word an administrator taught the segmenter (a housing estate's name, a product
    model). Cases indexed before it was added find it after `tousu search rebuild`."""

    word = models.CharField(_("word"), max_length=40, unique=True)
    weight = models.PositiveIntegerField(_("weight"), default=300, help_text=_("Higher keeps the word in one piece."))
    note = models.CharField(_("note"), max_length=200, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dictionary word")
        verbose_name_plural = _("dictionary words")

    def __str__(self) -> str:
        return self.word


class SuggestionRecord(models.Model):
    """What was suggested at intake and what the case finally says, field by field, so the
    suggestions' accuracy can be measured on the organisation's own cases."""

    complaint = models.OneToOneField("cases.Complaint", on_delete=models.CASCADE, related_name="suggestion_record")
    policy_name = models.CharField(max_length=64)
    source = models.CharField(max_length=16, default="rules")  # rules / classifier
    suggested = models.JSONField(default=dict)
    chosen = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("suggestion record")
        indexes = [models.Index(fields=["policy_name", "created_at"], name="suggestion_policy")]


class TrainedClassifier(models.Model):
    """A category classifier trained on the organisation's own closed cases
    (`tousu suggest train`); used only while `active`, i.e. it beat the rules."""

    policy_name = models.CharField(max_length=64)
    trained_at = models.DateTimeField(auto_now_add=True)
    model = models.JSONField()
    cases = models.PositiveIntegerField()
    accuracy = models.FloatField()
    rules_accuracy = models.FloatField()
    active = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["policy_name", "active", "trained_at"], name="classifier_current")]
