"""Publications: the reader's language offered first, the others listed by their names, and a
library filtered by type, year, region and language with clear messages for bad values."""

from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from iurc.networks.models import ThematicNetworkPage
from iurc.publications.models import PublicationDocument, PublicationPage
from tests.built_once import site_fixture
from tests.factories import make_live
from tests.factories_publications import (
    PublicationIndexPageFactory,
    PublicationPageFactory,
    pdf_document,
)


@site_fixture
def library(site_tree):
    index = PublicationIndexPageFactory(parent=site_tree.home, show_in_menus=True)
    with translation.override("en"):
        glance = PublicationPageFactory(
            parent=index,
            title="IURC at a glance",
            slug="iurc-at-a-glance",
            title_vi="Tổng quan về IURC",
            slug_vi="tong-quan-ve-iurc",
            summary="The programme in a few pages.",
            summary_vi="Chương trình trong vài trang.",
            year=2023,
            published=False,
        )
        glance.documents = [
            PublicationDocument(language="en", document=pdf_document("At a glance", "en.pdf")),
            PublicationDocument(language="vi", document=pdf_document("Tổng quan", "vi.pdf")),
            PublicationDocument(language="fr", document=pdf_document("En bref", "fr.pdf")),
        ]
        glance.regions = [site_tree.region]
        make_live(glance)
        report = PublicationPageFactory(
            parent=index,
            title="Annual report",
            slug="annual-report",
            publication_type="report",
            year=2021,
            published=False,
        )
        report.documents = [
            PublicationDocument(language="en", document=pdf_document("Report", "report.pdf")),
        ]
        make_live(report)
    return SimpleNamespace(tree=site_tree, index=index, glance=glance, report=report)


def test_the_readers_language_is_offered_first_and_the_others_listed_by_name(client, library):
    response = client.get("/vi/an-pham/tong-quan-ve-iurc/")

    assert response.context["offered_document"].language == "vi"
    assert response.context["offered_in_own_language"] is True
    assert [item.language for item in response.context["other_documents"]] == ["en", "fr"]
    html = response.content.decode()
    assert 'hreflang="vi"' in html
    assert '<span lang="vi">Tiếng Việt</span>' in html
    assert 'lang="fr">Français</a>' in html
    assert 'lang="en">English</a>' in html


def test_a_language_without_a_file_gets_its_fallback_with_a_notice(client, library):
    response = client.get("/ja/publications/iurc-at-a-glance/")

    assert response.context["offered_document"].language == "en"
    assert response.context["offered_in_own_language"] is False
    assert response.context["offered_document"].document.url in response.content.decode()


def test_the_offered_file_downloads(client, library, settings, tmp_path):
    # Documents are served from files on disk by Django (WAGTAILDOCS_SERVE_METHOD).
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    document = PublicationDocument.objects.get(page=library.glance, language="vi").document
    document.file.save("tong-quan.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    url = client.get("/vi/an-pham/tong-quan-ve-iurc/").context["offered_document"].document.url

    download = client.get(url)

    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("", ["IURC at a glance", "Annual report"]),
        ("?type=report", ["Annual report"]),
        ("?year=2023", ["IURC at a glance"]),
        ("?language=vi", ["IURC at a glance"]),
        ("?language=en&type=brochure", ["IURC at a glance"]),
        ("?year=1999", []),
    ],
)
def test_the_library_filters_by_type_year_and_language(client, library, query, titles):
    response = client.get(f"/en/publications/{query}")

    assert [page.title for page in response.context["publications"]] == titles


def test_the_library_filters_by_region_with_programme_wide_publications(client, library):
    response = client.get(f"/en/publications/?region={library.tree.region.pk}")

    # The report names no region: it is about the whole programme.
    assert [page.title for page in response.context["publications"]] == [
        "IURC at a glance",
        "Annual report",
    ]


@pytest.mark.parametrize(
    "query",
    [
        "?type=poster",
        "?year=20x3",
        "?year=3000",
        "?year=٢٠٢٣",
        "?region=-1",
        "?language=xx",
        "?language=vi&language=en",
        "?page=abc",
        "?type=%00",
    ],
)
def test_bad_values_give_a_clear_message_never_a_failure(client, library, query):
    response = client.get(f"/vi/an-pham/{query}")

    assert response.status_code == 200
    assert response.context["filter"].messages
    assert 'class="notice"' in response.content.decode()


def test_the_library_reads_a_fixed_number_of_queries(
    client, library, django_assert_max_num_queries
):
    client.get("/en/publications/")
    with django_assert_max_num_queries(12):
        client.get("/en/publications/?language=en")


@site_fixture
def network_library(library):
    with translation.override("en"):
        network = ThematicNetworkPage(
            title="Sustainable urban mobility", slug="sustainable-urban-mobility"
        )
        library.tree.region.add_child(instance=network)
        make_live(network)
        glance = PublicationPage.objects.get(pk=library.glance.pk)
        glance.networks = [network]
        make_live(glance)
    return SimpleNamespace(library=library, network=network)


def test_the_library_filters_by_thematic_network(client, network_library):
    network = network_library.network

    response = client.get(f"/en/publications/?network={network.pk}")
    page = client.get("/en/publications/iurc-at-a-glance/").content.decode()

    assert [page.title for page in response.context["publications"]] == ["IURC at a glance"]
    assert 'id="filter-network"' in response.content.decode()
    assert "Sustainable urban mobility" in page
    bad = client.get(f"/en/publications/?network={network_library.library.tree.region.pk}")
    assert bad.context["filter"].messages
    assert len(bad.context["publications"]) == 2


def test_a_publications_page_reads_its_files_in_one_query(client, library):
    url = "/vi/an-pham/tong-quan-ve-iurc/"
    client.get(url)

    with CaptureQueriesContext(connection) as queries:
        client.get(url)

    reads = [q["sql"] for q in queries if "publications_publicationdocument" in q["sql"]]
    assert len(reads) == 1
    assert "wagtaildocs_document" in reads[0]
