from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partners and agreements")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from partners import listing, profile_search

        listing.connect_signals()
        profile_search.connect_signals()  # reads the listing rows: connected after them
