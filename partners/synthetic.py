"""Synthetic agreements and partners, to measure the database at the scale it must bear.

The programme has about a hundred agreements; the database must stay fast with 20,000
agreements between 8,000 partners. Creating that many pages through Wagtail's tree API would
take hours, so rows are written in bulk with the paths, URL paths and search documents Wagtail
and this site would have written. Every synthetic row is marked (``import_key`` and partner
names start with the marker) so that ``remove`` deletes exactly them.
"""

import random
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from wagtail.models import Locale, Page

from iurc.core import languages
from iurc.core.models import SearchDocument
from iurc.core.search import fold, index_routes
from iurc.phases.models import ProgrammePhasePage
from regions.models import RegionPage

from .importer import EU_MEMBER_STATES
from .listing import listing_rows
from .models import (
    AgreementEUMember,
    AgreementIndexPage,
    AgreementPage,
    AgreementPartnerMember,
    ListedAgreement,
    ListedAgreementCountry,
    ListedAgreementTheme,
    Partner,
    Theme,
)

MARKER = "synthetic"
BATCH = 2000
# One list of member states for the importer's checks and the generated data.
EU_COUNTRIES = sorted(EU_MEMBER_STATES)
PARTNER_COUNTRIES = [
    "AR",
    "AU",
    "BR",
    "CA",
    "CL",
    "CN",
    "CO",
    "CR",
    "EC",
    "IN",
    "ID",
    "JP",
    "KR",
    "MX",
    "MY",
    "PE",
    "TH",
    "US",
    "VN",
]


def _batches(items, size=BATCH):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def remove():
    """Delete every synthetic agreement and partner; returns (agreements, partners) removed."""
    with transaction.atomic():
        agreements = Page.objects.filter(
            pk__in=AgreementPage.objects.filter(import_key__startswith=f"{MARKER}:").values("pk")
        )
        removed = agreements.count()
        SearchDocument.objects.filter(page__in=agreements).delete()
        ListedAgreement.objects.filter(agreement__in=agreements.values("pk")).delete()
        for model in (AgreementEUMember, AgreementPartnerMember):
            model.objects.filter(agreement__in=agreements.values("pk")).delete()
        AgreementPage.themes.through.objects.filter(
            agreementpage__in=agreements.values("pk")
        ).delete()
        AgreementPage.objects.filter(import_key__startswith=f"{MARKER}:")._raw_delete(
            connection.alias
        )
        agreements._raw_delete(connection.alias)
        for index in AgreementIndexPage.objects.all():
            Page.objects.filter(pk=index.pk).update(numchild=index.get_children().count())
        partners, _ = Partner.objects.filter(name_en__startswith=f"{MARKER.title()} ").delete()
    return removed, partners


class Generator:
    def __init__(self, index_page=None, seed=2016, stdout=None):
        self.index_page = index_page or AgreementIndexPage.objects.first()
        if self.index_page is None:
            raise ValueError("There is no agreement index page: run load_demo_content first.")
        self.random = random.Random(seed)  # noqa: S311 (reproducible test data, not secrets)
        self.stdout = stdout
        self.regions = list(RegionPage.objects.values_list("pk", flat=True))
        self.phases = list(ProgrammePhasePage.objects.only("pk", "status"))
        self.themes = list(Theme.objects.values_list("pk", "name_en"))

    def say(self, message):
        if self.stdout:
            self.stdout.write(message)

    def partners(self, count):
        """Create ``count`` partners, a third of them in the EU; returns (eu, others) ids."""
        existing = Partner.objects.filter(name_en__startswith=f"{MARKER.title()} ").count()
        partners = []
        for number in range(existing, existing + count):
            in_eu = number % 3 == 0
            country = self.random.choice(EU_COUNTRIES if in_eu else PARTNER_COUNTRIES)
            name = f"{MARKER.title()} city {number:05d}"
            partners.append(
                Partner(
                    name=name,
                    name_en=name,
                    kind=Partner.Kind.CITY,
                    country_id=country,
                    latitude=round(self.random.uniform(-50, 65), 6),
                    longitude=round(self.random.uniform(-170, 170), 6),
                    population=self.random.randint(20_000, 20_000_000),
                )
            )
        Partner.objects.bulk_create(partners, batch_size=BATCH)
        self.say(f"  {count} partners")
        rows = Partner.objects.filter(name_en__startswith=f"{MARKER.title()} ").values_list(
            "pk", "country_id"
        )
        self.country_of = dict(rows)
        eu = [pk for pk, country in rows if country in EU_COUNTRIES]
        others = [pk for pk, country in rows if country not in EU_COUNTRIES]
        return eu, others

    def agreements(self, count, eu_partners, other_partners):
        """Create ``count`` live agreements under the index page."""
        index = Page.objects.get(pk=self.index_page.pk)
        content_type = ContentType.objects.get_for_model(AgreementPage)
        locale = Locale.get_default()
        now = timezone.now()
        last_child = index.get_last_child()
        start = last_child._get_lastpos_in_path() if last_child else 0
        prefix = index.url_path_en or index.url_path
        pages = []
        for offset in range(count):
            number = start + offset + 1
            title = f"{MARKER.title()} agreement {number:05d}"
            slug = f"{MARKER}-agreement-{number:05d}"
            pages.append(
                Page(
                    title=title,
                    title_en=title,
                    draft_title=title,
                    slug=slug,
                    slug_en=slug,
                    url_path=f"{prefix}{slug}/",
                    url_path_en=f"{prefix}{slug}/",
                    path=Page._get_path(index.path, index.depth + 1, number),
                    depth=index.depth + 1,
                    numchild=0,
                    content_type=content_type,
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=now,
                    last_published_at=now,
                    locale=locale,
                    translation_key=uuid.uuid4(),
                )
            )
        for batch in _batches(pages):
            Page.objects.bulk_create(batch)
        self.say(f"  {count} pages")

        kinds = [AgreementPage.Kind.CITY_PAIRING] * 8 + [
            AgreementPage.Kind.TRIO,
            AgreementPage.Kind.REGION_TO_REGION,
        ]
        details, eu_members, partner_members, theme_links, documents = [], [], [], [], []
        listed, listed_countries, listed_themes = [], [], []
        for page in pages:
            kind = self.random.choice(kinds)
            phase = self.random.choice(self.phases) if self.phases else None
            statuses = AgreementPage.Status.values
            if phase is not None and phase.status == phase.Status.COMPLETED:
                statuses = [AgreementPage.Status.COMPLETED]
            details.append(
                AgreementPage(
                    page_ptr_id=page.pk,
                    title=page.title,  # for its listing row: only the agreement table is written
                    kind=kind,
                    region_id=self.random.choice(self.regions) if self.regions else None,
                    programme_phase_id=phase.pk if phase else None,
                    start_year=self.random.randint(2016, 2026),
                    status=self.random.choice(statuses),
                    import_key=f"{MARKER}:{page.slug}",
                )
            )
            eu_side = self.random.sample(eu_partners, 2 if kind == AgreementPage.Kind.TRIO else 1)
            other_side = [self.random.choice(other_partners)]
            eu_members += [
                AgreementEUMember(agreement_id=page.pk, partner_id=pk, sort_order=i)
                for i, pk in enumerate(eu_side)
            ]
            partner_members += [
                AgreementPartnerMember(agreement_id=page.pk, partner_id=pk, sort_order=i)
                for i, pk in enumerate(other_side)
            ]
            chosen = self.random.sample(self.themes, min(len(self.themes), 2))
            row, countries, themes = listing_rows(
                details[-1],
                index.pk,
                {self.country_of[pk] for pk in [*eu_side, *other_side]},
                [theme_id for theme_id, _name in chosen],
            )
            listed.append(row)
            listed_countries += countries
            listed_themes += themes
            theme_links += [
                AgreementPage.themes.through(agreementpage_id=page.pk, theme_id=theme_id)
                for theme_id, _name in chosen
            ]
            words = " ".join([page.title, *(name for _pk, name in chosen)])
            documents += [
                SearchDocument(
                    page_id=page.pk,
                    kind=AgreementPage.search_kind,
                    language=code,
                    title=page.title,
                    summary="",
                    folded_title=fold(page.title),
                    folded=fold(words),
                )
                for code in languages.codes()
            ]
        # Multi-table inheritance rules out bulk_create for the agreement rows; the parent
        # rows exist already, so only the agreement table is written, in batches.
        fields = AgreementPage._meta.local_concrete_fields
        for batch in _batches(details):
            AgreementPage._base_manager._insert(batch, fields=fields, using=connection.alias)
        for model, rows in (
            (AgreementEUMember, eu_members),
            (AgreementPartnerMember, partner_members),
            (AgreementPage.themes.through, theme_links),
            (SearchDocument, documents),
            (ListedAgreement, listed),
            (ListedAgreementCountry, listed_countries),
            (ListedAgreementTheme, listed_themes),
        ):
            model.objects.bulk_create(rows, batch_size=BATCH)
        Page.objects.filter(pk=index.pk).update(numchild=F("numchild") + count)
        self.say(f"  {count} agreements with members, themes and search documents")

    def run(self, agreements, partners):
        with transaction.atomic():
            eu, others = self.partners(partners)
            if not eu or not others:
                raise ValueError("Generate at least 3 partners: some in the EU, some outside.")
            self.agreements(agreements, eu, others)
            # The partners' profiles in search, as publishing their agreements writes them.
            index_routes(self.index_page)
            self.say("  partner profiles in search")
