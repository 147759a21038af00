"""Cases in the admin: read-only, within the administrator's scope (none, unless an
operator opened a logged break-glass access), and the complainant masked — a confidential
reporter absent — unless revealed for a reason, logged (tousu.adminpages.personal_pages)."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tousu.adminpages import personal_pages
from tousu.cases import personal
from tousu.cases.models import Clock, Complaint, Event
from tousu.cases.scope import visible_cases
from tousu.policies.admin import ReadOnly


class EventInline(admin.TabularInline):
    model = Event
    fields = ("seq", "action", "actor", "actor_kind", "at", "state_before", "state_after", "public", "shown_note")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return False

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)
        # The case is the one ComplaintAdmin.get_object protected: its notes read as it does.
        show = getattr(obj, "admin_show", None)

        class Shown(formset):  # type: ignore[misc, valid-type]
            def get_queryset(self) -> Any:
                if not hasattr(self, "_shown"):
                    self._shown = list(super().get_queryset())
                    for event in self._shown:
                        event.shown_note = show(event.note) if show is not None else ""
                return self._shown

        return Shown

    @admin.display(description=gettext_lazy("note"))
    def shown_note(self, obj: Event) -> str:
        return getattr(obj, "shown_note", "")


class ClockInline(admin.TabularInline):
    model = Clock
    fields = ("name", "cycle", "state", "started_at", "due_at", "met_at", "estimated")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Complaint)
class ComplaintAdmin(ReadOnly, personal_pages.RevealingAdmin):
    """Read-only: a case changes only through its actions, each recorded on the timeline."""

    list_display = ("number", "policy_name", "state", "category", "department", "received_at", "next_due_at")
    list_filter = ("policy_name", "state", "kind", "channel", "urgent", "severity")
    search_fields = ("number",)
    inlines = (ClockInline, EventInline)
    list_select_related = ("department",)
    show_full_result_count = False
    # Free intake data may carry anything; the complainant's fields are shown protected.
    exclude = ("extra",)
    change_form_template = "admin/cases/complaint/change_form.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Complaint]:
        # Administrators manage users and policies; case contents only within their scope,
        # i.e. after a logged break-glass access (`tousu audit break-glass`), issue 6.
        return visible_cases(request.user, super().get_queryset(request))

    def get_object(self, request: HttpRequest, object_id: str, from_field: str | None = None) -> Complaint | None:
        found = super().get_object(request, object_id, from_field)
        return personal_pages.protect_case(found) if found is not None else None

    def reveal_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        found = visible_cases(request.user).filter(pk=object_id).first() if object_id.isdigit() else None
        if found is None:
            raise Http404
        back = reverse("admin:cases_complaint_change", args=[found.pk])
        answer = personal_pages.reveal(request, found, back)
        if isinstance(answer, HttpResponse):
            return answer
        names = (*personal.FIELDS, "content", "request", "location", "subject_person")
        rows = [(Complaint._meta.get_field(name).verbose_name, getattr(answer, name)) for name in names]  # type: ignore[union-attr]
        title = _("%(number)s: the complainant in full") % {"number": answer.number}
        context = {"rows": rows, "back": back, "object_label": answer.number, "opts": Complaint._meta}
        return personal_pages.revealed_page(request, self.admin_site, title, context)
