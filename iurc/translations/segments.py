"""What there is to translate on a page or snippet: its segments, in every language at once.

A segment is one English text and what each language holds for it:

* a plain field (``title``, ``seo_title``, a quote's ``text``, a theme's ``name``…),
* a rich text field (``intro``),
* a page's ``slug`` (URLs are translated too),
* one text leaf of a StreamField (a heading's text, a paragraph, a link card's title…),
  found by the ids of the blocks that lead to it (``iurc.core.segments``),
* a translated field of a page's inline child (an agreement document's label).

Its path is the field name, then block ids and child block names for a StreamField leaf, or
the inline relation and the child's pk: ``("body", "6a1f…", "text")``, ``("title",)``. The
translators' workspace reads segments from here only: the Translations dashboard, the segment
editor and the exchange with CAT tools see the same segments in the same order.
"""

from dataclasses import dataclass

from django.utils import translation
from django.utils.text import capfirst
from modelcluster.models import ClusterableModel, get_all_child_relations
from wagtail import blocks
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from iurc.core import languages
from iurc.core import segments as structure
from iurc.core.emptiness import is_empty
from iurc.core.translation_state import translated_fields

TEXT, HTML, SLUG = "text", "html", "slug"

# Translated Page columns that nobody writes: modeltranslation derives them from the slugs.
NOT_TRANSLATABLE = frozenset({"url_path"})


def source_language():
    return languages.default_language()


def target_languages():
    """Every language but the source."""
    return [code for code in languages.codes() if code != source_language()]


def fields_of(model):
    """The translated fields of ``model`` that people write, in the model's field order."""
    names = set(translated_fields(model)) - NOT_TRANSLATABLE
    return [f.name for f in model._meta.get_fields() if getattr(f, "name", None) in names]


@dataclass(eq=False)
class Segment:
    path: tuple
    kind: str
    source: str
    targets: dict  # language -> its text, "" when there is none
    labels: tuple = ()
    block: object = None  # the StreamField leaf block, to validate a translation
    holder: object = None  # the instance the field is on, when not the object (inline children)

    @property
    def key(self):
        return ".".join(self.path)

    @property
    def field_name(self):
        return self.path[0]

    @property
    def location(self):
        return " › ".join(self.labels or self.path)


def _text(value):
    return "" if is_empty(value) else value


def _stream_segments(instance, name, stream_block, label):
    source = structure.raw_stream(
        getattr(instance, languages.localized_field(name, source_language()))
    )
    texts = {
        code: structure.texts_by_path(
            stream_block, source, getattr(instance, languages.localized_field(name, code))
        )
        for code in target_languages()
    }
    for leaf in structure.stream_leaves(stream_block, source):
        if is_empty(leaf.value):
            continue
        yield Segment(
            path=(name, *leaf.path),
            kind=HTML if isinstance(leaf.block, blocks.RichTextBlock) else TEXT,
            source=leaf.value,
            targets={code: _text(found.get(leaf.path)) for code, found in texts.items()},
            labels=(label, *leaf.labels),
            block=leaf.block,
        )


def _field_segments(instance, path_prefix=(), label_prefix=(), holder=None):
    model = type(instance)
    for name in fields_of(model):
        model_field = model._meta.get_field(name)
        label = capfirst(str(model_field.verbose_name))
        if isinstance(model_field, StreamField):
            yield from _stream_segments(instance, name, model_field.stream_block, label)
            continue
        source = getattr(instance, languages.localized_field(name, source_language()))
        if is_empty(source):
            continue
        if isinstance(model_field, RichTextField):
            kind = HTML
        elif name == "slug" and isinstance(instance, Page):
            kind = SLUG
        else:
            kind = TEXT
        yield Segment(
            path=(*path_prefix, name),
            kind=kind,
            source=source,
            targets={
                code: _text(getattr(instance, languages.localized_field(name, code)))
                for code in target_languages()
            },
            labels=(*label_prefix, label),
            holder=holder,
        )


def segments_of(obj):
    """The segments of ``obj`` (a row, or a revision's copy of it), in the order of its form.

    Inline children are read into memory on ``obj`` (``obj.documents`` becomes a list), so that
    translations written on them reach a revision saved from ``obj``.
    """
    with translation.override(source_language()):
        found = list(_field_segments(obj))
        if isinstance(obj, ClusterableModel):
            for relation in get_all_child_relations(obj):
                if not fields_of(relation.related_model):
                    continue
                accessor = relation.get_accessor_name()
                children = list(getattr(obj, accessor).all())
                setattr(obj, accessor, children)
                for child in children:
                    if child.pk is None:
                        continue
                    found.extend(
                        _field_segments(
                            child,
                            (accessor, str(child.pk)),
                            (str(relation.related_model._meta.verbose_name), str(child.pk)),
                            holder=child,
                        )
                    )
    return found


def counted(segment):
    """Whether a segment counts in the figures: slugs are addresses, not text to read."""
    return segment.kind != SLUG
