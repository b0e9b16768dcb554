"""The admin opens only after the second step: placed after django-otp's ``OTPMiddleware``."""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from iurc.accounts import two_factor

# What a signed-in user who has not passed the second step may still open: signing in and
# out, the password reset, the admin's icons and translations, and the two steps themselves
# (setting up refuses a user who already has an authenticator).
OPEN_VIEWS = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_password_reset",
    "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_confirm",
    "wagtailadmin_password_reset_complete",
    "wagtailadmin_sprite",
    "wagtailadmin_javascript_catalog",
    "iurc_accounts:verify",
    "iurc_accounts:setup",
}


class SecondFactorMiddleware:
    """Sends a signed-in user to the second step before any other admin view: to enter a code
    when they have an authenticator, to set one up when ``IURC_REQUIRE_2FA`` says they must.
    The public site is never affected."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.view_name in OPEN_VIEWS:
            return None
        if not request.path.startswith(reverse("wagtailadmin_home")):
            return None
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if two_factor.is_enrolled(user):
            step = "iurc_accounts:verify"
        elif two_factor.must_enrol(user):
            step = "iurc_accounts:setup"
        else:
            return None
        return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
