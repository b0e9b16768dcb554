"""Partners (cities, regions, organisations), themes, the agreements between partners, and
the narrow listing rows the agreements database reads."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, prefetch_related_objects
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager, PageQuerySet
from wagtail.search import index

from iurc.core.blocks import BodyBlock
from iurc.core.languages import country_name, localized_fields
from iurc.core.links import SafeURLField
from iurc.core.models import BasePage
from iurc.core.models.review import ReviewedSnippet
from iurc.core.visibility import is_public, public_page_annotation, public_pages
from partners.goals import SustainableDevelopmentGoal
from partners.panels import PointPickerPanel

AGREEMENTS_PER_PAGE = 24


class Theme(index.Indexed, ReviewedSnippet):
    name = models.CharField(_("name"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True, max_length=1000)
    former_names = models.TextField(
        _("former names"),
        blank=True,
        max_length=2000,
        help_text=_(
            "One per line: names of themes merged into this one. Imported files may still use them."
        ),
    )

    panels = [FieldPanel("name"), FieldPanel("description"), FieldPanel("former_names")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Partner(index.Indexed, ReviewedSnippet):
    """A city, region, metropolitan area or organisation that takes part in agreements."""

    class Kind(models.TextChoices):
        CITY = "city", _("City")
        REGION = "region", _("Region")
        METROPOLITAN_AREA = "metropolitan_area", _("Metropolitan area")
        ORGANISATION = "organisation", _("Organisation")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CITY)
    country = models.ForeignKey(
        "regions.Country",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="partners",
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    population = models.PositiveBigIntegerField(_("population"), null=True, blank=True)
    area = models.DecimalField(
        _("area (km²)"),
        max_digits=10,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    website = SafeURLField(_("website"), blank=True)
    description = models.TextField(_("short description"), blank=True, max_length=1000)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    photo_alt = models.CharField(
        _("photo description"),
        max_length=255,
        blank=True,
        help_text=_("What the photo shows, for readers who cannot see it."),
    )
    photo_credit = models.CharField(_("photo credit"), max_length=255, blank=True)

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("country")]),
        PointPickerPanel("latitude", "longitude"),
        FieldRowPanel([FieldPanel("population"), FieldPanel("area")]),
        FieldPanel("website"),
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldPanel("photo"), FieldPanel("photo_alt"), FieldPanel("photo_credit")],
            heading=_("Photo"),
        ),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name", "country"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "country", "kind"], name="unique_partner_per_country_and_kind"
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.country_id})"

    @property
    def country_name(self):
        """The country's name in the reader's language, without loading the country row."""
        return country_name(self.country_id)


def member_prefetches(*partner_fields):
    """Prefetches that load both sides of agreements with their published partners in two
    queries; with ``partner_fields``, only those columns of the partner."""
    prefetches = []
    for name, model in (
        ("eu_members", AgreementEUMember),
        ("partner_members", AgreementPartnerMember),
    ):
        members = model.objects.filter(partner__live=True).select_related("partner")
        if partner_fields:
            members = members.only(
                "agreement",
                "sort_order",
                "partner__live",
                *(f"partner__{field}" for field in partner_fields),
            )
        prefetches.append(Prefetch(name, queryset=members))
    return prefetches


def _card_fields():
    """The columns an agreement card reads (components/agreement_card.html): its title and
    URL in every language, for the fallbacks, and a few facts."""
    return [
        "path",
        "depth",
        "locale",
        "live",
        "content_type",
        "kind",
        "start_year",
        "programme_phase__acronym",
        *localized_fields("title"),
        *localized_fields("slug"),
        *localized_fields("url_path"),
    ]


class AgreementQuerySet(PageQuerySet):
    def published(self):
        """Live agreements no view restriction hides."""
        return public_pages(self)

    def with_listing_data(self, request=None):
        """What an agreement card shows, in a constant number of queries, newest first
        (``request``: the one shown, for ``public_page_annotation``).

        A page row holds every language of every field, StreamFields included: a card reads
        a dozen of its columns, and loading the others took longer than the rest of the card.
        """
        return (
            self.select_related("programme_phase")
            .annotate(programme_phase_is_public=public_page_annotation("programme_phase", request))
            .only(*_card_fields())
            .prefetch_related(*member_prefetches("id", "country", *localized_fields("name")))
            .order_by("-start_year", "title_en", "pk")
        )

    def with_partner(self, partner):
        """Agreements ``partner`` takes part in, on either side."""
        on_side = [
            Exists(member_model.objects.filter(agreement=OuterRef("pk"), partner=partner))
            for member_model in (AgreementEUMember, AgreementPartnerMember)
        ]
        return self.filter(on_side[0] | on_side[1])


AgreementManager = PageManager.from_queryset(AgreementQuerySet)


class AgreementForm(WagtailAdminPageForm):
    def is_valid(self):
        # Members live in inline formsets, which ClusterForm validates after clean(): the
        # rule that spans both sides is checked once everything else is valid.
        if not super().is_valid():
            return False
        if self.cleaned_data.get("kind") != AgreementPage.Kind.TRIO:
            return True
        members = sum(
            1
            for relation in ("eu_members", "partner_members")
            for form in self.formsets[relation].forms
            if form.cleaned_data.get("partner") and not form.cleaned_data.get("DELETE")
        )
        if members != 3:
            self.add_error("kind", _("A trio has three partners in all, on both sides."))
            return False
        return True


class AgreementPage(BasePage):
    """A city pairing, trio or region-to-region partnership."""

    search_kind = "agreement"  # what a search result says it is (SearchDocument.Kind)

    changes_show_narrowly = True

    class Kind(models.TextChoices):
        CITY_PAIRING = "city", _("City pairing")
        TRIO = "trio", _("Trio")
        REGION_TO_REGION = "region", _("Region-to-region")

    class Status(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("agreement status", "Active")
        COMPLETED = "completed", _("Completed")

    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.CITY_PAIRING
    )
    programme_phase = models.ForeignKey(
        "phases.ProgrammePhasePage",
        verbose_name=_("programme phase"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agreements",
    )
    region = models.ForeignKey(
        "regions.RegionPage",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agreements",
    )
    themes = ParentalManyToManyField(
        Theme, verbose_name=_("themes"), related_name="agreements", blank=True
    )
    start_year = models.PositiveSmallIntegerField(
        _("start year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
        help_text=_("Leave empty when it is not known."),
    )
    end_year = models.PositiveSmallIntegerField(
        _("end year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
        help_text=_("Leave empty while it is not known."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    summary = models.TextField(_("summary"), blank=True, max_length=1000)
    activities = models.TextField(
        _("activities and pilot projects"),
        blank=True,
        max_length=4000,
        help_text=_("One per paragraph; separate paragraphs with an empty line."),
    )
    results = models.TextField(
        _("results"),
        blank=True,
        max_length=4000,
        help_text=_("One per paragraph; separate paragraphs with an empty line."),
    )
    sdgs = ParentalManyToManyField(
        SustainableDevelopmentGoal,
        verbose_name=_("sustainable development goals"),
        related_name="agreements",
        blank=True,
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    source_url = SafeURLField(
        _("source"), blank=True, max_length=500, help_text=_("Where the facts were published.")
    )
    # Identifies the agreement in imported files (kind, programme and members), so that
    # importing the same file again updates instead of duplicating.
    import_key = models.CharField(max_length=500, blank=True, db_index=True, editable=False)

    objects = AgreementManager()

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("kind"), FieldPanel("status")]),
                FieldRowPanel([FieldPanel("programme_phase"), FieldPanel("region")]),
                FieldRowPanel([FieldPanel("start_year"), FieldPanel("end_year")]),
                FieldPanel("source_url"),
                FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
                FieldPanel("sdgs", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Facts"),
        ),
        InlinePanel("eu_members", heading=_("EU side"), label=_("EU partner"), min_num=1),
        InlinePanel("partner_members", heading=_("Partner side"), label=_("Partner"), min_num=1),
        FieldPanel("summary"),
        FieldPanel("activities"),
        FieldPanel("results"),
        FieldPanel("body"),
        InlinePanel("documents", heading=_("Documents"), label=_("Document")),
    ]
    base_form_class = AgreementForm

    parent_page_types = ["partners.AgreementIndexPage"]
    subpage_types = []
    template = "pages/partners/agreement_page.html"

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    @classmethod
    def status_in_phase(cls, phase):
        """The status a new agreement of ``phase`` has: completed once its phase is."""
        if phase is not None and phase.status == phase.Status.COMPLETED:
            return cls.Status.COMPLETED
        return cls.Status.ACTIVE

    def clean(self):
        super().clean()
        errors = {}
        if self.start_year and self.end_year and self.end_year < self.start_year:
            errors["end_year"] = _("The end year cannot be before the start year.")
        phase = self.programme_phase
        if (
            phase is not None
            and phase.status == phase.Status.COMPLETED
            and self.status == self.Status.ACTIVE
        ):
            errors["status"] = _("%(phase)s is completed: its agreements are completed too.") % {
                "phase": phase.acronym or phase.title
            }
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        prefetch_related_objects(
            [self],
            *member_prefetches(),
            "themes",
            "sdgs",
            "documents__document",
            *AgreementLink.relation_names(),
        )
        return super().get_context(request, *args, **kwargs)

    # What the public sees of an agreement names only public partners, themes, regions and
    # phases (``iurc.core.visibility``): an editor may choose one still in draft.

    def eu_partners(self):
        return [member.partner for member in self.eu_members.all() if member.partner.live]

    def partner_partners(self):
        return [member.partner for member in self.partner_members.all() if member.partner.live]

    def public_themes(self):
        return [theme for theme in self.themes.all() if theme.live]

    def activity_list(self):
        return paragraphs(self.activities)

    def result_list(self):
        return paragraphs(self.results)

    def related_pages(self, request=None):
        """The public news and events about this agreement, newest first.

        The links are declared by those apps (``AgreementLink``), which build on this one:
        read here by their relation names, as plain pages.
        """
        ids = [
            link.page_id
            for relation in AgreementLink.relation_names()
            for link in getattr(self, relation).all()
        ]
        if not ids:
            return []
        pages = public_pages(Page.objects.filter(pk__in=ids), request).specific()
        return sorted(pages, key=_newest_first)

    @cached_property
    def public_region(self):
        if self.region_id is None:
            return None
        return self.region if is_public(self.region) else None

    @cached_property
    def public_programme_phase(self):
        if self.programme_phase_id is None:
            return None
        # Listings annotate it in their own query (``with_listing_data``).
        known = getattr(self, "programme_phase_is_public", None)
        public = is_public(self.programme_phase) if known is None else known
        return self.programme_phase if public else None

    @staticmethod
    def search_prefetches():
        """What ``get_search_text`` reads, for indexing many agreements at once."""
        return [*member_prefetches(), "themes"]

    @cached_property
    def _related_for_search(self):
        # Loaded once, read in every language (search indexes the page in all of them).
        return self.eu_partners() + self.partner_partners(), self.public_themes()

    def get_search_text(self):
        partners, themes = self._related_for_search
        names = [partner.name for partner in partners]
        countries = {partner.country_name for partner in partners}
        themes = [theme.name for theme in themes]
        return [
            *super().get_search_text(),
            *names,
            *sorted(countries),
            *themes,
        ]


def paragraphs(text):
    """Paragraphs of a plain text field, separated by empty lines."""
    return [part.strip() for part in re.split(r"\n\s*\n", text or "") if part.strip()]


def _newest_first(page):
    # News pages have a date, events a start date; either way the newest first.
    day = getattr(page, "date", None) or getattr(page, "start_date", None)
    return (-(day.toordinal() if day else 0), page.title)


class AgreementMember(Orderable):
    """One partner on one side of an agreement; the side is the concrete model."""

    panels = [FieldPanel("partner")]

    class Meta(Orderable.Meta):
        abstract = True

    def __str__(self):
        return str(self.partner)


class AgreementEUMember(AgreementMember):
    agreement = ParentalKey(AgreementPage, on_delete=models.CASCADE, related_name="eu_members")
    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="eu_memberships"
    )


class AgreementPartnerMember(AgreementMember):
    agreement = ParentalKey(AgreementPage, on_delete=models.CASCADE, related_name="partner_members")
    partner = models.ForeignKey(
        Partner,
        verbose_name=_("partner"),
        on_delete=models.PROTECT,
        related_name="partner_memberships",
    )


class AgreementLink(Orderable):
    """A page's link to an agreement it is about, declared by apps built on this one (news,
    events): the agreement's page lists the public pages that link to it (``related_pages``).

    A concrete link adds ``page``, a ParentalKey to its page type; the agreement reaches its
    links as ``<app label>_links``.
    """

    agreement = models.ForeignKey(
        AgreementPage,
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        related_name="%(app_label)s_links",
    )

    panels = [FieldPanel("agreement")]

    class Meta(Orderable.Meta):
        abstract = True

    @classmethod
    def relation_names(cls):
        return [f"{link._meta.app_label}_links" for link in cls.__subclasses__()]


class AgreementDocument(Orderable):
    agreement = ParentalKey(AgreementPage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    label = models.CharField(pgettext_lazy("document link", "label"), max_length=200, blank=True)

    panels = [FieldPanel("document"), FieldPanel("label")]

    def __str__(self):
        return self.label or self.document.title


class ListedAgreementQuerySet(models.QuerySet):
    def newest_first(self):
        return self.order_by("-sort_year", "sort_title", "agreement_id")

    def agreement_pages(self, limit, request=None):
        """The first ``limit`` agreements, loaded with what a listing shows."""
        ids = list(self.values_list("agreement_id", flat=True)[:limit])
        # Put in the order of ``ids`` here: an ORDER BY of the wide rows would sort nothing.
        pages = (
            AgreementPage.objects.filter(pk__in=ids).with_listing_data(request).order_by().in_bulk()
        )
        return [pages[pk] for pk in ids if pk in pages]


class ListedFacts(models.Model):
    """The facts the agreements database filters on, for one live agreement visitors may see.

    The page table holds a column per language for every translated field, and "visible"
    means live with no view restriction above it: counting 20,000 agreements by region through
    it takes seconds. Narrow rows kept by ``partners.listing`` take milliseconds. The country
    and theme rows carry the same facts, so that their counts read one table, not a join.
    """

    index_page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    kind = models.CharField(max_length=20)
    status = models.CharField(max_length=20)
    start_year = models.PositiveSmallIntegerField(null=True)
    region = models.ForeignKey(
        "regions.RegionPage", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    programme_phase = models.ForeignKey(
        "phases.ProgrammePhasePage", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True


class ListedAgreement(ListedFacts):
    """One listed agreement: its facts and the order of the list."""

    # A region page lists its agreements through this relation (regions cannot import us).
    region = models.ForeignKey(
        "regions.RegionPage",
        null=True,
        on_delete=models.SET_NULL,
        related_name="listed_agreements",
    )

    agreement = models.OneToOneField(
        AgreementPage, on_delete=models.CASCADE, primary_key=True, related_name="listed"
    )
    # Newest first, unknown years last: 0 stands for "not known" so every database sorts
    # the same way and one index serves the order.
    sort_year = models.PositiveSmallIntegerField(default=0)
    sort_title = models.CharField(max_length=255)

    objects = ListedAgreementQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(
                fields=["index_page", "-sort_year", "sort_title", "agreement"],
                name="listed_agreement_order",
            ),
            # The facet counts of a database (``AgreementFilter._shared_counts``), read from
            # the index alone, already in the order of their groups.
            models.Index(
                fields=["index_page", "region", "programme_phase", "kind", "status", "start_year"],
                name="listed_agreement_facts",
            ),
        ]

    def __str__(self):
        return self.sort_title


class ListedAgreementCountry(ListedFacts):
    """A country on either side of a listed agreement (each country once per agreement)."""

    agreement = models.ForeignKey(
        ListedAgreement, on_delete=models.CASCADE, related_name="countries"
    )
    country = models.ForeignKey("regions.Country", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agreement", "country"], name="unique_listed_country")
        ]
        indexes = [
            models.Index(fields=["country", "agreement"], name="listed_country_lookup"),
            # A database's count per country, read from the index alone.
            models.Index(fields=["index_page", "country"], name="listed_country_count"),
        ]

    def __str__(self):
        return f"{self.agreement_id} {self.country_id}"


class ListedAgreementTheme(ListedFacts):
    """A theme of a listed agreement."""

    agreement = models.ForeignKey(ListedAgreement, on_delete=models.CASCADE, related_name="themes")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agreement", "theme"], name="unique_listed_theme")
        ]
        indexes = [
            models.Index(fields=["theme", "agreement"], name="listed_theme_lookup"),
            # A database's count per theme, read from the index alone.
            models.Index(fields=["index_page", "theme"], name="listed_theme_count"),
        ]

    def __str__(self):
        return f"{self.agreement_id} {self.theme_id}"
