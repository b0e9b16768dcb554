from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class TranslationsConfig(AppConfig):
    """The translators' workspace: groups and review, status, dashboard, file exchange."""

    name = "iurc.translations"
    label = "translations"
    verbose_name = _("Translators' workspace")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from iurc.translations import forms, signals
        from iurc.translations.groups import ensure_editor_groups

        signals.connect()
        forms.install()
        post_migrate.connect(ensure_editor_groups, sender=self)
        post_migrate.connect(signals.summarise_if_missing, sender=self)
