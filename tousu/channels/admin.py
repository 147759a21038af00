from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from tousu.channels.models import InboundMail, MailboxState


@admin.register(InboundMail)
class InboundMailAdmin(admin.ModelAdmin):
    """Every mail taken from a mailbox; the held ones (filter "held") wait for a person,
    who completes them with `tousu mail register ID --field ...` or dismisses them."""

    list_display = ("id", "collected_at", "outcome", "problem", "policy_name", "sender", "subject", "complaint")
    list_filter = ("outcome", "problem", "policy_name", "mailbox")
    search_fields = ("message_id", "sender", "subject")
    exclude = ("raw",)
    readonly_fields = [f.name for f in InboundMail._meta.fields if f.name != "raw"] + ["raw_message"]
    list_select_related = ("complaint",)
    date_hierarchy = "collected_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # nothing received is lost

    def get_queryset(self, request: HttpRequest):  # type: ignore[no-untyped-def]
        return super().get_queryset(request).defer("raw")

    @admin.display(description=_("raw message"))
    def raw_message(self, obj: InboundMail) -> SafeString:
        url = reverse("admin:channels_inboundmail_raw", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download (.eml)"))

    def get_urls(self) -> list[URLPattern]:
        raw = path("<int:pk>/raw/", self.admin_site.admin_view(self.raw_view), name="channels_inboundmail_raw")
        return [raw, *super().get_urls()]

    def raw_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        mail = get_object_or_404(InboundMail, pk=pk)
        if not self.has_view_permission(request, mail):
            return HttpResponse(status=403)
        response = HttpResponse(bytes(mail.raw), content_type="message/rfc822")
        response["Content-Disposition"] = f'attachment; filename="mail-{mail.pk}.eml"'
        return response


@admin.register(MailboxState)
class MailboxStateAdmin(admin.ModelAdmin):
    list_display = ("name", "last_collected_at", "last_uid", "last_error")
    readonly_fields = ("name", "uidvalidity", "last_uid", "last_collected_at", "last_error")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
