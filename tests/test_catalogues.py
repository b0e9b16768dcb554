"""The interface is translated: every catalogue complete, nothing fuzzy, placeholders intact."""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils import translation

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def catalogue(code):
    path = LOCALE_DIR / translation.to_locale(code) / "LC_MESSAGES" / "django.po"
    with path.open("rb") as handle:
        return read_po(handle, locale=translation.to_locale(code))


@pytest.mark.parametrize("code", TRANSLATED)
def test_catalogue_has_every_message_translated_and_none_fuzzy(code):
    messages = [message for message in catalogue(code) if message.id]

    untranslated = [
        message.id
        for message in messages
        if not message.string or (isinstance(message.string, tuple) and not all(message.string))
    ]
    fuzzy = [message.id for message in messages if message.fuzzy]
    assert messages
    assert untranslated == [], f"{code}: untranslated {untranslated[:5]}"
    assert fuzzy == [], f"{code}: fuzzy {fuzzy[:5]}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_translations_keep_the_placeholders_of_their_source(code):
    for message in catalogue(code):
        if not message.id:
            continue
        sources = message.id if isinstance(message.id, tuple) else (message.id,)
        targets = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set(PLACEHOLDER.findall(sources[-1]))
        for target in targets:
            assert set(PLACEHOLDER.findall(target)) <= expected | {"%(counter)s"}, message.id


@pytest.mark.parametrize("code", TRANSLATED)
def test_interface_strings_are_not_english_copies(code):
    with translation.override(code):
        assert translation.pgettext("public site", "Skip to main content") != "Skip to main content"
        assert translation.gettext("Visit website") != "Visit website"
