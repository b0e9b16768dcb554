from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    """Thematic networks: a region's cities working together on one theme."""

    name = "iurc.networks"
    label = "networks"
    verbose_name = _("Thematic networks")
    default_auto_field = "django.db.models.BigAutoField"
