from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo site that ``make run`` loads (``load_demo_content``)."""

    name = "iurc.demo"
    label = "demo"
    verbose_name = _("Demo content")
