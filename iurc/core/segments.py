"""English owns the structure of a translated StreamField; other languages hold its text.

A StreamField is translated segment by segment: every text leaf (a heading's text, a
paragraph, a link card's title, a caption…) is one segment, found by the path of block ids
that leads to it. The English column (``body_en``) holds the structure: block types, order,
ids, links, images, chosen snippets. The column of another language (``body_vi``) holds the
same blocks, with the same ids and English's non-text values, and its own text in each leaf;
a leaf not translated yet is empty.

* ``align`` puts a language's text on English's structure. It is applied whenever a page is
  saved (``TranslatedSaveMixin``), so that blocks added, removed or moved in English reach
  every language, and to content written before this rule: blocks are then matched by
  position and type.
* ``merged_stream`` is what a reader of a language reads: English's structure with each leaf
  in the first language of the fallback chain that has it. Blocks shown in another language
  are listed in ``fallbacks`` (block id -> language) so that templates mark them ``lang``.
  ``install`` makes the model attribute (``page.body``) return it, so every reader (templates,
  search, the API) reads the same thing.
"""

import copy
import difflib
import json
from dataclasses import dataclass, field

from django.utils import translation
from modeltranslation.fields import TranslationFieldDescriptor
from modeltranslation.translator import NotRegistered, translator
from wagtail import blocks
from wagtail.blocks import StreamValue
from wagtail.fields import StreamField

from iurc.core import languages
from iurc.core.emptiness import is_empty

TEXT_BLOCKS = (blocks.RichTextBlock, blocks.CharBlock, blocks.TextBlock)


def raw_stream(value):
    """A StreamField value as its stored JSON list (a copy: safe to change)."""
    if value is None or value == "":
        return []
    if isinstance(value, StreamValue):
        value = list(value.raw_data)
    elif isinstance(value, str):
        try:
            return _as_list(json.loads(value))
        except ValueError:
            return []
    if not isinstance(value, list):
        return []
    try:
        # Raw data is JSON: copying it through JSON is several times faster than deepcopy.
        return json.loads(json.dumps(value))
    except (TypeError, ValueError):
        return copy.deepcopy(value)


def _as_list(value):
    return value if isinstance(value, list) else []


@dataclass
class Leaf:
    """One text leaf of a raw stream: where it is, and the block that reads it."""

    path: tuple
    block: object
    container: object  # the dict or list holding the value
    slot: object  # its key or index there
    labels: tuple = field(default=())

    @property
    def value(self):
        return self.container[self.slot]

    @value.setter
    def value(self, text):
        self.container[self.slot] = text


def stream_leaves(block, raw, path=(), labels=()):
    """Every text leaf of a raw stream, in document order: blocks a reader reads as words."""
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
        if isinstance(value, str) or value is None:
            yield Leaf(path, block, container, slot, labels)
    else:
        yield from stream_leaves(block, value, path, labels)


# --- Aligning a language's text on English's structure ----------------------------------------


def _pairs_by_id(source, target, kind_of):
    """(source item, target item) pairs with the same id and kind; None when no id matches."""
    by_id = {item.get("id"): item for item in source if isinstance(item, dict) and item.get("id")}
    ids = {item.get("id") for item in target if isinstance(item, dict)}
    if not by_id.keys() & ids:
        return None
    pairs = []
    for item in target:
        if not isinstance(item, dict):
            continue
        mine = by_id.get(item.get("id"))
        if mine is not None and kind_of(mine) == kind_of(item):
            pairs.append((mine, item))
        else:
            item["id"] = None
    return pairs


def _pairs_by_position(source, target, kind_of):
    """(source item, target item) pairs matched by position and kind (``difflib``), the ids of
    the target's items made the source's; unmatched target items lose their id."""
    for item in target:
        if isinstance(item, dict):
            item["id"] = None
    kinds = difflib.SequenceMatcher(
        None, [kind_of(item) for item in source], [kind_of(item) for item in target], autojunk=False
    )
    pairs = []
    for match in kinds.get_matching_blocks():
        for offset in range(match.size):
            mine, theirs = source[match.a + offset], target[match.b + offset]
            if isinstance(mine, dict) and isinstance(theirs, dict):
                # A block saved without an id is found by its position (``stream_leaves``).
                theirs["id"] = mine.get("id") or f"_{match.a + offset}"
                pairs.append((mine, theirs))
    return pairs


def _kind(item):
    return item.get("type") if isinstance(item, dict) else None


def _adopt_ids(block, source, target):
    """Match the blocks of ``target`` to those of ``source``, level by level: by id where the
    ids of a level match (a language that follows English), else by position and type (a
    language edited as its own copy). Matched blocks take the source's ids; others lose
    theirs, so that nothing of the source's is taken for them."""
    if isinstance(block, blocks.StreamBlock | blocks.ListBlock):
        source = source if isinstance(source, list) else []
        target = target if isinstance(target, list) else []
        pairs = _pairs_by_id(source, target, _kind)
        if pairs is None:
            pairs = _pairs_by_position(source, target, _kind)
        for mine, theirs in pairs:
            if isinstance(block, blocks.ListBlock):
                child_block = block.child_block
            else:
                child_block = block.child_blocks.get(mine.get("type"))
            if child_block is not None:
                _adopt_ids(child_block, mine.get("value"), theirs.get("value"))
    elif (
        isinstance(block, blocks.StructBlock)
        and isinstance(source, dict)
        and isinstance(target, dict)
    ):
        for name, child_block in block.child_blocks.items():
            _adopt_ids(child_block, source.get(name), target.get(name))


def texts_by_path(stream_block, source, target):
    """{leaf path: text} of ``target``, keyed as the leaves of ``source`` are (see
    ``_adopt_ids``)."""
    source, target = raw_stream(source), raw_stream(target)
    if not target:
        return {}
    _adopt_ids(stream_block, source, target)
    return {
        leaf.path: leaf.value
        for leaf in stream_leaves(stream_block, target)
        if not is_empty(leaf.value)
    }


def dropped_texts(stream_block, source, target):
    """The texts of ``target`` that ``align`` would drop: those of blocks English does not
    have (a block added to a translation only). Empty when English has no blocks yet."""
    source_raw = raw_stream(source)
    if not source_raw:
        return []
    paths = {leaf.path for leaf in stream_leaves(stream_block, source_raw)}
    texts = texts_by_path(stream_block, source_raw, target)
    return [text for path, text in texts.items() if path not in paths]


def with_texts(stream_block, source, texts):
    """``source``'s structure (a raw list) with ``texts`` ({leaf path: text}) in its leaves,
    and every other leaf empty."""
    aligned = raw_stream(source)
    for leaf in stream_leaves(stream_block, aligned):
        leaf.value = texts.get(leaf.path, "")
    return aligned


def align(stream_block, source, target):
    """``target``'s text on ``source``'s structure, as a raw list; None when ``target`` has no
    text for any leaf of ``source`` (the language then reads the whole field in fallback)."""
    texts = texts_by_path(stream_block, source, target)
    source_paths = {leaf.path for leaf in stream_leaves(stream_block, raw_stream(source))}
    if not texts.keys() & source_paths:
        return None
    return with_texts(stream_block, source, texts)


def translated_stream_fields(model):
    """Names of the translated StreamFields of ``model``."""
    try:
        names = translator.get_options_for_model(model).all_fields
    except NotRegistered:
        return ()
    return tuple(name for name in names if isinstance(model._meta.get_field(name), StreamField))


def align_instance(instance):
    """Put every language's StreamField text on the English structure of ``instance``."""
    default = languages.default_language()
    for name in translated_stream_fields(type(instance)):
        stream_block = type(instance)._meta.get_field(name).stream_block
        source = getattr(instance, languages.localized_field(name, default))
        if is_empty(source):
            # No English structure yet: a language written first keeps its own blocks (and
            # is aligned once English has some), rather than losing its text.
            continue
        for code in languages.codes():
            if code == default:
                continue
            column = languages.localized_field(name, code)
            current = getattr(instance, column)
            if current is None or (isinstance(current, list | StreamValue) and not len(current)):
                continue
            aligned = align(stream_block, source, current)
            setattr(instance, column, aligned)


# --- Reading -----------------------------------------------------------------------------------


def merged_stream(instance, name, language):
    """``name`` of ``instance`` as a reader of ``language`` reads it: English's blocks, each leaf
    in the first language of the chain that has it. ``.fallbacks`` maps the ids of top-level
    blocks shown (in part) in another language to that language."""
    default = languages.default_language()
    model_field = type(instance)._meta.get_field(name)
    stream_block = model_field.stream_block
    source = getattr(instance, languages.localized_field(name, default))
    chain = [code for code in languages.fallback_chain(language) if code != default]
    texts = [
        (code, texts_by_path(stream_block, source, getattr(instance, column, None)))
        for code in chain
        for column in [languages.localized_field(name, code)]
    ]
    merged = raw_stream(source)
    fallbacks = {}
    for leaf in stream_leaves(stream_block, merged):
        if is_empty(leaf.value):
            continue
        for code, found in texts:
            if leaf.path in found:
                leaf.value = found[leaf.path]
                if code != language:
                    fallbacks.setdefault(leaf.path[0], code)
                break
        else:
            if default != language:
                fallbacks.setdefault(leaf.path[0], default)
    value = StreamValue(stream_block, merged, is_lazy=True)
    value.fallbacks = fallbacks
    return value


class SegmentedStreamDescriptor(TranslationFieldDescriptor):
    """modeltranslation's descriptor, reading a StreamField leaf by leaf (``merged_stream``)
    in any language but English, and whole in English."""

    def __get__(self, instance, owner):
        if instance is None:
            return self
        language = translation.get_language() or languages.default_language()
        if language not in languages.codes() or language == languages.default_language():
            return super().__get__(instance, owner)
        name = self.field.name
        columns = [
            languages.localized_field(name, code) for code in languages.fallback_chain(language)
        ]
        values = [getattr(instance, column, None) for column in columns]
        stamp = tuple(id(value) for value in values)
        cache = instance.__dict__.setdefault("_merged_streams", {})
        cached = cache.get((name, language))
        if cached is not None and cached[0] == stamp:
            return cached[1]
        if is_empty(values[-1]) or all(is_empty(value) for value in values[:-1]):
            # No translation at all (the whole field is read in English), or no English
            # structure yet (a language's own blocks are read as they are).
            value = super().__get__(instance, owner)
            if isinstance(value, StreamValue):
                value.fallbacks = {}
        else:
            value = merged_stream(instance, name, language)
        cache[(name, language)] = (stamp, value)
        return value


def install():
    """Read every translated StreamField through ``SegmentedStreamDescriptor``."""
    for model in translator.get_registered_models():
        for name in translated_stream_fields(model):
            current = model.__dict__.get(name)
            if not isinstance(current, TranslationFieldDescriptor) or isinstance(
                current, SegmentedStreamDescriptor
            ):
                continue
            replacement = SegmentedStreamDescriptor(
                current.field,
                fallback_languages=current.fallback_languages,
                fallback_value=current.fallback_value,
                fallback_undefined=current.fallback_undefined,
            )
            setattr(model, name, replacement)
