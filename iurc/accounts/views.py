"""Admin views of staff sign-in: the second step after the password, setting up an
authenticator, backup codes, a superuser's reset of another user's second factor, and the
list of sign-in lockouts with their Unlock buttons."""

from urllib.parse import urlencode

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from django_otp.plugins.otp_static.models import StaticDevice
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from iurc.accounts import lockout, two_factor
from iurc.accounts.forms import CodeForm, SetupCodeForm

NEW_CODES_SESSION_KEY = "iurc_new_backup_codes"

VIEW_LOCKOUTS = "axes.view_accessattempt"
UNLOCK = "axes.delete_accessattempt"


def next_url(request):
    """Where to go after a step: ``next`` when it is a path on this site, else the dashboard."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("wagtailadmin_home")


class AdminView(WagtailAdminTemplateMixin, TemplateView):
    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]


# --- The second step -----------------------------------------------------------------------


class VerifyView(TemplateView):
    """After the password: a code from the authenticator app, or a backup code. Laid out like
    the sign-in page, whose second half it is."""

    template_name = "accounts/verify.html"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_verified() or not two_factor.is_enrolled(user):
            return redirect(next_url(request))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", CodeForm())
        context["next"] = next_url(self.request)
        return context

    def post(self, request, *args, **kwargs):
        form = CodeForm(request.POST)
        if form.is_valid():
            check = two_factor.verify(request.user, form.cleaned_data["code"])
            if check.device is not None:
                django_otp.login(request, check.device)
                if isinstance(check.device, StaticDevice):
                    left = two_factor.backup_codes_left(request.user)
                    messages.warning(
                        request,
                        ngettext(
                            "You signed in with a backup code: %(count)s is left. Make new "
                            "ones under Account → Two-step verification.",
                            "You signed in with a backup code: %(count)s are left. Make new "
                            "ones under Account → Two-step verification.",
                            left,
                        )
                        % {"count": left},
                    )
                return redirect(next_url(request))
            form.add_error("code", wrong_code_message(check))
        return self.render_to_response(self.get_context_data(form=form))


def wrong_code_message(check):
    if check.wait:
        return ngettext(
            "Too many wrong codes. Wait %(seconds)s second and try again.",
            "Too many wrong codes. Wait %(seconds)s seconds and try again.",
            check.wait,
        ) % {"seconds": check.wait}
    return gettext(
        "This code is not valid. Enter the current code from your authenticator app, or an "
        "unused backup code."
    )


class SetupView(AdminView):
    """Set up an authenticator: scan the QR code (or type the secret), confirm with a code."""

    template_name = "accounts/setup.html"
    page_title = _("Set up two-step verification")
    header_icon = "key"

    def dispatch(self, request, *args, **kwargs):
        if two_factor.is_enrolled(request.user):
            return redirect("iurc_accounts:two_step")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        device = two_factor.pending_authenticator(self.request.user)
        context.setdefault("form", SetupCodeForm())
        context.update(
            qr_code=two_factor.qr_code_svg(device),
            secret=two_factor.secret(device),
            required=two_factor.must_enrol(self.request.user),
            next=next_url(self.request),
        )
        return context

    def post(self, request, *args, **kwargs):
        form = SetupCodeForm(request.POST)
        if form.is_valid():
            device = two_factor.pending_authenticator(request.user)
            codes = two_factor.confirm_authenticator(device, form.cleaned_data["code"])
            if codes is not None:
                django_otp.login(request, device)
                request.session[NEW_CODES_SESSION_KEY] = codes
                messages.success(request, gettext("Two-step verification is on."))
                query = urlencode({"next": next_url(request)})
                return redirect(f"{reverse('iurc_accounts:backup_codes')}?{query}")
            form.add_error(
                "code",
                gettext(
                    "This code is not valid. Check that the time on your phone is right, "
                    "and enter the code the app shows now."
                ),
            )
        return self.render_to_response(self.get_context_data(form=form))


class TwoStepView(AdminView):
    """Account → Two-step verification: whether it is on, backup codes left, and removing it."""

    template_name = "accounts/two_step.html"
    page_title = _("Two-step verification")
    header_icon = "key"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            enrolled=two_factor.is_enrolled(user),
            required=two_factor.must_enrol(user),
            backup_codes_left=two_factor.backup_codes_left(user),
        )
        return context

    def post(self, request, *args, **kwargs):
        two_factor.reset(request.user, by=request.user)
        if two_factor.must_enrol(request.user):
            messages.success(
                request,
                gettext("Your authenticator was removed. Set up your new one now."),
            )
            return redirect("iurc_accounts:setup")
        messages.success(request, gettext("Two-step verification is off."))
        return redirect("iurc_accounts:two_step")


class BackupCodesView(AdminView):
    """New backup codes, shown once; a POST replaces the old ones."""

    template_name = "accounts/backup_codes.html"
    page_title = _("Backup codes")
    header_icon = "key"

    def get(self, request, *args, **kwargs):
        codes = request.session.pop(NEW_CODES_SESSION_KEY, None)
        if not codes:
            return redirect("iurc_accounts:two_step")
        return self.render_to_response(self.get_context_data(codes=codes, next=next_url(request)))

    def post(self, request, *args, **kwargs):
        if not two_factor.is_enrolled(request.user):
            return redirect("iurc_accounts:setup")
        request.session[NEW_CODES_SESSION_KEY] = two_factor.new_backup_codes(request.user)
        messages.success(request, gettext("New backup codes made: the old ones no longer work."))
        return redirect("iurc_accounts:backup_codes")


class ResetView(AdminView):
    """A superuser removes another user's second factor (a lost phone and no backup code)."""

    template_name = "accounts/reset.html"
    page_title = _("Reset two-step verification")
    header_icon = "key"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied
        self.target = get_object_or_404(get_user_model(), pk=kwargs["user_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            target=self.target,
            enrolled=two_factor.is_enrolled(self.target),
            backup_codes_left=two_factor.backup_codes_left(self.target),
        )
        return context

    def post(self, request, *args, **kwargs):
        two_factor.reset(self.target, by=request.user)
        messages.success(
            request,
            gettext(
                "Two-step verification of %(user)s was reset: they sign in with their password "
                "and set up a new authenticator."
            )
            % {"user": self.target.get_username()},
        )
        return redirect("wagtailusers_users:index")


# --- Lockouts ------------------------------------------------------------------------------


class LockoutsView(AdminView):
    """Settings → Sign-in lockouts: the accounts and addresses locked now."""

    template_name = "accounts/lockouts.html"
    page_title = _("Sign-in lockouts")
    header_icon = "lock"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(VIEW_LOCKOUTS):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            accounts=lockout.locked_accounts(),
            addresses=lockout.locked_addresses(),
            can_unlock=self.request.user.has_perm(UNLOCK),
            failure_limit=settings.AXES_FAILURE_LIMIT,
            cool_off_minutes=lockout.cool_off_minutes(),
        )
        return context

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm(UNLOCK):
            raise PermissionDenied
        username = request.POST.get("username", "").strip()
        address = request.POST.get("address", "").strip()
        if username:
            lockout.unlock_account(username, by=request.user)
            messages.success(
                request, gettext("Account %(username)s unlocked.") % {"username": username}
            )
        elif address:
            try:
                lockout.unlock_address(address, by=request.user)
            except ValueError:
                messages.error(request, gettext("This is not an IP address."))
            else:
                messages.success(
                    request, gettext("Address %(address)s unlocked.") % {"address": address}
                )
        return redirect("iurc_accounts:lockouts")
