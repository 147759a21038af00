from django.db import models
from django.utils.translation import gettext_lazy as _


class Policy(models.Model):
    """An organisation's complaint procedure; its content lives in versions."""

    name = models.SlugField(_("name"), max_length=64, unique=True)
    title = models.CharField(_("title"), max_length=200)
    current = models.ForeignKey("PolicyVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # The organisation whose procedure this is, and the units it runs in (its homes): the
    # organisation's root, or each office of a company that runs it in every office.
    organisation = models.ForeignKey(
        "org.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="policies"
    )
    homes = models.ManyToManyField("org.Unit", blank=True, related_name="policies", verbose_name=_("runs in"))

    class Meta:
        verbose_name = _("policy")
        verbose_name_plural = _("policies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PolicyVersion(models.Model):
    """An immutable snapshot; a case keeps the version it was registered under."""

    policy = models.ForeignKey(Policy, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    source = models.TextField(_("YAML source"))
    spec = models.JSONField(_("validated specification"))
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("policy version")
        constraints = [
            models.UniqueConstraint(fields=["policy", "number"], name="policy_version_unique"),
        ]
        ordering = ["policy", "-number"]

    def __str__(self) -> str:
        return f"{self.policy.name} v{self.number}"
