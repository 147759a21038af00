from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

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


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyLog):
    list_display = ("id", "kind", "channel", "address", "user", "state", "attempts", "created_at", "sent_at")
    list_filter = ("state", "channel", "kind")
    search_fields = ("address", "complaint__number", "subject")
    list_select_related = ("user",)
    raw_id_fields = ("event", "complaint", "user")
    actions = ["send_again"]

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
class InAppNotificationAdmin(ReadOnlyLog):
    list_display = ("id", "user", "kind", "title", "created_at", "read_at")
    list_filter = ("kind",)
    raw_id_fields = ("delivery", "complaint", "user")
