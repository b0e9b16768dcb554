"""A CAT tool's round trip through the exchange loses no translation.

The Vietnamese About page is exported, opened with translate-toolkit (a real CAT-tool
library), two targets are set as CAT tools set them (plain text), the file is saved, imported,
and the draft approved through the review workflow: the live page then shows the two new texts,
and every other Vietnamese sentence of the seed, unchanged.
"""

import pytest
from django.contrib.auth.models import Group
from translate.storage import pypo, xliff, xliff2

from iurc.demo import about as seed
from iurc.translations.exchange import exporting
from iurc.translations.exchange.formats import PO, XLIFF2, XLIFF12
from iurc.translations.exchange.importing import import_translations
from iurc.translations.groups import PROGRAMME_STAFF, language_group_name

NEW_PARAGRAPH = "IURC là giai đoạn thứ hai của Chương trình Hợp tác Đô thị Quốc tế."
NEW_HEADING = "Các trang web của IUC (Giai đoạn I)"

# translate-toolkit's class for each format, and how it names a unit: XLIFF 1.2 ids are
# prefixed with the <file>'s "original" and U+0004.
STORES = {
    XLIFF2: (xliff2.Xliff2File, lambda unit: unit.getid()),
    XLIFF12: (xliff.xlifffile, lambda unit: (unit.getid() or "").rpartition("\x04")[2]),
    PO: (pypo.pofile, lambda unit: unit.getcontext()),
}


def vietnamese_sentences():
    """Every sentence of the seed's Vietnamese About body, but the two the test changes."""
    return [
        seed.PARAGRAPHS["vi"][1],
        seed.FUNDING["vi"],
        *(quote["text"]["vi"] for quote in seed.QUOTES),
    ]


@pytest.fixture
def translator(django_user_model):
    user = django_user_model.objects.create_user(
        "tran", password="not-used", first_name="Trần", last_name="Thu"
    )
    user.groups.add(Group.objects.get(name=language_group_name("vi")))
    return user


@pytest.fixture
def reviewer(django_user_model):
    user = django_user_model.objects.create_user("staff", password="not-used")
    user.groups.add(Group.objects.get(name=PROGRAMME_STAFF))
    return user


def export_about(about_page, file_format):
    result = exporting.export("vi", file_format, exporting.pages_by_id([about_page.pk]))
    return result.content


def translate_with_toolkit(content, file_format, about_page):
    """Set the first paragraph and the link cards' heading as a CAT tool would."""
    store_class, unit_key = STORES[file_format]
    store = store_class.parsestring(content)
    by_key = {unit_key(unit): unit for unit in store.units if unit_key(unit)}
    paragraph_id = about_page.body_en.raw_data[0]["id"]
    cards_id = next(
        block["id"] for block in about_page.body_en.raw_data if block["type"] == "link_cards"
    )
    prefix = f"home.standardpage:{about_page.pk}:body"
    by_key[f"{prefix}.{paragraph_id}"].target = NEW_PARAGRAPH
    by_key[f"{prefix}.{cards_id}.heading"].target = NEW_HEADING
    return bytes(store)


def approve(page, translator, reviewer):
    page = page.specific_class.objects.get(pk=page.pk)
    workflow_state = page.get_workflow().start(page, translator)
    task_state = workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, reviewer, "approve")


@pytest.mark.parametrize("file_format", [XLIFF2, XLIFF12, PO])
def test_a_cat_tool_round_trip_changes_two_texts_and_keeps_every_other(
    client, about_page, translator, reviewer, file_format
):
    exported = export_about(about_page, file_format)
    translated = translate_with_toolkit(exported, file_format, about_page)

    report = import_translations(translated, user=translator, language="vi")

    assert len(report.applied) == 2, report.rejected
    assert not report.rejected
    approve(about_page, translator, reviewer)
    html = client.get("/vi/gioi-thieu/").content.decode()
    assert NEW_PARAGRAPH in html
    assert NEW_HEADING in html
    for sentence in vietnamese_sentences():
        assert sentence in html
    assert seed.PARAGRAPHS["vi"][0] not in html
    assert 'lang="en"' not in html.split("<main", 1)[1]


@pytest.mark.parametrize("file_format", [XLIFF2, XLIFF12, PO])
def test_every_existing_translation_goes_out_as_a_target(about_page, file_format):
    store_class, unit_key = STORES[file_format]
    store = store_class.parsestring(export_about(about_page, file_format))

    targets = {unit_key(unit): unit.target for unit in store.units if unit_key(unit)}

    # Title, slug, three paragraphs, the cards' heading and three card titles.
    assert len(targets) == 9
    assert all(targets.values()), [key for key, target in targets.items() if not target]
    assert seed.PARAGRAPHS["vi"][0] in targets.values()
