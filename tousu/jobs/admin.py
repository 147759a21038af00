from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from tousu.jobs.models import Job, JobState
from tousu.jobs.queue import retry


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    """Failures are visible here with their traceback; a failed job can be queued again."""

    list_display = ("id", "name", "state", "attempts", "max_attempts", "run_at", "finished_at", "claimed_by")
    list_filter = ("state", "name")
    search_fields = ("name", "unique_key")
    readonly_fields = [f.name for f in Job._meta.fields]
    actions = ["retry_failed"]
    date_hierarchy = "run_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Retry the selected failed jobs"))
    def retry_failed(self, request: HttpRequest, queryset: QuerySet[Job]) -> None:
        count = sum(retry(job.pk) for job in queryset.filter(state=JobState.FAILED))
        self.message_user(request, _("%(count)d jobs queued again.") % {"count": count}, messages.SUCCESS)
