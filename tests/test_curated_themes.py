"""The curated theme list (partners/data/themes.csv) and migration partners.0005, which merges
the themes that mean the same into it without losing agreements, listing rows, drafts,
networks or editors' translations; files naming a merged theme import to its curated one."""

import importlib
import re
from types import SimpleNamespace

import pytest
from django.apps import apps
from wagtail.models import Revision

from iurc.core import languages
from iurc.demo.builder import PAIRINGS_CSV
from partners import listing
from partners.importer import read_csv
from partners.models import AgreementPage, ListedAgreementTheme, Theme
from partners.themes import COLUMN_LANGUAGES, read_curated_themes
from partners.writer import import_rows
from tests.built_once import site_fixture
from tests.factories import AgreementIndexPageFactory, AgreementPageFactory, ThemeFactory
from tests.factories_content import ThematicNetworkPageFactory
from tests.support import build_site, csv_text, row

MIGRATION = importlib.import_module("partners.migrations.0005_curated_themes")
CURATED = read_curated_themes()
NON_LATIN = {
    "zh_hans": r"[\u4e00-\u9fff]",
    "hi": r"[\u0900-\u097f]",
    "ja": r"[\u3040-\u30ff\u4e00-\u9fff]",
    "ko": r"[\uac00-\ud7af]",
    "th": r"[\u0e00-\u0e7f]",
}


def pairing_themes():
    return {
        name.strip()
        for _line, values in read_csv(PAIRINGS_CSV.open(encoding="utf-8"))
        for name in values["themes"].split(";")
        if name.strip()
    }


# --- The list ------------------------------------------------------------------------------


def test_the_curated_list_is_short_and_named_in_every_language_of_the_site():
    assert 10 <= len(CURATED) <= 14
    suffixes = {languages.localized_field("", code)[1:] for code in languages.codes()}
    assert set(COLUMN_LANGUAGES.values()) | {"en"} == suffixes
    for theme in CURATED:
        assert theme.description, theme.name
        assert all(theme.names[suffix] for suffix in suffixes), theme.name
        for suffix, script in NON_LATIN.items():
            assert re.search(script, theme.names[suffix]), (theme.name, suffix)
    # Each translation is its own: no language copies another's name.
    for suffix in suffixes - {"en", "id", "ms", "es", "pt"}:
        assert len({theme.names[suffix] for theme in CURATED}) == len(CURATED), suffix


def test_every_theme_of_the_pairings_is_curated_or_a_former_name_of_exactly_one():
    owners = {}
    for theme in CURATED:
        for name in [theme.name, *theme.former_names]:
            owners.setdefault(name.casefold(), []).append(theme.name)

    assert len(pairing_themes()) > 30
    for name in pairing_themes():
        assert len(owners.get(name.casefold(), [])) == 1, name


# --- The migration -------------------------------------------------------------------------


@site_fixture
def before_curation(home):
    """Agreements on themes that mean the same, as the demo had them, with an editor's
    translation, a translator's draft and a thematic network."""
    site = build_site_without_themes(home)
    urban = ThemeFactory(name="Urban mobility", name_vi="Giao thông đô thị", live=True)
    mobility = ThemeFactory(name="Mobility", name_fr="Mobilité", live=True)
    circular = ThemeFactory(
        name="Circular economy", name_vi="Kinh tế vòng tròn (biên tập)", live=True
    )
    mine = ThemeFactory(name="Port cities", live=True)  # not in the list: stays
    both = AgreementPageFactory(parent=site.index, title="Both", themes=[urban, mobility])
    one = AgreementPageFactory(parent=site.index, title="One", themes=[mobility, circular, mine])
    draft = AgreementPageFactory(parent=site.index, title="Draft", themes=[urban])
    draft.title_vi = "Bản nháp"
    draft.save_revision()  # a translator's draft, naming the theme that will be merged
    network = ThematicNetworkPageFactory(parent=site.home, title="Mobility network", theme=urban)
    return site, {"both": both, "one": one, "draft": draft, "network": network, "mine": mine}


def build_site_without_themes(home):
    return SimpleNamespace(home=home, index=AgreementIndexPageFactory(parent=home))


def theme_names(agreement):
    return sorted(
        AgreementPage.objects.get(pk=agreement.pk).themes.values_list("name_en", flat=True)
    )


def listed_rows():
    return sorted(ListedAgreementTheme.objects.values_list("agreement_id", "theme_id"))


def test_the_migration_merges_themes_into_the_curated_ones(before_curation):
    _site, pages = before_curation
    circular_pk = Theme.objects.get(name_en="Circular economy").pk

    MIGRATION.curate_themes(apps, None)

    assert theme_names(pages["both"]) == ["Sustainable mobility"]
    assert theme_names(pages["one"]) == ["Circular economy", "Port cities", "Sustainable mobility"]
    assert not Theme.objects.filter(name_en__in=["Urban mobility", "Mobility"]).exists()
    mobility = Theme.objects.get(name_en="Sustainable mobility")
    assert {"Urban mobility", "Mobility"} <= set(mobility.former_names.splitlines())
    assert mobility.name_vi == "Giao thông bền vững" and mobility.name_th
    # A theme that stays keeps its row and its editor's translation; empty ones are filled.
    circular = Theme.objects.get(name_en="Circular economy")
    assert circular.pk == circular_pk
    assert circular.name_vi == "Kinh tế vòng tròn (biên tập)"
    assert circular.name_ja == "循環経済"
    assert Theme.objects.filter(name_en="Port cities").exists()
    assert Theme.objects.count() == len(CURATED) + 1


def test_after_the_migration_listing_rows_are_those_a_rebuild_writes(before_curation):
    _site, pages = before_curation

    MIGRATION.curate_themes(apps, None)
    migrated = listed_rows()
    listing.rebuild()

    assert migrated == listed_rows()
    mobility = Theme.objects.get(name_en="Sustainable mobility")
    assert (pages["both"].pk, mobility.pk) in migrated


def test_drafts_and_networks_name_the_curated_theme(before_curation):
    _site, pages = before_curation

    MIGRATION.curate_themes(apps, None)

    mobility = Theme.objects.get(name_en="Sustainable mobility")
    network = type(pages["network"]).objects.get(pk=pages["network"].pk)
    assert network.theme == mobility
    draft = AgreementPage.objects.get(pk=pages["draft"].pk).get_latest_revision_as_object()
    assert draft.title_vi == "Bản nháp"
    assert [theme.pk for theme in draft.themes.all()] == [mobility.pk]
    assert Revision.objects.filter(object_id=str(pages["draft"].pk)).count() >= 1


def test_migrating_twice_changes_nothing(before_curation):
    MIGRATION.curate_themes(apps, None)
    themes = sorted(Theme.objects.values_list("pk", "name_en", "former_names", "name_vi"))
    rows = listed_rows()

    MIGRATION.curate_themes(apps, None)

    assert sorted(Theme.objects.values_list("pk", "name_en", "former_names", "name_vi")) == themes
    assert listed_rows() == rows


def test_a_database_without_themes_is_left_alone(db):
    MIGRATION.curate_themes(apps, None)

    assert not Theme.objects.exists()


# --- Imports name the curated themes ------------------------------------------------------------


@site_fixture
def site(home):
    return build_site(home)


@pytest.mark.parametrize(
    ("themes", "expected"),
    [
        ("Urban mobility", ["Sustainable mobility"]),
        ("smart CITY; Green hydrogen", ["Climate action and energy", "Digital and smart cities"]),
        ("Nature-based solutions; Urban parks", ["Green spaces and nature-based solutions"]),
        ("Circular economy", ["Circular economy"]),
    ],
)
def test_a_file_naming_a_former_theme_imports_to_its_curated_theme(site, themes, expected):
    before = Theme.objects.count()

    report = import_rows(read_csv(csv_text(row(themes=themes))), site.index)

    assert report.ok, [str(error) for error in report.errors]
    assert theme_names(AgreementPage.objects.get()) == expected
    assert Theme.objects.count() == before
