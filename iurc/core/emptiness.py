"""When a translated value carries nothing for a reader, so that the reader sees a fallback.

A rich text field cleared in the admin is saved as ``<p></p>`` (or an empty paragraph with a
block key); an emptied StreamField as an empty list. Both count as untranslated.
"""

import re

from wagtail.blocks import StreamValue

_TAG = re.compile(r"<(?!img\b|embed\b|iframe\b)[^>]*>", re.IGNORECASE)
_BLANK = re.compile(r"(\s|&nbsp;|&#160;|\u00a0)+")


def is_empty(value):
    """True when a field value carries nothing for a reader."""
    if value is None:
        return True
    if isinstance(value, StreamValue | list):
        return len(value) == 0
    if isinstance(value, str):
        return not _BLANK.sub("", _TAG.sub("", value))
    return False
