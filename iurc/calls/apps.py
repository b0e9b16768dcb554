from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    """Calls for applications: open, closing soon and closed by the clock, not by an editor."""

    name = "iurc.calls"
    label = "calls"
    verbose_name = _("Calls for applications")
    default_auto_field = "django.db.models.BigAutoField"
