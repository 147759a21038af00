from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tousu.adminpages import personal_pages
from tousu.audit.breakglass import has_break_glass
from tousu.cases import personal
from tousu.cases.scope import visible_cases
from tousu.jobs.queue import submit
from tousu.notify.models import (
    Delivery,
    DeliveryState,
    InAppNotification,
    QuietHours,
    Template,
    WebhookDelivery,
    WebhookEndpoint,
)


class ReadOnlyLog(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Template)
class TemplateAdmin(admin.ModelAdmin):
    """The words of every notice; seeded from tousu/notify/seed/templates.yaml."""

    list_display = ("kind", "channel", "language", "subject", "updated_at")
    list_filter = ("kind", "channel", "language")
    search_fields = ("subject", "body")


@admin.register(QuietHours)
class QuietHoursAdmin(admin.ModelAdmin):
    list_display = ("__str__", "active")


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    list_display = ("name", "url", "active", "created_at")
    list_filter = ("active",)


class ShownWithCase(ReadOnlyLog):
    """A log of messages about cases: the complainant's addresses and every text read masked
    (a confidential reporter cut out, the verification code hidden) on these pages, unless
    revealed under break-glass for a reason, logged (tousu.adminpages.personal_pages)."""

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).select_related("complaint")


@admin.register(Delivery)
class DeliveryAdmin(ShownWithCase, personal_pages.RevealingAdmin):
    list_display = ("id", "kind", "channel", "shown_address", "user", "state", "attempts", "created_at", "sent_at")
    list_filter = ("state", "channel", "kind")
    # By tracking number or staff login; by address only under break-glass (get_search_results).
    search_fields = ("complaint__number", "user__username")
    list_select_related = ("user", "complaint")
    fields = (
        "kind",
        "channel",
        "complaint",
        "user",
        "shown_address",
        "language",
        "state",
        "attempts",
        "shown_subject",
        "shown_body",
        "shown_error",
        "created_at",
        "sent_at",
    )
    readonly_fields = fields
    actions = ["send_again"]
    change_form_template = "admin/notify/delivery/change_form.html"

    @admin.display(description=_("address"))
    def shown_address(self, obj: Delivery) -> str:
        return personal_pages.shown_address(obj.address, obj.user_id is None, obj.complaint)

    @admin.display(description=_("subject"))
    def shown_subject(self, obj: Delivery) -> str:
        return personal_pages.shown_text(obj.complaint, obj.subject)

    @admin.display(description=_("body"))
    def shown_body(self, obj: Delivery) -> str:
        return personal_pages.shown_text(obj.complaint, obj.body)

    @admin.display(description=_("last error"))
    def shown_error(self, obj: Delivery) -> str:
        return personal_pages.shown_text(obj.complaint, obj.last_error)

    def get_search_results(self, request: HttpRequest, queryset: QuerySet[Any], search_term: str) -> Any:
        found, duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if term and has_break_glass(request.user):
            # A complainant is found by their address only under break-glass, and a
            # confidential reporter only by their need-to-know list (P2.11).
            by_address = queryset.filter(address__icontains=term).filter(
                personal.need_to_know_q(request.user, "complaint__")
            )
            found = found | by_address
        return found, duplicates

    def reveal_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        delivery = Delivery.objects.filter(pk=object_id).first() if object_id.isdigit() else None
        if delivery is None:
            raise Http404
        back = reverse("admin:notify_delivery_change", args=[delivery.pk])
        refused = personal_pages.without_break_glass(request, back)
        if refused is not None:
            return refused
        # Break-glass opens the cases of whoever holds no position; others keep their scope.
        complaint = visible_cases(request.user).filter(pk=delivery.complaint_id).first()
        if complaint is None:
            raise Http404
        answer = personal_pages.reveal(request, complaint, back)
        if isinstance(answer, HttpResponse):
            return answer
        rows = [
            (_("address"), delivery.address),
            (_("subject"), delivery.subject),
            (_("body"), delivery.body),
            (_("last error"), delivery.last_error),
        ]
        title = _("Message %(id)d about %(number)s, in full") % {"id": delivery.pk, "number": complaint.number}
        context = {"rows": rows, "back": back, "object_label": str(delivery.pk), "opts": Delivery._meta}
        return personal_pages.revealed_page(request, self.admin_site, title, context)

    @admin.action(description=_("Send the selected failed deliveries again"))
    def send_again(self, request: HttpRequest, queryset: QuerySet[Delivery]) -> None:
        ids = list(queryset.filter(state=DeliveryState.FAILED).values_list("pk", flat=True))
        Delivery.objects.filter(pk__in=ids).update(state=DeliveryState.PENDING)
        for delivery_id in ids:
            submit("notify.deliver", {"delivery_id": delivery_id})
        self.message_user(request, _("%(count)d deliveries queued again.") % {"count": len(ids)}, messages.SUCCESS)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyLog):
    """The delivery log: every call's status, response and duration."""

    list_display = ("id", "endpoint", "state", "attempts", "response_status", "duration_ms", "created_at")
    list_filter = ("state", "endpoint")
    raw_id_fields = ("event",)


@admin.register(InAppNotification)
class InAppNotificationAdmin(ShownWithCase):
    list_display = ("id", "user", "kind", "shown_title", "created_at", "read_at")
    list_filter = ("kind",)
    list_select_related = ("user", "complaint")
    fields = ("user", "kind", "complaint", "shown_title", "shown_body", "created_at", "read_at")
    readonly_fields = fields

    @admin.display(description=_("title"))
    def shown_title(self, obj: InAppNotification) -> str:
        return personal_pages.shown_text(obj.complaint, obj.title)

    @admin.display(description=_("body"))
    def shown_body(self, obj: InAppNotification) -> str:
        return personal_pages.shown_text(obj.complaint, obj.body)
