"""The demo's calls (one open, one not yet open, one closed, each saying it is an example) and
the "IURC at a glance" brochure with its Vietnamese file."""

import pytest
from django.core.management import call_command
from wagtail.documents import get_document_model

from iurc.calls import states
from iurc.calls.models import CallPage
from iurc.demo.calls_publications import DATA
from iurc.publications.models import PublicationPage

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_call_in_each_state_in_english_and_vietnamese(demo_site, db):
    calls = CallPage.objects.live()

    # Dated from the day the demo is loaded: one of each, whenever it is loaded.
    assert sorted(call.state for call in calls) == sorted(
        [states.OPEN, states.UPCOMING, states.CLOSED]
    )
    for call in calls:
        assert call.title_vi and call.slug_vi and call.eligibility_vi and call.how_to_apply_vi
        assert "example" in call.summary_en
        assert "mẫu" in call.summary_vi


def test_the_brochure_has_english_and_vietnamese_files_marked_as_examples(demo_site, db):
    brochure = PublicationPage.objects.get(slug_en="iurc-at-a-glance")
    files = {item.language: item.document for item in brochure.documents.all()}

    assert set(files) == {"en", "vi"}
    assert files["vi"].file_size == (DATA / "iurc-at-a-glance-example-vi.pdf").stat().st_size
    assert (DATA / "iurc-at-a-glance-example-vi.pdf").read_bytes().startswith(b"%PDF-")
    assert "example" in brochure.description_en


def test_loading_again_adds_no_document(demo_site, db):
    documents = get_document_model().objects.count()

    call_command("load_demo_content", verbosity=0)

    assert get_document_model().objects.count() == documents
