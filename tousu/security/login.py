"""Staff login at /accounts/: Django's LoginView with failure throttling and the optional
TOTP step.

Failures are counted per account and per client address in a fixed window; once the
limit is reached, login is refused until the window ends (a cool-off, never a permanent
lock, so nobody can lock a colleague out for long). The password is not even checked
while an account cools off, so guessing gains nothing.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from tousu.security import ratelimit, totp

PENDING_USER = "tousu_2fa_user"
PENDING_BACKEND = "tousu_2fa_backend"
PENDING_NEXT = "tousu_2fa_next"


def _limits(request: HttpRequest, username: str) -> list[tuple[str, str, int]]:
    return [
        ("login-account", username.strip().lower(), settings.TOUSU_LOGIN_FAILURES_PER_ACCOUNT),
        ("login-address", ratelimit.client_address(request), settings.TOUSU_LOGIN_FAILURES_PER_ADDRESS),
    ]


def cooling_off(request: HttpRequest, username: str) -> ratelimit.Limited | None:
    window = settings.TOUSU_LOGIN_WINDOW_SECONDS
    for scope, ident, limit in _limits(request, username):
        limited = ratelimit.check(scope, ident, limit=limit, window=window)
        if limited:
            return limited
    return None


def count_failure(request: HttpRequest, username: str) -> None:
    for scope, ident, _limit in _limits(request, username):
        ratelimit.count(scope, ident, window=settings.TOUSU_LOGIN_WINDOW_SECONDS)


def too_many(request: HttpRequest, limited: ratelimit.Limited, template: str, context: dict[str, Any]) -> HttpResponse:
    minutes = max(1, (limited.retry_after + 59) // 60)
    context["throttled"] = _("Too many failed attempts. Please try again in %(minutes)s minutes.") % {
        "minutes": minutes
    }
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(limited.retry_after)
    return response


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        username = str(request.POST.get("username", ""))[:150]
        limited = cooling_off(request, username)
        if limited:
            return too_many(request, limited, self.template_name, self.get_context_data(form=self.get_form()))
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form: Any) -> HttpResponse:
        count_failure(self.request, str(self.request.POST.get("username", ""))[:150])
        return super().form_invalid(form)

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.get_user()
        if totp.device_of(user) is None:
            return super().form_valid(form)
        # Password right, second factor to come: not logged in yet.
        session = self.request.session
        session.cycle_key()
        session[PENDING_USER] = user.pk
        session[PENDING_BACKEND] = user.backend
        session[PENDING_NEXT] = self.get_success_url()
        return redirect("security:totp_login")


@sensitive_post_parameters()
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def totp_login(request: HttpRequest) -> HttpResponse:
    """The second step of login for a user with an authenticator."""
    pk = request.session.get(PENDING_USER)
    user = get_user_model().objects.filter(pk=pk, is_active=True).first() if pk else None
    device = totp.device_of(user) if user else None
    if user is None or device is None:
        return redirect("login")
    template, context = "security/totp_login.html", {"error": ""}
    if request.method == "POST":
        limited = cooling_off(request, user.get_username())
        if limited:
            return too_many(request, limited, template, context)
        if totp.verify(device, str(request.POST.get("code", ""))):
            user.backend = request.session[PENDING_BACKEND]  # type: ignore[attr-defined]
            target = request.session.get(PENDING_NEXT) or settings.LOGIN_REDIRECT_URL
            login(request, user)  # a new session id again (cycle_key)
            if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
                target = settings.LOGIN_REDIRECT_URL
            return HttpResponseRedirect(target)
        count_failure(request, user.get_username())
        context["error"] = _("The code is not right. Enter the six digits your authenticator shows now.")
    return render(request, template, context)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def totp_setup(request: HttpRequest) -> HttpResponse:
    """Turn the second factor on (scan, confirm one code) or off (confirm one code)."""
    confirmed = totp.device_of(request.user)
    error = ""
    if request.method == "POST":
        code = str(request.POST.get("code", ""))
        if confirmed is not None:
            if totp.verify(confirmed, code):
                confirmed.delete()
                return redirect("security:totp_setup")
        else:
            pending = totp.pending_of(request.user)
            if pending is not None and totp.confirm(pending, code):
                return redirect("security:totp_setup")
        error = _("The code is not right. Enter the six digits your authenticator shows now.")
    context: dict[str, Any] = {"enabled": confirmed is not None, "error": error}
    if confirmed is None:
        pending = totp.pending_of(request.user) if request.method == "POST" else None
        device = pending or totp.start_enrolment(request.user)
        uri = totp.provisioning_uri(device)
        context.update(secret=device.secret, qr=totp.qr_svg(uri))
    return render(request, "security/totp_setup.html", context)
