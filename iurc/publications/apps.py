from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationsConfig(AppConfig):
    """Brochures, reports and factsheets, each with one file per language where it exists."""

    name = "iurc.publications"
    label = "publications"
    verbose_name = _("Publications")
    default_auto_field = "django.db.models.BigAutoField"
