"""Factories of the publications and their files."""

import factory
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from iurc.publications.models import PublicationIndexPage, PublicationPage
from tests.factories import PublishedPageFactory


class PublicationIndexPageFactory(PublishedPageFactory):
    title = "Publications"
    slug = "publications"
    title_vi = "Ấn phẩm"
    slug_vi = "an-pham"

    class Meta:
        model = PublicationIndexPage


class PublicationPageFactory(PublishedPageFactory):
    title = factory.Sequence(lambda n: f"Publication {n}")
    year = 2024
    publication_type = "brochure"

    class Meta:
        model = PublicationPage


def pdf_document(title, name):
    return get_document_model().objects.create(
        title=title, file=ContentFile(b"%PDF-1.4\n%%EOF\n", name=name)
    )
