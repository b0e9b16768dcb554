"""Plain text out of rich text and StreamField values, for search and summaries."""

import html
import re

from wagtail import blocks
from wagtail.images.blocks import ImageBlock
from wagtail.rich_text import RichText
from wagtail.snippets.blocks import SnippetChooserBlock

from iurc.core.visibility import is_public

_TAGS = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def plain_text(value):
    if value is None:
        return ""
    if isinstance(value, RichText):
        value = value.source
    text = html.unescape(_TAGS.sub(" ", str(value)))
    return _SPACE.sub(" ", text).strip()


def stream_text(value):
    """Every piece of text a reader sees in a StreamField value, as plain strings."""
    if not value:
        return []
    texts = []
    _collect(value.stream_block, value, texts)
    return [text for text in texts if text]


def _collect(block, value, texts):
    if value is None or isinstance(block, ImageBlock):
        return
    if isinstance(block, blocks.StreamBlock):
        for child in value:
            _collect(child.block, child.value, texts)
    elif isinstance(block, blocks.StructBlock):
        for name, child_block in block.child_blocks.items():
            _collect(child_block, value.get(name), texts)
    elif isinstance(block, blocks.ListBlock):
        for item in value:
            _collect(block.child_block, item, texts)
    elif isinstance(block, blocks.RichTextBlock | blocks.CharBlock | blocks.TextBlock):
        texts.append(plain_text(value))
    elif isinstance(block, SnippetChooserBlock) and hasattr(value, "get_search_text"):
        # A chosen snippet still in draft shows nothing (its block renders nothing either).
        texts.extend(value.get_search_text() if is_public(value) else [])
