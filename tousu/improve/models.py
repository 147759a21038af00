"""Corrective and preventive actions (纠正措施通知单, P3.i, P4.5.3, P5.5), improvement
proposals (P1.5), management reviews (P5.6) and the history of each.

Each belongs to an organisation (`organisation`): nobody outside it lists, reads or
changes it (tousu.improve.access). It is empty only on rows from before organisations
that no organisation could be derived for, and those nobody sees.

Rows change only through the domain modules (corrective.py, proposals.py, reviews.py):
one `perform` per object type, each change leaving a History row.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CorrectiveState(models.TextChoices):
    ISSUED = "issued", _("Issued, waiting for the department's answer")
    ANSWERED = "answered", _("Answered, waiting for verification")
    CLOSED = "closed", _("Verified and closed")


class CorrectiveAction(models.Model):
    organisation = models.ForeignKey(
        "org.Organisation", on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("organisation")
    )
    policy_name = models.CharField(_("policy"), max_length=64, blank=True)
    department = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("responsible department")
    )
    cases = models.ManyToManyField("cases.Complaint", related_name="+", blank=True, verbose_name=_("cases"))
    problem = models.TextField(_("problem"))
    root_cause = models.TextField(_("root cause"), blank=True)
    corrective_measures = models.TextField(_("corrective measures"), blank=True)
    preventive_measures = models.TextField(_("preventive measures"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    state = models.CharField(_("state"), max_length=16, choices=CorrectiveState.choices)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(_("issued at"))
    # Its own clocks: the department answers by answer_due; the issuer checks the effect by verify_due.
    answer_due = models.DateField(_("answer due"))
    answer_estimated = models.BooleanField(default=False)
    answered_at = models.DateTimeField(null=True, blank=True)
    verify_due = models.DateField(_("verification due"), null=True, blank=True)
    verification = models.TextField(_("verification of the effect"), blank=True)
    recurred = models.BooleanField(_("the problem recurred"), default=False)
    closed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("corrective action")
        indexes = [models.Index(fields=["state", "answer_due"], name="ca_state_due")]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"CA{self.issued_at:%Y}-{self.pk:05d}"


class ProposalState(models.TextChoices):
    OPEN = "open", pgettext_lazy("proposal", "Open")
    ACCEPTED = "accepted", pgettext_lazy("proposal", "Accepted")
    REJECTED = "rejected", pgettext_lazy("proposal", "Rejected")
    IMPLEMENTED = "implemented", pgettext_lazy("proposal", "Implemented")


class ProposalArea(models.TextChoices):
    PROCESS = "process", _("Process")
    STANDARD = "standard", _("Standard")
    PRODUCT = "product", _("Product")
    SYSTEM = "system", _("System")


class Proposal(models.Model):
    """An improvement proposal (优化建议方案, P1.5)."""

    organisation = models.ForeignKey(
        "org.Organisation", on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("organisation")
    )

    title = models.CharField(_("title"), max_length=200)
    area = models.CharField(_("area"), max_length=16, choices=ProposalArea.choices)
    problem = models.TextField(_("problem seen in the complaints"))
    proposal = models.TextField(_("proposed change"))
    cases = models.ManyToManyField("cases.Complaint", related_name="+", blank=True, verbose_name=_("cases"))
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(_("state"), max_length=16, choices=ProposalState.choices, default=ProposalState.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("improvement proposal")


class ReviewState(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("review", "Planned")
    HELD = "held", _("Held, minutes recorded")
    CLOSED = "closed", pgettext_lazy("review", "Closed")


class Review(models.Model):
    """A management review (管理评审, P5.6): agenda gathered from a period, minutes, decisions."""

    organisation = models.ForeignKey(
        "org.Organisation", on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("organisation")
    )

    title = models.CharField(_("title"), max_length=200)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    agenda = models.JSONField(default=dict, blank=True)  # a snapshot taken when the review is planned
    minutes = models.TextField(_("minutes"), blank=True)
    state = models.CharField(_("state"), max_length=16, choices=ReviewState.choices, default=ReviewState.PLANNED)
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    held_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("management review")


class Decision(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("decision"))
    action = models.ForeignKey(
        CorrectiveAction, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )  # the action the decision was turned into

    class Meta:
        verbose_name = _("review decision")


class History(models.Model):
    """One change of an improvement object: append-only, stable codes and data."""

    subject = models.CharField(max_length=32)  # corrective_action / proposal / review / writeup ...
    subject_id = models.BigIntegerField()
    action = models.CharField(max_length=32)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField()
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("improvement history")
        indexes = [models.Index(fields=["subject", "subject_id", "at"], name="improve_history_subject")]
        ordering = ["subject", "subject_id", "at", "id"]


class RewardState(models.TextChoices):
    PROPOSED = "proposed", _("Proposed, waiting for approval")
    APPROVED = "approved", _("Approved, waiting for payment")
    REFUSED = "refused", _("Refused")
    PAID = "paid", _("Paid")


class Reward(models.Model):
    """The reward for a substantiated report (P2.10): a share of the penalty actually
    collected. It names the case only; the reporter stays in the case (P2.11)."""

    complaint = models.OneToOneField("cases.Complaint", on_delete=models.PROTECT, related_name="+")
    penalty_collected = models.DecimalField(_("penalty actually collected"), max_digits=14, decimal_places=2)
    share = models.DecimalField(_("share"), max_digits=5, decimal_places=4)
    amount = models.DecimalField(_("reward"), max_digits=14, decimal_places=2)
    state = models.CharField(_("state"), max_length=16, choices=RewardState.choices, default=RewardState.PROPOSED)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField()
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    payment_reference = models.CharField(_("payment reference"), max_length=100, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)

    class Meta:
        verbose_name = _("reward")


class ServiceState(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    REVIEWED = "reviewed", _("Contract reviewed")
    PLANNED = "planned", _("Planned, tasks under way")
    DONE = "done", _("Done, waiting for the customer's verification")
    VERIFIED = "verified", _("Verified by the customer")


class Verification(models.TextChoices):
    SIGNATURE = "signature", _("Signed on the spot")
    RECEIPT = "receipt", _("Receipt returned")


class ServiceRequest(models.Model):
    """Service requested under a contract (P3.s1-s3): contract review, a service plan
    split into tasks for departments, progress, the customer's verification."""

    organisation = models.ForeignKey(
        "org.Organisation", on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("organisation")
    )

    contract_reference = models.CharField(_("contract reference"), max_length=100)
    customer = models.CharField(_("customer"), max_length=200)
    description = models.TextField(_("service requested"))
    complaint = models.ForeignKey("cases.Complaint", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(_("state"), max_length=16, choices=ServiceState.choices, default=ServiceState.REQUESTED)
    contract_review = models.TextField(_("contract review"), blank=True)
    verification = models.CharField(_("verification"), max_length=16, choices=Verification.choices, blank=True)
    verification_note = models.TextField(_("verification note"), blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("contract service request")


class ServiceTask(models.Model):
    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="tasks")
    department = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    description = models.TextField(_("task"))
    due = models.DateField(_("due"))
    done_at = models.DateTimeField(null=True, blank=True)
    result = models.TextField(_("result"), blank=True)

    class Meta:
        verbose_name = _("service task")
        ordering = ["request", "due", "id"]


class SurveyKind(models.TextChoices):
    PRODUCT = "product", _("Product quality questionnaire")  # 产品质量征询单, P3.e1
    SERVICE = "service", _("Service questionnaire")


class Survey(models.Model):
    """A questionnaire defined by an administrator (P3.e1). `questions` is a list of
    {"id", "text", "type": rating|choice|text, "options": [...]}."""

    organisation = models.ForeignKey(
        "org.Organisation", on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("organisation")
    )

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=SurveyKind.choices, default=SurveyKind.PRODUCT)
    questions = models.JSONField(_("questions"), default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("questionnaire")


class SurveyInvitation(models.Model):
    """One customer (the complainant of a case) asked to answer; answered at most once."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    complaint = models.ForeignKey("cases.Complaint", on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    answers = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("questionnaire invitation")
        constraints = [models.UniqueConstraint(fields=["survey", "complaint"], name="survey_invitation_unique")]


class FeedbackTopic(models.TextChoices):
    QUALITY = "quality", _("Product quality")
    SERVICE = "service", _("Service")
    DELIVERY = "delivery", _("Delivery")
    PRICE = "price", _("Price")
    EXPECTATION = "expectation", _("Customer expectation")  # P3.h1
    OTHER = "other", _("Other")


class Feedback(models.Model):
    """Customer feedback from a visit (P3.f1), classified for the customer information
    summary (顾客信息汇总表, P3.g1)."""

    organisation = models.ForeignKey(
        "org.Organisation", on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("organisation")
    )

    customer = models.CharField(_("customer"), max_length=200)
    visited_on = models.DateField(_("visited on"))
    topic = models.CharField(_("topic"), max_length=16, choices=FeedbackTopic.choices)
    rating = models.PositiveSmallIntegerField(_("rating (1-5)"), null=True, blank=True)
    opinion = models.TextField(_("opinion"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("visit feedback")
