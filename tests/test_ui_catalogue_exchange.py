"""Interface catalogues out to a CAT tool and back, always on a copy of locale/."""

import gettext
import hashlib
import io
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from django.conf import settings
from django.core.management import CommandError, call_command

from iurc.translations.exchange import ui_catalogue

REAL_LOCALE = Path(settings.LOCALE_PATHS[0])


def fingerprint(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def locale_copy(tmp_path):
    before = fingerprint(REAL_LOCALE / "vi" / "LC_MESSAGES" / "django.po")
    copy = tmp_path / "locale"
    shutil.copytree(REAL_LOCALE, copy)
    yield copy
    assert fingerprint(REAL_LOCALE / "vi" / "LC_MESSAGES" / "django.po") == before


def edited(content, translations, extra=(), fuzzy=()):
    catalog = read_po(io.BytesIO(content))
    for msgid, string in translations.items():
        catalog[msgid].string = string
    for msgid in fuzzy:
        catalog[msgid].flags.add("fuzzy")
    for msgid, string in extra:
        catalog.add(msgid, string)
    buffer = io.BytesIO()
    write_po(buffer, catalog)
    return buffer.getvalue()


def run(*args, **options):
    out = io.StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


def test_export_writes_the_catalogue_and_says_how_complete_it_is(locale_copy, tmp_path):
    output = tmp_path / "vi.po"

    message = run("export_ui_catalogue", language="vi", output=str(output), locale_dir=locale_copy)

    assert output.read_bytes() == (locale_copy / "vi" / "LC_MESSAGES" / "django.po").read_bytes()
    translated, total = ui_catalogue.completeness("vi", locale_copy)
    assert f"{translated} of {total} messages translated" in message
    assert total > 100


def test_round_trip_merges_known_messages_only_and_compiles(locale_copy, tmp_path):
    catalogue = locale_copy / "vi" / "LC_MESSAGES" / "django.po"
    original = catalogue.read_text()
    exported = tmp_path / "vi.po"
    run("export_ui_catalogue", language="vi", output=str(exported), locale_dir=locale_copy)
    translated = tmp_path / "vi-translated.po"
    translated.write_bytes(
        edited(
            exported.read_bytes(),
            {
                "Skip to main content": "Đi tới nội dung chính ngay",
                "Search: %(query)s": "Tìm kiếm: %(truy_van)s",
                "Visit website": "Ghé thăm trang web",
            },
            extra=[("A message nobody wrote", "Một thông điệp")],
            fuzzy=["Visit website"],
        )
    )

    message = run("import_ui_catalogue", str(translated), language="vi", locale_dir=locale_copy)

    assert "Updated 1 messages" in message
    assert "A message nobody wrote" in message
    assert "Search: %(query)s: Placeholders must be %(query)s, not %(truy_van)s." in message
    # Only that message changed; the file's line wrapping is the writer's, not compared here.
    # Keyed by context too: the public site's "Skip to main content" has a context of its own.
    before = {(m.context, m.id): m.string for m in read_po(io.StringIO(original)) if m.id}
    after = {
        (m.context, m.id): m.string for m in read_po(io.StringIO(catalogue.read_text())) if m.id
    }
    changed = {key for key in before if before[key] != after.get(key)}
    assert after.keys() == before.keys()
    assert changed == {(None, "Skip to main content")}
    assert after[None, "Skip to main content"] == "Đi tới nội dung chính ngay"
    with (catalogue.with_suffix(".mo")).open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    assert compiled.gettext("Skip to main content") == "Đi tới nội dung chính ngay"
    assert compiled.gettext("Search: %(query)s") == "Tìm kiếm: %(query)s"


def test_dry_run_writes_nothing(locale_copy, tmp_path):
    catalogue = locale_copy / "vi" / "LC_MESSAGES" / "django.po"
    before = fingerprint(catalogue)
    translated = tmp_path / "vi.po"
    translated.write_bytes(
        edited(catalogue.read_bytes(), {"Skip to main content": "Đi tới nội dung"})
    )

    message = run(
        "import_ui_catalogue", str(translated), language="vi", locale_dir=locale_copy, dry_run=True
    )

    assert "Would update 1 messages" in message
    assert fingerprint(catalogue) == before


def test_file_for_another_language_is_refused(locale_copy):
    french = locale_copy / "fr" / "LC_MESSAGES" / "django.po"
    before = fingerprint(locale_copy / "vi" / "LC_MESSAGES" / "django.po")

    with pytest.raises(CommandError, match="translated into fr, not vi"):
        call_command("import_ui_catalogue", str(french), language="vi", locale_dir=locale_copy)
    assert fingerprint(locale_copy / "vi" / "LC_MESSAGES" / "django.po") == before


def test_a_file_that_is_not_po_is_refused(locale_copy, tmp_path):
    path = tmp_path / "notes.po"
    path.write_bytes(b"this is not\na po file\n")

    with pytest.raises(CommandError, match="not a valid PO file"):
        call_command("import_ui_catalogue", str(path), language="vi", locale_dir=locale_copy)
    with pytest.raises(CommandError, match="has no interface catalogue"):
        call_command("import_ui_catalogue", str(path), language="en", locale_dir=locale_copy)


@pytest.mark.parametrize(
    ("source", "translation", "ok"),
    [
        ("Line %(line)s: %(message)s", "Dòng %(line)s: %(message)s", True),
        ("Line %(line)s: %(message)s", "Dòng %(line)s", False),
        ("%s results", "%s kết quả", True),
        ("%s results", "%d kết quả", False),
        (("%(counter)s agreement", "%(counter)s agreements"), ("%(counter)s thỏa thuận",), True),
        (("one agreement", "%(counter)s agreements"), ("un acuerdo", "%(counter)s"), True),
        (("%(counter)s agreement", "%(counter)s agreements"), ("thỏa thuận",), False),
        (("%(counter)s agreement", "%(counter)s agreements"), ("%(n)s", "%(counter)s"), False),
    ],
)
def test_placeholders_must_match_their_source(source, translation, ok):
    assert (ui_catalogue.check_placeholders(source, translation) == "") is ok
