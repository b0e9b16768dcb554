from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Staff sign-in: lockout after failed attempts, two-step verification, and the e-mail
    the admin sends (password resets, workflow notifications)."""

    name = "iurc.accounts"
    label = "accounts"
    verbose_name = _("Staff sign-in")

    def ready(self):
        from iurc.accounts import checks, lockout

        checks.register()
        lockout.connect()
