"""Exchange units: the segments of an object (``iurc.translations.segments``) in one language.

A unit is one segment's English text, its translation in the language of the file and the
state of that translation (``status.segment_state``): missing, outdated (with the English it
was made from), the same as English, or translated.

Keys read ``<app>.<model>:<pk>:<segment key>``, e.g. ``home.standardpage:12:body.6a1f….text``
or ``core.quote:3:text``: ASCII letters, digits and ``.:-_`` only, so a key is a valid XLIFF
id. Each unit carries the SHA-1 of its English source (whitespace collapsed) so that an
import can tell when the source changed since the export.

Pages and quotes are read from their latest revision (what an editor would open), so the
source of a unit is the newest English text, published or not.

Rich text segments are exchanged as text with inline codes (``richtext``). The paragraph
element that wraps a whole segment (a paragraph block is one ``<p>``) is not a code: the
translator sees and writes plain text, and the wrapper comes back from the source.
"""

import hashlib
from dataclasses import dataclass
from functools import cached_property

from django.apps import apps
from django.utils import translation
from django.utils.text import capfirst
from wagtail.models import Page, RevisionMixin
from wagtail.snippets.models import get_snippet_models

from iurc.translations import segments, status
from iurc.translations.exchange import richtext
from iurc.translations.segments import HTML, SLUG, TEXT, fields_of, source_language

__all__ = ["HTML", "SLUG", "TEXT", "Unit", "collect", "fields_of", "source_language"]


def source_hash(value):
    """SHA-1 of a source text with its whitespace collapsed (a fingerprint, not a secret)."""
    normalised = " ".join((value or "").split())
    return hashlib.sha1(normalised.encode("utf-8"), usedforsecurity=False).hexdigest()


def object_key(obj):
    return f"{obj._meta.app_label}.{obj._meta.model_name}:{obj.pk}"


def object_label(obj):
    with translation.override(source_language()):
        return f"{capfirst(obj._meta.verbose_name)}: {obj}"


def split_key(key):
    """(model label, pk, path) of a unit key; ValueError when it is not one."""
    model_label, pk, path = key.split(":", 2)
    if not model_label or not pk or not path:
        raise ValueError(key)
    return model_label, pk, path


@dataclass(eq=False)
class Unit:
    obj: object  # the object the translation is saved on (a revision's copy for pages)
    segment: object
    language: str
    state: object  # status.State

    @property
    def path(self):
        return self.segment.path

    @property
    def kind(self):
        return self.segment.kind

    @property
    def source(self):
        return self.segment.source

    @property
    def target(self):
        """The current translation, "" when there is none."""
        return self.segment.targets.get(self.language, "")

    @property
    def block(self):
        return self.segment.block

    @property
    def holder(self):
        return self.segment.holder

    @property
    def key(self):
        return f"{object_key(self.obj)}:{self.segment.key}"

    @property
    def field_name(self):
        return self.segment.field_name

    @property
    def location(self):
        return self.segment.location

    @cached_property
    def hash(self):
        return source_hash(self.source)

    @cached_property
    def _parsed(self):
        if self.kind == HTML:
            return richtext.parse_html(self.source)
        return [self.source], {}

    @property
    def full_content(self):
        """The source as a tree of text and inline codes, its wrapper included."""
        return self._parsed[0]

    @cached_property
    def wrapper(self):
        """The code of the element that wraps the whole source, if one does (a ``<p>``)."""
        return richtext.wrapper(self.full_content, self.codes) if self.kind == HTML else None

    @property
    def content(self):
        """The source as translators see it: text and inline codes, without the wrapper."""
        return self.wrapper.children if self.wrapper else self.full_content

    @property
    def codes(self):
        return self._parsed[1]

    @cached_property
    def target_content(self):
        """The current translation as the same tree, with the source's code ids (what an
        export offers as the target); [] when there is none."""
        if not self.target:
            return []
        if self.kind != HTML:
            return [self.target]
        content = richtext.match_codes(self.target, self.full_content, self.codes)
        if self.wrapper and self._is_wrapper(content):
            return content[0].children
        return content

    def _is_wrapper(self, content):
        return len(content) == 1 and getattr(content[0], "id", None) == self.wrapper.id

    def readable(self, value):
        """A stored value of this unit as a reviewer reads it: text, without markup."""
        if self.kind == HTML:
            return richtext.plain_text(richtext.parse_html(value or "")[0])
        return value or ""

    def full_target(self, content):
        """A translated content tree as stored: with the source's wrapper put back."""
        if self.wrapper is None:
            return content
        if self.wrapper.id in richtext.code_ids(content):
            return content  # a tool that kept the wrapper as a code (where it is checked)
        return [richtext.Code(id=self.wrapper.id, paired=True, children=list(content))]


def collect(obj, language):
    """The units of one object (a working copy from ``working_copy``) for ``language``."""
    found = segments.segments_of(obj)
    states = status.states_of(obj, [language], found)
    return [
        Unit(obj=obj, segment=segment, language=language, state=states[(segment.key, language)])
        for segment in found
    ]


def working_copy(obj):
    """What an editor would open: the latest revision, else the row."""
    if isinstance(obj, Page):
        obj = obj.specific
    if isinstance(obj, RevisionMixin) and obj.latest_revision_id:
        return obj.get_latest_revision_as_object()
    return obj


def live_object(obj):
    """The row of a working copy (what is published), as its specific class."""
    row = type(obj)._default_manager.get(pk=obj.pk)
    return row.specific if isinstance(row, Page) else row


def translatable_snippet_models():
    """Snippets with translated fields. Imports save drafts, so they must keep revisions."""
    return [
        model
        for model in get_snippet_models()
        if fields_of(model) and issubclass(model, RevisionMixin)
    ]


def translatable_model(model_label):
    """The model a key names, when its objects can be exchanged; LookupError otherwise."""
    model = apps.get_model(model_label)
    if not fields_of(model):
        raise LookupError(model_label)
    if not issubclass(model, Page) and model not in translatable_snippet_models():
        raise LookupError(model_label)
    return model


def find_object(model_label, pk):
    """The working copy of the object ``model_label``/``pk``; LookupError when there is none."""
    model = translatable_model(model_label)
    try:
        obj = model._default_manager.get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError) as error:
        raise LookupError(f"{model_label}:{pk}") from error
    if isinstance(obj, Page) and obj.specific_class is not model:
        raise LookupError(f"{model_label}:{pk}")
    return working_copy(obj)


def all_objects():
    """Every page (but the tree root) and every translatable snippet, pages first."""
    pages = Page.objects.filter(depth__gt=1).order_by("path").specific()
    yield from (working_copy(page) for page in pages)
    for model in translatable_snippet_models():
        for snippet in model._default_manager.order_by("pk"):
            yield working_copy(snippet)


def needs_translation(units):
    """The units that are missing or outdated."""
    return [unit for unit in units if unit.state.name in (status.MISSING, status.OUTDATED)]
