"""What is and is not translated on a model instance, and saving that keeps English intact.

modeltranslation stores every language in the same row (``title_en``, ``title_vi`` …) and
reads the plain attribute (``title``) in the active language with a fallback chain. Two
consequences are handled here, in one place, for pages and snippets alike:

* A rich text field cleared in the admin is saved as ``<p></p>`` (or an empty paragraph with a
  block key); that must count as untranslated so the reader sees the fallback, not nothing.
* Django writes the untranslated base column (``title``, ``draft_title`` for pages) by reading
  the attribute, i.e. in the active language. An editor using the admin in Vietnamese would
  otherwise overwrite the English values that listings and the page explorer show.

And translated StreamFields follow the English structure on every save (``segments``).
"""

from contextlib import nullcontext
from functools import cache

from django.utils import translation
from modeltranslation.translator import NotRegistered, translator
from wagtail.fields import RichTextField
from wagtail.models import Page

from iurc.core import languages, segments
from iurc.core.emptiness import is_empty

# Translated, but not text a translator writes or the status counts.
NOT_COUNTED = frozenset({"slug", "url_path"})


def translated_fields(model):
    try:
        return tuple(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return ()


@cache
def reader_fields(model):
    """The fields a visitor reads on a page of ``model``: its title and the fields its
    ``translation.py`` registers beyond those every page has (SEO, listing summary).

    The one declaration the fallback notice, search and the admin search derive from.
    """
    common = set(translated_fields(Page))
    for base in model.__mro__[1:]:
        if isinstance(base, type) and issubclass(base, Page) and base._meta.abstract:
            common.update(translated_fields(base))
    return ("title", *(name for name in translated_fields(model) if name not in common))


@cache
def status_fields(model):
    """The translated fields of ``model`` that count, in the order of the model's fields."""
    names = translated_fields(model)
    order = {model_field.name: i for i, model_field in enumerate(model._meta.get_fields())}
    counted = [name for name in names if name not in NOT_COUNTED]
    return tuple(sorted(counted, key=lambda name: order.get(name, len(order))))


def fallback_languages(instance, field_names, language=None, whole=False):
    """The languages, other than ``language``, that ``field_names`` are read from.

    With ``whole``, only those a field is read from as a whole: the blocks of a partly
    translated StreamField mark their own language (``segments.merged_stream``).
    """
    language = language or languages.active_language()
    chain = languages.fallback_chain(language)
    used = []
    streams = segments.translated_stream_fields(type(instance))
    for name in field_names:
        for code in chain:
            if not is_empty(getattr(instance, languages.localized_field(name, code), None)):
                if code != language and code not in used:
                    used.append(code)
                break
        if not whole and name in streams and not used_whole(instance, name, language):
            # Read leaf by leaf: blocks not translated yet are read in a fallback language.
            with translation.override(language):
                fallbacks = getattr(getattr(instance, name), "fallbacks", {})
            for code in fallbacks.values():
                if code not in used:
                    used.append(code)
    return used


def used_whole(instance, name, language):
    """True when ``language`` has nothing of field ``name``: it is read whole in fallback."""
    return is_empty(getattr(instance, languages.localized_field(name, language), None))


def clear_empty_rich_text(instance):
    """Store an emptied rich text translation as NULL so that it falls back."""
    for name in translated_fields(type(instance)):
        if not isinstance(instance._meta.get_field(name), RichTextField):
            continue
        for code in languages.codes():
            attname = languages.localized_field(name, code)
            value = getattr(instance, attname, None)
            if value is not None and is_empty(value):
                setattr(instance, attname, None)


class TranslatedSaveMixin:
    """Save with the default language active, so base columns always hold English."""

    def save(self, *args, **kwargs):
        clear_empty_rich_text(self)
        segments.align_instance(self)
        default = languages.default_language()
        switch = (
            nullcontext()
            if translation.get_language() == default
            else translation.override(default)
        )
        with switch:
            update_fields = kwargs.get("update_fields")
            if hasattr(self, "draft_title") and (
                update_fields is None or "draft_title" in update_fields
            ):
                self.draft_title = self.title
            return super().save(*args, **kwargs)
