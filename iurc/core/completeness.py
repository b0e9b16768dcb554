"""Whether the language switcher and hreflang list a page in a language.

A page is listed in a language once the share of its translated fields that have English
text and are filled in that language reaches ``IURC_SWITCHER_MIN_COMPLETENESS`` (0 to 1;
bedrock uses 0.8). Fallbacks do not count: a Malay page read in Indonesian is not Malay.
The page's URL in that language keeps working; it is only not advertised. With the setting
at 0 (the default) every language is listed.

Computed from the page row already loaded for the request: no query.
"""

from django.conf import settings

from iurc.core import languages
from iurc.core.emptiness import is_empty
from iurc.core.translation_state import status_fields


def min_completeness():
    return float(getattr(settings, "IURC_SWITCHER_MIN_COMPLETENESS", 0) or 0)


def page_completeness(page, language):
    """Share (0 to 1) of the page's fields with English text that ``language`` fills."""
    default = languages.default_language()
    sources = [
        name
        for name in status_fields(type(page))
        if not is_empty(getattr(page, languages.localized_field(name, default), None))
    ]
    if not sources or language == default:
        return 1.0
    filled = sum(
        1
        for name in sources
        if not is_empty(getattr(page, languages.localized_field(name, language), None))
    )
    return filled / len(sources)


def listed_in_switcher(page, language, current=None):
    """True when the switcher and hreflang should offer ``page`` in ``language``.

    The language being read (``current``) and the default language are always listed.
    """
    threshold = min_completeness()
    if threshold <= 0 or language in (current, languages.default_language()):
        return True
    return page_completeness(page, language) >= threshold
