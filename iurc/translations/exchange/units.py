"""What there is to translate: units of text keyed by object, field path and source hash.

A unit is one English text and its translation in one language:

* a plain field (``title``, ``seo_title``, a quote's ``text``, a theme's ``name``…),
* a rich text field (``intro``), whose markup becomes inline codes (see ``richtext``),
* a page's ``slug``, exported as a unit of its own so that URLs can be translated too; on
  import it is checked as a slug and against the slugs of the page's siblings,
* one text leaf of a StreamField (a heading's text, a paragraph, a link card's title…), keyed
  by the ids of the blocks that lead to it, never the whole stream as one unit,
* a translated field of a page's inline child (an agreement document's label).

Keys read ``<app>.<model>:<pk>:<field path>``, the path joined with dots, e.g.
``home.standardpage:12:body.6a1f….text`` or ``core.quote:3:text``: ASCII letters, digits and
``.:-_`` only, so a key is a valid XLIFF id. Each unit carries the SHA-1 of its English source
(whitespace collapsed) so that an import can tell when the source changed since the export.

Pages and quotes are read from their latest revision (what an editor would open), so the
source of a unit is the newest English text, published or not.
"""

import copy
import hashlib
import json
from dataclasses import dataclass, field
from functools import cached_property

from django.apps import apps
from django.utils import translation
from django.utils.text import capfirst
from modelcluster.models import ClusterableModel, get_all_child_relations
from wagtail import blocks
from wagtail.blocks import StreamValue
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, RevisionMixin
from wagtail.snippets.models import get_snippet_models

from iurc.core import languages
from iurc.core.translation_state import is_empty, translated_fields
from iurc.translations import status
from iurc.translations.exchange import richtext

TEXT, HTML, SLUG = "text", "html", "slug"

# Translated Page columns that nobody writes: modeltranslation derives them from the slugs.
NOT_TRANSLATABLE = frozenset({"url_path"})
TEXT_BLOCKS = (blocks.RichTextBlock, blocks.CharBlock, blocks.TextBlock)


def source_language():
    return languages.default_language()


def source_hash(value):
    """SHA-1 of a source text with its whitespace collapsed (a fingerprint, not a secret)."""
    normalised = " ".join((value or "").split())
    return hashlib.sha1(normalised.encode("utf-8"), usedforsecurity=False).hexdigest()


def fields_of(model):
    """The translated fields of ``model`` that people write, in the model's field order."""
    names = set(translated_fields(model)) - NOT_TRANSLATABLE
    return [f.name for f in model._meta.get_fields() if getattr(f, "name", None) in names]


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
    path: tuple  # (field name, …) — a StreamField leaf adds block ids and names
    kind: str
    source: str
    target: str  # the current translation, "" when there is none
    labels: tuple = ()
    block: object = None  # the StreamField leaf block, for validation
    holder: object = None  # the instance the field is on, when not ``obj`` (inline children)

    @property
    def key(self):
        return f"{object_key(self.obj)}:{'.'.join(self.path)}"

    @property
    def field_name(self):
        return self.path[0]

    @property
    def location(self):
        return " › ".join(self.labels or self.path)

    @cached_property
    def hash(self):
        return source_hash(self.source)

    @cached_property
    def _parsed(self):
        if self.kind == HTML:
            return richtext.parse_html(self.source)
        return [self.source], {}

    @property
    def content(self):
        """The source as a tree of text and inline codes."""
        return self._parsed[0]

    @property
    def codes(self):
        return self._parsed[1]


# --- StreamField -------------------------------------------------------------------------------


def raw_stream(value):
    """A StreamField value as its stored JSON list (a copy: safe to change)."""
    if value is None or value == "":
        return []
    if isinstance(value, StreamValue):
        return copy.deepcopy(list(value.raw_data))
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return []
    return copy.deepcopy(list(value)) if isinstance(value, list) else []


@dataclass
class Leaf:
    path: tuple
    block: object
    container: object  # the dict or list holding the value
    slot: object  # its key or index there
    labels: tuple = field(default=())

    @property
    def value(self):
        return self.container[self.slot]


def stream_leaves(block, raw, path, labels=()):
    """Every text leaf of a raw stream: blocks whose value a reader reads as words."""
    if isinstance(block, blocks.StreamBlock):
        for index, child in enumerate(raw if isinstance(raw, list) else []):
            if not isinstance(child, dict) or child.get("type") not in block.child_blocks:
                continue
            step = str(child.get("id") or f"_{index}")
            yield from _child_leaves(
                block.child_blocks[child["type"]],
                child,
                "value",
                (*path, step),
                (*labels, child["type"]),
            )
    elif isinstance(block, blocks.StructBlock):
        if not isinstance(raw, dict):
            return
        for name, child_block in block.child_blocks.items():
            if name in raw:
                yield from _child_leaves(child_block, raw, name, (*path, name), (*labels, name))
    elif isinstance(block, blocks.ListBlock):
        for index, item in enumerate(raw if isinstance(raw, list) else []):
            if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
                step = str(item.get("id") or f"_{index}")
                yield from _child_leaves(
                    block.child_block, item, "value", (*path, step), (*labels, str(index + 1))
                )
            else:
                yield from _child_leaves(
                    block.child_block, raw, index, (*path, f"_{index}"), (*labels, str(index + 1))
                )


def _child_leaves(block, container, slot, path, labels):
    value = container[slot]
    if isinstance(block, TEXT_BLOCKS):
        if isinstance(value, str):
            yield Leaf(path, block, container, slot, labels)
    else:
        yield from stream_leaves(block, value, path, labels)


def stream_shape(block, raw):
    """The block types and ids of a raw stream, without its values: equal shapes line up."""
    if isinstance(block, blocks.StreamBlock):
        return tuple(
            (
                child.get("type"),
                child.get("id"),
                stream_shape(block.child_blocks[child["type"]], child.get("value")),
            )
            for child in (raw if isinstance(raw, list) else [])
            if isinstance(child, dict) and child.get("type") in block.child_blocks
        )
    if isinstance(block, blocks.StructBlock):
        raw = raw if isinstance(raw, dict) else {}
        return tuple(
            (name, stream_shape(child, raw.get(name))) for name, child in block.child_blocks.items()
        )
    if isinstance(block, blocks.ListBlock):
        shape = []
        for item in raw if isinstance(raw, list) else []:
            if isinstance(item, dict) and item.get("type") == "item":
                shape.append((item.get("id"), stream_shape(block.child_block, item.get("value"))))
            else:
                shape.append((None, stream_shape(block.child_block, item)))
        return tuple(shape)
    return None


def _stream_units(obj, name, stream_block, language, label):
    source = raw_stream(getattr(obj, languages.localized_field(name, source_language())))
    target = raw_stream(getattr(obj, languages.localized_field(name, language)))
    translated = {leaf.path: leaf.value for leaf in stream_leaves(stream_block, target, (name,))}
    for leaf in stream_leaves(stream_block, source, (name,)):
        if is_empty(leaf.value):
            continue
        existing = translated.get(leaf.path)
        if existing == leaf.value:
            # A leaf copied from English when the stream was rebuilt still needs translating.
            existing = None
        yield Unit(
            obj=obj,
            path=leaf.path,
            kind=HTML if isinstance(leaf.block, blocks.RichTextBlock) else TEXT,
            source=leaf.value,
            target="" if is_empty(existing) else existing,
            labels=(label, *leaf.labels),
            block=leaf.block,
        )


# --- Objects -----------------------------------------------------------------------------------


def _field_units(obj, language, path_prefix=(), label_prefix=(), holder=None):
    instance = holder if holder is not None else obj
    model = type(instance)
    for name in fields_of(model):
        model_field = model._meta.get_field(name)
        label = str(model_field.verbose_name)
        if isinstance(model_field, StreamField):
            yield from _stream_units(obj, name, model_field.stream_block, language, label)
            continue
        source = getattr(instance, languages.localized_field(name, source_language()))
        if is_empty(source):
            continue
        target = getattr(instance, languages.localized_field(name, language))
        if isinstance(model_field, RichTextField):
            kind = HTML
        elif name == "slug" and isinstance(instance, Page):
            kind = SLUG
        else:
            kind = TEXT
        yield Unit(
            obj=obj,
            path=(*path_prefix, name),
            kind=kind,
            source=source,
            target="" if is_empty(target) else target,
            labels=(*label_prefix, label),
            holder=holder,
        )


def collect(obj, language):
    """The units of one object (a working copy from ``working_copy``) for ``language``."""
    with translation.override(source_language()):
        units = list(_field_units(obj, language))
        if isinstance(obj, ClusterableModel):
            for relation in get_all_child_relations(obj):
                if not fields_of(relation.related_model):
                    continue
                accessor = relation.get_accessor_name()
                # Held in memory, so that changes to the children reach the revision.
                children = list(getattr(obj, accessor).all())
                setattr(obj, accessor, children)
                for child in children:
                    if child.pk is None:
                        continue
                    units.extend(
                        _field_units(
                            obj,
                            language,
                            (accessor, str(child.pk)),
                            (str(relation.related_model._meta.verbose_name), str(child.pk)),
                            holder=child,
                        )
                    )
    return units


def working_copy(obj):
    """What an editor would open: the latest revision, else the row."""
    if isinstance(obj, Page):
        obj = obj.specific
    if isinstance(obj, RevisionMixin) and obj.latest_revision_id:
        return obj.get_latest_revision_as_object()
    return obj


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


def outdated_fields(obj, language):
    """Fields of ``obj`` whose translation was made from an older English source.

    ``iurc.translations.status`` records the English source each translation was made from.
    """
    return set(status.outdated_fields(obj, language) or ())


def needs_translation(units, obj, language):
    """The units of ``obj`` that are missing in ``language`` or whose field is outdated."""
    outdated = outdated_fields(obj, language) if units else set()
    return [
        unit
        for unit in units
        if not unit.target or unit.field_name in outdated or ".".join(unit.path) in outdated
    ]
