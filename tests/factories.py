"""Factories for the portal's pages and snippets (factory_boy / wagtail-factories)."""

import json
import uuid

import factory
import wagtail_factories
from django.utils import timezone
from factory.django import DjangoModelFactory
from wagtail.signals import page_published

from iurc.core.models import Quote
from iurc.home.models import HomePage, StandardPage
from iurc.phases.models import ProgrammePhaseIndexPage, ProgrammePhasePage
from partners.models import (
    AgreementEUMember,
    AgreementIndexPage,
    AgreementPage,
    AgreementPartnerMember,
    Partner,
    Theme,
)
from regions.models import Country, RegionIndexPage, RegionPage


def stream(*blocks):
    """StreamField JSON from (type, value) pairs."""
    return json.dumps(
        [{"type": kind, "value": value, "id": str(uuid.uuid4())} for kind, value in blocks]
    )


def publish(page):
    """Publish through a revision, as the admin does (signals, search documents).

    For tests about publishing; ``make_live`` builds the same visible state in a fraction of
    the time.
    """
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def write_derived_rows(page):
    """What publishing derives from a live page (search documents, listing rows…): the
    ``page_published`` signal publishing sends, so every derived store's own handler writes
    its copy, whichever stores there are."""
    page_published.send(sender=page.specific_class, instance=page, revision=None)


def make_live(page):
    """Save ``page`` live, as publishing leaves it, without a revision: the fast path."""
    now = timezone.now()
    page.live = True
    page.has_unpublished_changes = False
    page.first_published_at = page.first_published_at or now
    page.last_published_at = now
    page.save()
    write_derived_rows(page)
    return page


class PublishedPageFactory(wagtail_factories.PageFactory):
    """A live page written directly (no revision), with its search documents and listing
    rows; ``published=False`` leaves it for the test to publish, ``published="revision"``
    publishes it through a revision."""

    live = True
    first_published_at = factory.LazyFunction(timezone.now)
    last_published_at = factory.LazyAttribute(lambda page: page.first_published_at)

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    @factory.post_generation
    def published(obj, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        if extracted == "revision":
            publish(obj)
        else:
            write_derived_rows(obj)


class HomePageFactory(PublishedPageFactory):
    title = "International Urban and Regional Cooperation"
    slug = "home"

    class Meta:
        model = HomePage


class StandardPageFactory(PublishedPageFactory):
    title = factory.Sequence(lambda n: f"Standard page {n}")

    class Meta:
        model = StandardPage


class ProgrammePhaseIndexPageFactory(PublishedPageFactory):
    title = "Programme phases"
    slug = "programme"

    class Meta:
        model = ProgrammePhaseIndexPage


class ProgrammePhasePageFactory(PublishedPageFactory):
    title = factory.Sequence(lambda n: f"Phase {n}")
    acronym = factory.Sequence(lambda n: f"PH{n}")
    start_year = 2016
    end_year = 2020
    status = ProgrammePhasePage.Status.COMPLETED

    class Meta:
        model = ProgrammePhasePage


class RegionIndexPageFactory(PublishedPageFactory):
    title = "Regions"
    slug = "regions"

    class Meta:
        model = RegionIndexPage


class RegionPageFactory(PublishedPageFactory):
    title = factory.Sequence(lambda n: f"Region {n}")

    class Meta:
        model = RegionPage


class AgreementIndexPageFactory(PublishedPageFactory):
    title = "Agreements"
    slug = "agreements"

    class Meta:
        model = AgreementIndexPage


class QuoteFactory(DjangoModelFactory):
    text = factory.Sequence(lambda n: f"Cooperation between cities matters, said speaker {n}.")
    speaker = factory.Sequence(lambda n: f"Speaker {n}")
    live = True

    class Meta:
        model = Quote


class ThemeFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Theme {n}")

    class Meta:
        model = Theme


class PartnerFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"City {n}")
    kind = Partner.Kind.CITY
    country = factory.LazyFunction(lambda: Country.objects.get(code="ES"))

    class Meta:
        model = Partner


class AgreementPageFactory(PublishedPageFactory):
    """An agreement between a Spanish and a Brazilian city, unless given ``eu``/``partners``."""

    title = factory.Sequence(lambda n: f"Agreement {n}")
    kind = AgreementPage.Kind.CITY_PAIRING
    # As the admin and the importer set it: completed once its phase is.
    status = factory.LazyAttribute(
        lambda agreement: AgreementPage.status_in_phase(getattr(agreement, "programme_phase", None))
    )

    class Meta:
        model = AgreementPage

    @classmethod
    def _create_instance(cls, model_class, parent, kwargs):
        eu = kwargs.pop("eu", None) or [PartnerFactory()]
        partners = kwargs.pop("partners", None) or [
            PartnerFactory(country=Country.objects.get(code="BR"))
        ]
        themes = kwargs.pop("themes", [])
        instance = model_class(**kwargs)
        instance.eu_members = [
            AgreementEUMember(partner=partner, sort_order=i) for i, partner in enumerate(eu)
        ]
        instance.partner_members = [
            AgreementPartnerMember(partner=partner, sort_order=i)
            for i, partner in enumerate(partners)
        ]
        instance.themes = themes
        parent.add_child(instance=instance)
        return instance
