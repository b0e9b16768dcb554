"""What the readers of XLIFF and PO files hand to the importer, whatever the format."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from iurc.core import languages

XLIFF2, XLIFF12, PO = "xliff2", "xliff12", "po"
FORMATS = {
    XLIFF2: (_("XLIFF 2.0"), "xlf"),
    XLIFF12: (_("XLIFF 1.2 (older CAT tools)"), "xlf"),
    PO: (_("gettext PO"), "po"),
}
# Refused before any parsing: translation files of a whole site stay far below this.
MAX_FILE_SIZE = 10 * 1024 * 1024


class ExchangeFileError(Exception):
    """The file as a whole cannot be imported; nothing has been written."""


@dataclass
class FileUnit:
    key: str
    source: list  # content tree of the source as written in the file
    target: list | None  # content tree of the translation; None when there is none
    source_hash: str = ""
    language: str = ""  # the unit's target language when the file says it per unit
    skipped: str = ""  # why a translation is not used (fuzzy …)
    error: str = ""  # why the unit could not be read
    # PO: source and target are one string each, where rich text codes are placeholders.
    placeholders: bool = False


@dataclass
class ExchangeFile:
    format: str
    source_language: str
    target_language: str
    units: list = field(default_factory=list)


def language_code(tag):
    """The portal's code for a language tag in a file (``zh-Hans``, ``zh_Hans``, ``vi-VN``…).

    Returns "" for a tag that names none of the portal's languages.
    """
    if not tag:
        return ""
    subtags = tag.strip().replace("_", "-").lower().split("-")
    known = {code.lower(): code for code in languages.codes()}
    # "vi-VN", "pt-BR", "zh-Hans-CN": the longest prefix that is one of the portal's languages.
    while subtags:
        code = known.get("-".join(subtags))
        if code:
            return code
        subtags.pop()
    return ""


def language_tag(code):
    """BCP 47 tag of one of the portal's languages, as XLIFF files write it."""
    return "zh-Hans" if code == "zh-hans" else code
