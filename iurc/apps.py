from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class IurcConfig(AppConfig):
    name = "iurc"
    verbose_name = _("IURC portal")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from iurc import search
        from iurc.editor_groups import ensure_editor_groups
        from iurc.routing import install_translated_routing

        install_translated_routing()
        search.install_translated_search_fields()

        post_migrate.connect(ensure_editor_groups, sender=self)
        search.connect_signals()
