from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    name = "iurc.workspace"
    label = "workspace"
    verbose_name = _("Translators' workspace")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from iurc.workspace import forms, signals

        signals.connect()
        # After wagtail_modeltranslation (earlier in INSTALLED_APPS) has patched the forms.
        forms.install()
