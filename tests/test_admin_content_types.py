"""Staff create and publish each of issue 15's content types in the admin, as the forms post
them (events and news have their own in tests/test_events.py and tests/test_news.py)."""

import datetime

from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from wagtail.test.utils.form_data import inline_formset

from iurc.calls.models import CallPage
from iurc.networks.models import ThematicNetworkPage
from iurc.publications.models import PublicationPage
from tests.built_once import site_fixture
from tests.factories_calls import CallIndexPageFactory
from tests.factories_publications import PublicationIndexPageFactory
from tests.support import add_url, form_errors, page_form_data, rich_text


@site_fixture
def sections(site_tree):
    return {
        "calls": CallIndexPageFactory(parent=site_tree.home),
        "library": PublicationIndexPageFactory(parent=site_tree.home),
    }


def publish(admin_client, model, parent, fields):
    response = admin_client.post(
        add_url(model, parent), page_form_data(model, fields, action="publish")
    )
    assert response.status_code == 302, form_errors(response)
    return model.objects.get(slug_en=fields["slug_en"])


def test_staff_publish_a_call_for_applications(admin_client, sections, client):
    call = publish(
        admin_client,
        CallPage,
        sections["calls"],
        {
            "title_en": "Call for cities in Viet Nam",
            "slug_en": "cities-viet-nam",
            "title_vi": "Kêu gọi các thành phố Việt Nam",
            "opens_on": "2026-11-01",
            "opens_at_time": "00:00",
            "closes_on": "2099-03-31",
            "closes_at_time": "17:00",
            "time_zone": "Asia/Ho_Chi_Minh",
            "eligibility_en": rich_text("<p>Cities of more than 100,000 people.</p>"),
        },
    )

    assert call.live
    assert call.closes_at == datetime.datetime(2099, 3, 31, 10, 0, tzinfo=datetime.UTC)
    assert "Kêu gọi các thành phố Việt Nam" in client.get("/vi/").content.decode()


def test_staff_publish_a_publication_with_its_vietnamese_file(admin_client, sections, site_tree):
    brochure = Document.objects.create(
        title="Brochure (vi)", file=ContentFile(b"%PDF-1.4 example", name="brochure-vi.pdf")
    )
    page = publish(
        admin_client,
        PublicationPage,
        sections["library"],
        {
            "title_en": "The programme at a glance",
            "slug_en": "at-a-glance",
            "publication_type": "brochure",
            "year": "2021",
            "documents": inline_formset([{"language": "vi", "document": brochure.pk}]),
        },
    )

    assert page.live
    assert [(item.language, item.document_id) for item in page.documents.all()] == [
        ("vi", brochure.pk)
    ]


def test_staff_publish_a_thematic_network_under_a_region(admin_client, site_tree, client):
    network = publish(
        admin_client,
        ThematicNetworkPage,
        site_tree.region,
        {
            "title_en": "Smart mobility",
            "slug_en": "smart-mobility",
            "title_vi": "Giao thông thông minh",
            "theme": site_tree.theme.pk,
        },
    )

    assert network.live
    assert network.get_parent().pk == site_tree.region.pk
    html = client.get(network.get_url()).content.decode()
    assert "Lisbon – Hanoi 0" in html  # the public agreements of its theme in its region
