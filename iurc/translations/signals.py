"""Translation states and summaries follow every save and deletion of a page or snippet."""

from functools import cache

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page

from iurc.core import languages
from iurc.translations import status


@cache
def _columns(model):
    return {
        languages.localized_field(name, code)
        for name in status.status_fields(model)
        for code in languages.codes()
    }


def record_on_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or not status.is_tracked(sender):
        return
    # Saving a draft revision touches only bookkeeping columns of the page row; unpublishing
    # changes whether the object is counted.
    if update_fields is not None and not set(update_fields) & _columns(sender):
        if "live" in update_fields:
            status.set_live(instance)
        return
    status.record(instance)


def forget_on_delete(sender, instance, **kwargs):
    # A page's base row is deleted with every page, whatever its type.
    if sender is Page or (not issubclass(sender, Page) and status.is_tracked(sender)):
        status.forget(instance)


def connect():
    """Connect to the models with translated fields only: every other save costs nothing."""
    from modeltranslation.translator import translator

    for model in translator.get_registered_models():
        if model._meta.abstract or not status.status_fields(model):
            continue
        post_save.connect(
            record_on_save, sender=model, dispatch_uid=f"translation_state_{model._meta.label}"
        )
        if not issubclass(model, Page):
            post_delete.connect(
                forget_on_delete, sender=model, dispatch_uid=f"forget_{model._meta.label}"
            )
    post_delete.connect(forget_on_delete, sender=Page, dispatch_uid="forget_translation_pages")


def summarise_if_missing(**kwargs):
    """After ``migrate``: summarise the content once when nothing is summarised yet (a database
    from before summaries existed, or content written without signals)."""
    from iurc.translations.models import TranslationSummary

    if not TranslationSummary.objects.exists():
        status.rebuild_summaries()
