"""Every way an import can go wrong: refused whole with a clear message, or unit by unit."""

import pytest
from defusedxml.ElementTree import fromstring
from django.core.management import CommandError, call_command

from iurc.home.models import StandardPage
from iurc.translations.exchange import exporting, importing, units, xliff
from iurc.translations.exchange.formats import MAX_FILE_SIZE, PO, XLIFF2, XLIFF12, ExchangeFileError
from iurc.translations.exchange.xliff import XLIFF2_NS, XLIFF12_NS, serialize
from tests.factories import StandardPageFactory
from tests.support import BILLION_LAUGHS, make_translator

# The page with rich text and StreamField, and the page it links to.
pytest_plugins = ["tests.exchange_fixtures"]

X2 = f"{{{XLIFF2_NS}}}"


@pytest.fixture
def page(home):
    return StandardPageFactory(
        parent=home,
        title="Cities",
        slug="cities",
        search_description="About cities.",
        intro='<p data-block-key="a">Read <b>this</b> and <a href="https://ec.europa.eu/">that</a>.</p>',
        body_en=(
            '[{"type": "heading", "id": "h1", "value": {"text": "Why cities", "level": "h2"}},'
            ' {"type": "paragraph", "id": "p1", "value": "<p>One.</p><p>Two.</p>"}]'
        ),
    )


def export(obj, file_format=XLIFF2, language="vi"):
    obj = type(obj).objects.get(pk=obj.pk)
    return exporting.export(language, file_format, [units.working_copy(obj)]).content


def with_targets(content, targets):
    """The XLIFF 2.0 export with the given targets (inner XML) for the given unit keys."""
    root = fromstring(content)
    for unit in root.iter(f"{X2}unit"):
        if unit.get("id") in targets:
            segment = unit.find(f"{X2}segment")
            for old in segment.findall(f"{X2}target"):
                segment.remove(old)
            segment.append(
                fromstring(f'<target xmlns="{XLIFF2_NS}">{targets[unit.get("id")]}</target>')
            )
    return serialize(root, XLIFF2_NS)


def key(page, path):
    return f"home.standardpage:{page.pk}:{path}"


def latest(page):
    return StandardPage.objects.get(pk=page.pk).get_latest_revision_as_object()


def refused(data, **kwargs):
    with pytest.raises(ExchangeFileError) as error:
        importing.import_translations(data, **kwargs)
    return str(error.value)


# --- Files refused as a whole --------------------------------------------------------------------


def test_malformed_xml_is_refused_with_the_parser_position(db):
    message = refused(b'<?xml version="1.0"?><xliff version="2.0"><file></xliff>')

    assert "not well-formed XML" in message
    assert "line 1" in message


def test_billion_laughs_entity_file_is_refused_before_expansion(db):
    assert "DOCTYPE, entities or external references" in refused(BILLION_LAUGHS)


def test_any_doctype_is_refused_even_without_entities(db):
    data = b'<?xml version="1.0"?><!DOCTYPE xliff><xliff version="2.0"/>'

    assert "DOCTYPE" in refused(data)


def test_external_entities_are_refused(db):
    data = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b'<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">&e;</xliff>'
    )

    assert "DOCTYPE" in refused(data)


def test_oversized_file_is_refused_before_parsing(db, monkeypatch):
    def must_not_parse(data):
        raise AssertionError("parsed")

    monkeypatch.setattr(xliff, "read", must_not_parse)
    data = b"<xliff>" + b" " * MAX_FILE_SIZE + b"</xliff>"

    assert "larger than 10 MB" in refused(data)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"key,title\n1,About\n", "neither XLIFF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "neither XLIFF"),
        (b"<html><body><p>Hello</p></body></html>", "not XLIFF 2.0 or XLIFF 1.2"),
        (b'<?xml version="1.0"?><project><unit/></project>', "not XLIFF 2.0 or XLIFF 1.2"),
        (b'msgid "Home"\nmsgstr "Trang chu"\n', "no content units"),
        (b'msgid "Home"\nmsgstr "x"\nnot a po line\n', "not a valid PO file"),
    ],
    ids=["csv", "png", "html", "other-xml", "interface-catalogue", "broken-po"],
)
def test_files_of_another_type_are_refused(db, data, expected):
    assert expected in refused(data)


def test_file_for_another_language_than_asked_is_refused_and_nothing_written(admin_user, page):
    content = with_targets(export(page, language="fr"), {key(page, "title"): "Villes"})

    message = refused(content, user=admin_user, language="vi")

    assert "translated into Français (fr), not Tiếng Việt (vi)" in message
    assert latest(page).title_fr is None


@pytest.mark.parametrize("language", ["en", "xx", ""])
def test_file_whose_target_language_is_not_one_to_translate_into_is_refused(page, language):
    content = export(page).replace(b'trgLang="vi"', f'trgLang="{language}"'.encode())

    message = refused(content)

    assert "language" in message


def test_file_translated_from_another_language_than_english_is_refused(page):
    content = export(page).replace(b'srcLang="en"', b'srcLang="fr"')

    assert "translated from fr" in refused(content)


def test_translator_importing_another_language_gets_an_error_and_nothing_is_written(
    django_user_model, page, tmp_path
):
    translator = make_translator(django_user_model, "thai-translator", "th")
    revisions = page.revisions.count()
    content = with_targets(export(page), {key(page, "title"): "Các thành phố"})

    message = refused(content, user=translator)

    assert "You may not import translations into Tiếng Việt (vi)" in message
    assert page.revisions.count() == revisions
    path = tmp_path / "vi.xlf"
    path.write_bytes(content)
    with pytest.raises(CommandError, match="You may not import"):
        call_command("import_translations", str(path), user="thai-translator")
    assert page.revisions.count() == revisions


# --- Units reported, not applied -----------------------------------------------------------------


def test_unknown_units_are_reported_and_the_others_applied(admin_user, page):
    content = export(page)
    content = with_targets(content, {key(page, "title"): "Các thành phố"})
    extra = (
        f'<unit id="{key(page, "body.gone.text")}"><segment><source>Old</source>'
        f"<target>Cũ</target></segment></unit>"
        '<unit id="home.standardpage:999999:title"><segment><source>X</source>'
        "<target>Y</target></segment></unit>"
        '<unit id="auth.user:1:username"><segment><source>X</source>'
        "<target>Y</target></segment></unit>"
        '<unit id="no-key"><segment><source>X</source><target>Y</target></segment></unit>'
    ).encode()
    content = content.replace(b"</file>", extra + b"</file>")

    report = importing.import_translations(content, user=admin_user)

    assert [outcome.key for outcome in report.applied] == [key(page, "title")]
    reasons = {outcome.key: outcome.message for outcome in report.unknown}
    assert reasons == {
        key(page, "body.gone.text"): "The English text has no such unit any more.",
        "home.standardpage:999999:title": "No such page or snippet.",
        "auth.user:1:username": "No such page or snippet.",
        "no-key": "Not a unit key.",
    }
    assert latest(page).title_vi == "Các thành phố"


def test_units_whose_source_changed_since_export_are_reported_not_applied(admin_user, page):
    xliff_content = with_targets(
        export(page),
        {key(page, "title"): "Các thành phố", key(page, "search_description"): "Về."},
    )
    po_content = export(page, PO).replace(b'msgstr ""\n\n#', b'msgstr "X"\n\n#')
    draft = latest(page)
    draft.title = "Cities and regions"
    draft.save_revision()

    report = importing.import_translations(xliff_content, user=admin_user)

    assert [outcome.key for outcome in report.source_changed] == [key(page, "title")]
    assert [outcome.key for outcome in report.applied] == [key(page, "search_description")]
    assert latest(page).title_vi is None
    po_report = importing.import_translations(po_content, user=admin_user)
    assert key(page, "title") in [outcome.key for outcome in po_report.source_changed]


def test_without_a_hash_the_source_text_in_the_file_is_compared(admin_user, page):
    content = with_targets(export(page), {key(page, "title"): "Các thành phố"})
    root = fromstring(content)
    for unit in root.iter(f"{X2}unit"):
        unit.remove(unit.find("{urn:oasis:names:tc:xliff:metadata:2.0}metadata"))
    unchanged_source = serialize(root, XLIFF2_NS)
    changed_source = unchanged_source.replace(b"<source>Cities</source>", b"<source>Town</source>")

    assert importing.import_translations(changed_source, dry_run=True).source_changed
    assert importing.import_translations(unchanged_source, dry_run=True).applied


def test_unit_for_another_language_inside_an_xliff12_file_is_reported(admin_user, page):
    content = export(page, XLIFF12)
    root = fromstring(content)
    for unit in root.iter(f"{{{XLIFF12_NS}}}trans-unit"):
        target = fromstring(f'<target xmlns="{XLIFF12_NS}">T</target>')
        if unit.get("id") == key(page, "title"):
            target.set("{http://www.w3.org/XML/1998/namespace}lang", "fr")
            target.text = "Villes"
        elif unit.get("id") == key(page, "search_description"):
            target.text = "Về các thành phố."
        else:
            continue
        unit.insert(1, target)

    report = importing.import_translations(serialize(root, XLIFF12_NS), user=admin_user)

    assert [(o.key, o.message) for o in report.wrong_language] == [
        (key(page, "title"), "Translated into fr.")
    ]
    assert [outcome.key for outcome in report.applied] == [key(page, "search_description")]


@pytest.mark.parametrize(
    ("path", "target", "expected"),
    [
        ("intro", '<pc id="1">Đọc <pc id="9">cái này</pc></pc>', "Tag 9 is not in the source"),
        ("body.p1", '<pc id="1">Một.</pc>', "Paragraphs and lists must keep"),
        ("intro", '<pc id="2"><pc id="1">Đọc</pc></pc>', "cannot be inside tag 2"),
        (
            "intro",
            '<pc id="1"><pc id="2">a</pc><pc id="2">b</pc></pc>',
            "Tag 2 is used twice",
        ),
        ("intro", '<pc id="1">Đọc <ph id="2"/></pc>', "Tag 2 must enclose text"),
        ("intro", '<pc id="1">Đọc <sc id="2"/>x<ec startRef="2"/></pc>', "<sc> is not supported"),
        ("body.p1", '<pc id="2">Hai.</pc><pc id="1">Một.</pc>', "same order"),
        ("title", 'Các <pc id="1">thành phố</pc>', "cannot hold tags"),
        ("slug", "các thành phố!", "slug"),
        ("body.h1.text", "x" * 201, "at most 200 characters"),
    ],
    ids=[
        "foreign-tag",
        "paragraph-dropped",
        "paragraph-in-link",
        "tag-twice",
        "paired-as-standalone",
        "unsupported-element",
        "paragraphs-reordered",
        "tag-in-plain-text",
        "not-a-slug",
        "too-long",
    ],
)
def test_invalid_translations_are_reported_with_the_reason(
    admin_user, page, path, target, expected
):
    content = with_targets(export(page), {key(page, path): target})

    report = importing.import_translations(content, user=admin_user)

    assert [outcome.key for outcome in report.invalid] == [key(page, path)]
    assert expected in report.invalid[0].message
    assert report.applied == []


def test_slug_taken_by_a_sibling_in_that_language_is_refused(admin_user, page, home):
    StandardPageFactory(parent=home, title="Towns", slug="towns", slug_vi="thanh-pho")
    content = with_targets(export(page), {key(page, "slug"): "thanh-pho"})

    report = importing.import_translations(content, user=admin_user)

    assert "already has the slug" in report.invalid[0].message
    assert latest(page).slug_vi is None


def test_page_locked_by_someone_else_is_not_changed(admin_user, django_user_model, page):
    other = django_user_model.objects.create_user("other", password="not-used")
    StandardPage.objects.filter(pk=page.pk).update(locked=True, locked_by=other)
    content = with_targets(export(page), {key(page, "title"): "Các thành phố"})

    report = importing.import_translations(content, user=admin_user)

    assert [outcome.message for outcome in report.invalid] == [
        "This page or snippet is locked by someone else."
    ]
    assert latest(page).title_vi is None


def test_po_placeholder_never_closed_is_reported(admin_user, page):
    content = export(page, PO).replace(
        b'msgid "Read <2>this</2> and <3>that</3>."\nmsgstr ""',
        'msgid "Read <2>this</2> and <3>that</3>."\nmsgstr "Đọc <2>cái này"'.encode(),
    )

    report = importing.import_translations(content, user=admin_user)

    assert [outcome.key for outcome in report.invalid] == [key(page, "intro")]
    assert "never closed" in report.invalid[0].message


# --- Management commands -------------------------------------------------------------------------


def test_import_command_turns_file_errors_into_a_clear_command_error(db, tmp_path):
    path = tmp_path / "broken.xlf"
    path.write_bytes(BILLION_LAUGHS)

    with pytest.raises(CommandError, match="DOCTYPE.*Nothing was imported"):
        call_command("import_translations", str(path))
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_translations", str(tmp_path / "missing.xlf"))


def test_export_command_refuses_unknown_pages_snippets_and_languages(db, tmp_path):
    with pytest.raises(CommandError, match="No page with id 999999"):
        call_command("export_translations", language="vi", page=[999999])
    with pytest.raises(CommandError, match="No translatable snippet auth.user:1"):
        call_command("export_translations", language="vi", snippet=["auth.user:1"])
    with pytest.raises(CommandError, match="not a language translations are made into"):
        call_command("export_translations", language="en", output=str(tmp_path / "x.xlf"))
