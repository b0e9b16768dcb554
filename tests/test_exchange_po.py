"""gettext PO: the same round trip as XLIFF, with numbered placeholders for rich text."""

import io

from babel.messages.pofile import read_po, write_po
from django.core.management import call_command
from wagtail.models import ModelLogEntry

from iurc.home.models import StandardPage
from iurc.translations.exchange import exporting, importing, richtext, units
from iurc.translations.exchange.formats import PO
from partners.models import Theme
from tests.factories import StandardPageFactory, ThemeFactory
from tests.support import (
    assert_vietnamese_page,
    other_languages_snapshot,
    publish_latest,
    translate_po,
)

# The page with rich text and StreamField, and the page it links to.
pytest_plugins = ["tests.exchange_fixtures"]


def export_po(*objects, **kwargs):
    return exporting.export("vi", PO, [units.working_copy(obj) for obj in objects], **kwargs)


def messages(content):
    return {message.context: message for message in read_po(io.BytesIO(content)) if message.id}


def with_translations(content, translations, fuzzy=()):
    catalog = read_po(io.BytesIO(content))
    for message in catalog:
        if message.context in translations:
            message.string = translations[message.context]
        if message.context in fuzzy:
            message.flags.add("fuzzy")
    buffer = io.BytesIO()
    write_po(buffer, catalog)
    return buffer.getvalue()


def test_po_round_trip_renders_the_translation_and_changes_nothing_else(
    client, admin_user, rich_page, funding
):
    before = other_languages_snapshot(rich_page)
    exported = export_po(StandardPage.objects.get(pk=rich_page.pk))

    report = importing.import_translations(translate_po(exported.content), user=admin_user)

    assert report.format == PO
    assert report.rejected == []
    assert len(report.applied) == 10
    page = publish_latest(rich_page)
    assert_vietnamese_page(client, page, funding)
    assert other_languages_snapshot(page) == before


def test_po_rich_text_uses_numbered_placeholders_with_their_tags_in_comments(rich_page, funding):
    intro = messages(export_po(rich_page).content)[f"home.standardpage:{rich_page.pk}:intro"]

    assert intro.id == "Read <2>our <3>funding</3> rules</2> and <4>the EU site</4>."
    comments = " ".join(intro.auto_comments)
    assert f'<2> = <a linktype="page" id="{funding.pk}">' in comments
    assert "<3> = <b>" in comments
    assert f"source-hash: {units.source_hash(rich_page.intro_en)}" in intro.auto_comments


def test_po_keeps_literal_angle_brackets_and_ampersands_apart_from_placeholders(admin_user, home):
    page = StandardPageFactory(
        parent=home,
        title="Cities",
        intro="<p>Budgets &lt; 5 M€ &amp; R&amp;D, written &amp;lt; in HTML</p>",
    )
    key = f"home.standardpage:{page.pk}:intro"
    exported = export_po(page)
    assert messages(exported.content)[key].id == (
        "Budgets &lt; 5 M€ & R&D, written &amp;lt; in HTML"
    )

    translated = with_translations(
        exported.content, {key: "<1>Ngân sách &lt; 5 M€ & R&D, viết &amp;lt; trong HTML</1>"}
    )
    report = importing.import_translations(translated, user=admin_user)

    assert report.rejected == []
    draft = StandardPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert draft.intro_vi == "<p>Ngân sách &lt; 5 M€ &amp; R&amp;D, viết &amp;lt; trong HTML</p>"


def test_placeholders_round_trip_through_the_content_tree():
    content, _codes = richtext.parse_html("<p>a <b>b</b><br/>c &lt;1&gt;</p>")

    text = richtext.to_placeholders(content)

    assert text == "<1>a <2>b</2><3/>c &lt;1></1>"
    assert richtext.to_placeholders(richtext.from_placeholders(text)) == text


def test_fuzzy_and_empty_messages_are_skipped(admin_user, home):
    page = StandardPageFactory(parent=home, title="Cities", search_description="About cities.")
    exported = export_po(page)
    prefix = f"home.standardpage:{page.pk}"
    translated = with_translations(
        exported.content,
        {f"{prefix}:title": "Các thành phố", f"{prefix}:search_description": "Về thành phố."},
        fuzzy={f"{prefix}:search_description"},
    )

    report = importing.import_translations(translated, user=admin_user)

    assert [outcome.key for outcome in report.applied] == [f"{prefix}:title"]
    assert {outcome.key for outcome in report.untranslated} == {
        f"{prefix}:slug",
        f"{prefix}:search_description",
    }
    draft = StandardPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert draft.search_description_vi in ("", None)


def test_theme_translations_are_imported_as_a_draft_for_review(admin_user, db):
    theme = ThemeFactory(name="Urban mobility", description="Moving around cities.")
    exported = export_po(theme)
    translated = with_translations(
        exported.content,
        {
            f"partners.theme:{theme.pk}:name": "Giao thông đô thị",
            f"partners.theme:{theme.pk}:description": "Đi lại trong thành phố.",
        },
    )

    report = importing.import_translations(translated, user=admin_user)

    assert len(report.applied) == 2
    theme = Theme.objects.get(pk=theme.pk)
    assert report.saved[0].revision == theme.latest_revision
    assert (theme.name_vi, theme.has_unpublished_changes) == (None, True)
    draft = theme.get_latest_revision_as_object()
    assert (draft.name_en, draft.name_vi) == ("Urban mobility", "Giao thông đô thị")
    assert ModelLogEntry.objects.filter(
        object_id=str(theme.pk), action="wagtail.edit", user=admin_user
    ).exists()


def test_dry_run_reports_what_would_be_applied_and_writes_nothing(admin_user, home):
    page = StandardPageFactory(parent=home, title="Cities")
    revisions = page.revisions.count()
    exported = export_po(page)
    translated = with_translations(
        exported.content, {f"home.standardpage:{page.pk}:title": "Các thành phố"}
    )

    report = importing.import_translations(translated, user=admin_user, dry_run=True)

    assert report.dry_run
    assert len(report.applied) == 1
    assert page.revisions.count() == revisions
    assert StandardPage.objects.get(pk=page.pk).get_latest_revision_as_object().title_vi is None


def test_commands_export_and_import_a_po_file(admin_user, rich_page, tmp_path):
    exported = tmp_path / "vi.po"
    out = io.StringIO()
    call_command(
        "export_translations",
        language="vi",
        format="po",
        page=[rich_page.pk],
        output=str(exported),
        stdout=out,
    )
    assert f"Wrote 10 units of 1 pages and snippets to {exported}." in out.getvalue()
    translated = tmp_path / "vi-translated.po"
    translated.write_bytes(translate_po(exported.read_bytes()))

    out = io.StringIO()
    call_command("import_translations", str(translated), user=admin_user.username, stdout=out)

    assert "Applied 10 translations into vi" in out.getvalue()
    assert "Standard page: Cooperation in practice: 10 units (draft revision)" in out.getvalue()
    page = StandardPage.objects.get(pk=rich_page.pk)
    assert page.get_latest_revision().user == admin_user
    assert page.get_latest_revision_as_object().title_vi == "Hợp tác trong thực tế"
