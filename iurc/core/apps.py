from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The base layer: pages' common behaviour, languages, routing, search and SEO."""

    name = "iurc.core"
    label = "core"
    verbose_name = _("IURC portal")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from iurc.core import cache_tags, frontend_purge, patches, search, segments

        patches.install()
        segments.install()
        search.connect_signals()
        cache_tags.connect_signals()
        frontend_purge.connect_signals()
