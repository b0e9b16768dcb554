from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PhasesConfig(AppConfig):
    """The programme's phases (IUC, IURC) and their index page."""

    name = "iurc.phases"
    label = "phases"
    verbose_name = _("Programme phases")
    default_auto_field = "django.db.models.BigAutoField"
