"""Admin wiring of staff sign-in: the two-step views, Account → Two-step verification,
Settings → Sign-in lockouts, and a superuser's reset button in the users list."""

from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from iurc.accounts import views

urlpatterns = [
    path("two-step/", views.TwoStepView.as_view(), name="two_step"),
    path("two-step/verify/", views.VerifyView.as_view(), name="verify"),
    path("two-step/setup/", views.SetupView.as_view(), name="setup"),
    path("two-step/backup-codes/", views.BackupCodesView.as_view(), name="backup_codes"),
    path("two-step/reset/<int:user_id>/", views.ResetView.as_view(), name="reset"),
    path("sign-in-lockouts/", views.LockoutsView.as_view(), name="lockouts"),
]


@hooks.register("register_admin_urls")
def register_account_urls():
    return [path("accounts/", include((urlpatterns, "iurc_accounts")))]


@hooks.register("register_account_menu_item")
def two_step_account_item(request):
    return {
        "url": reverse("iurc_accounts:two_step"),
        "label": _("Two-step verification"),
        "help_text": _(
            "Sign in with a code from an authenticator app on your phone as well as your password."
        ),
    }


class LockoutsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(views.VIEW_LOCKOUTS)


@hooks.register("register_settings_menu_item")
def lockouts_menu_item():
    return LockoutsMenuItem(
        _("Sign-in lockouts"),
        reverse("iurc_accounts:lockouts"),
        name="sign-in-lockouts",
        icon_name="lock",
        order=900,
    )


@hooks.register("register_permissions")
def lockout_permissions():
    """Groups may be allowed to see the lockouts and unlock (Settings → Groups)."""
    return Permission.objects.filter(
        content_type__app_label="axes",
        codename__in=["view_accessattempt", "delete_accessattempt"],
    )


@hooks.register("register_user_listing_buttons")
def reset_two_step_button(user, request_user):
    if not request_user.is_superuser:
        return []
    return [
        Button(
            _("Reset two-step verification"),
            url=reverse("iurc_accounts:reset", args=[user.pk]),
            icon_name="key",
            priority=60,
        )
    ]
