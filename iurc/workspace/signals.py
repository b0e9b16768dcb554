"""Translation states follow every save and deletion of a page or snippet."""

from functools import cache

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page

from iurc import languages
from iurc.workspace import status


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
    # Saving a draft revision touches only bookkeeping columns of the page row.
    if update_fields is not None and not set(update_fields) & _columns(sender):
        return
    status.record_translation_state(instance)


def forget_on_delete(sender, instance, **kwargs):
    # A page's base row is deleted with every page, whatever its type.
    if sender is Page or (not issubclass(sender, Page) and status.is_tracked(sender)):
        status.forget(instance)


def connect():
    post_save.connect(record_on_save, dispatch_uid="workspace_record_translation_state")
    post_delete.connect(forget_on_delete, dispatch_uid="workspace_forget_translation_state")
