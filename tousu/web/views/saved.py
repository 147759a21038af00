"""Saving and deleting worklist filters (the desk's own small model)."""

from __future__ import annotations

from django.contrib import messages
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tousu.web.desk import Desk
from tousu.web.filters import FilterForm
from tousu.web.models import SavedFilter
from tousu.web.views.common import desk_view


@require_POST
@desk_view
def save_filter(request: HttpRequest, desk: Desk) -> HttpResponse:
    form = FilterForm(request.POST, desk.policies, desk.home_policy)
    name = request.POST.get("name", "").strip()[:60]
    query = form.query()
    target = reverse("web:worklist") + (f"?{query}" if query else "")
    if not name or not form.active():
        messages.error(request, _("Give the filter a name and choose at least one filter."))
        return HttpResponseRedirect(target)
    try:
        SavedFilter.objects.create(owner=desk.user, name=name, query=query)
    except IntegrityError:
        messages.error(request, _("You already have a filter with this name."))
    return HttpResponseRedirect(target)


@require_POST
@desk_view
def delete_filter(request: HttpRequest, desk: Desk, pk: int) -> HttpResponse:
    get_object_or_404(SavedFilter, pk=pk, owner=desk.user).delete()
    return HttpResponseRedirect(reverse("web:worklist"))
