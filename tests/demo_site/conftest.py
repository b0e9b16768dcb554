"""The whole demo site (``load_demo_content``), built once for the tests in this package:
the demo content's own tests and the browser tests, which serve it to Chromium."""

import pytest
from django.core.management import call_command
from django.db import connections
from django.utils import translation
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Page, Revision

from iurc.core.models import Quote
from iurc.newsletter.models import Subscription
from iurc.phases.models import ProgrammePhasePage
from partners.models import AgreementPage, Partner, Theme
from regions.models import RegionPage


def counts():
    return {
        "pages": Page.objects.count(),
        "agreements": AgreementPage.objects.count(),
        "partners": Partner.objects.count(),
        "themes": Theme.objects.count(),
        "quotes": Quote.objects.count(),
        "regions": RegionPage.objects.count(),
        "phases": ProgrammePhasePage.objects.count(),
        "revisions": Revision.objects.count(),
    }


@pytest.fixture(scope="package")
def demo_site(django_db_setup, django_db_blocker):
    """The demo site, committed so the browser tests' server thread sees it, loaded twice to
    prove the second load changes nothing: yields the counts after each load. Removed after
    these tests."""
    with django_db_blocker.unblock(), translation.override("en"):
        call_command("load_demo_content", verbosity=0)
        first = counts()
        call_command("load_demo_content", verbosity=0)
        second = counts()
    yield first, second
    with django_db_blocker.unblock():
        Page.objects.filter(depth__gt=1).delete()
        # Images and documents too: the demo's illustration and publication files.
        for model in (Partner, Theme, Quote, Revision, Subscription, Image, Document):
            model.objects.all().delete()
        # The connection these fixtures and the browser tests used is not the one pytest-django
        # closes before dropping the test database: left open, it kept the database from being
        # dropped at the end of the run ("being accessed by other users").
        connections.close_all()
