"""Builds the demo site. Every step finds what exists before creating anything, and leaves
existing content alone, so running it twice changes nothing and never overwrites edits."""

import csv
import json
import uuid
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import translation
from django.utils.html import escape
from wagtail.models import Page, Site

from iurc.core import languages
from iurc.core.models import Quote
from iurc.demo import about, site
from iurc.demo.images import illustration
from iurc.demo.partner_names import name_partners
from iurc.home.models import HomePage, StandardPage
from iurc.phases.models import ProgrammePhaseIndexPage, ProgrammePhasePage
from iurc.translations.groups import PROGRAMME_STAFF, language_group_name
from partners.importer import read_csv
from partners.models import AgreementIndexPage, Partner
from partners.themes import curate
from partners.writer import import_rows
from regions.models import Country, RegionIndexPage, RegionPage

PARTNERS_DATA = Path(__file__).resolve().parent.parent.parent / "partners" / "data"
PAIRINGS_CSV = PARTNERS_DATA / "pairings.csv"
PARTNER_LOCATIONS_CSV = PARTNERS_DATA / "partner_locations.csv"


def set_translations(instance, field_name, values):
    for code, value in values.items():
        setattr(instance, languages.localized_field(field_name, code), value)


def child_page(parent, model, slug, build):
    """The child of ``parent`` with English slug ``slug``, created and published if missing.

    ``build(page)`` fills a new page. Returns (page, created).
    """
    page = model.objects.child_of(parent).filter(slug_en=slug).first()
    if page is not None:
        return page, False
    page = model(slug=slug, live=False)
    build(page)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page, True


def _block(block_type, value):
    return {"type": block_type, "value": value, "id": str(uuid.uuid4())}


def paragraph(text):
    return _block("paragraph", f"<p>{escape(text)}</p>")


def link_cards(heading, cards):
    return _block(
        "link_cards",
        {
            "heading": heading,
            "cards": [
                _block(
                    "item",
                    {
                        "title": title,
                        "description": "",
                        "page": page_id,
                        "external_url": url,
                    },
                )
                for title, page_id, url in cards
            ],
        },
    )


class DemoBuilder:
    def __init__(self, stdout=None):
        self.stdout = stdout
        self.created = 0

    def log(self, message):
        if self.stdout:
            self.stdout.write(message)

    def _made(self, page_or_object, created):
        if created:
            self.created += 1
            self.log(f"  created {page_or_object._meta.verbose_name}: {page_or_object}")
        return page_or_object

    @transaction.atomic
    def build(self):
        with translation.override(languages.default_language()):
            home = self.home()
            about_page = self.about_page(home)
            phase_index = self.index(home, ProgrammePhaseIndexPage, site.PHASE_INDEX)
            region_index = self.index(home, RegionIndexPage, site.REGION_INDEX)
            agreement_index = self.index(home, AgreementIndexPage, site.AGREEMENT_INDEX)
            regions = self.regions(region_index)
            self.phases(phase_index, regions)
            quotes = self.quotes()
            self.about_body(about_page, quotes, regions)
            curate()  # the programme's themes, which the file's theme names map to
            rows = read_csv(PAIRINGS_CSV.open(encoding="utf-8"))
            report = import_rows(with_locations(rows, read_partner_locations()), agreement_index)
            if not report.ok:
                raise ValueError("; ".join(str(error) for error in report.errors))
            self.created += len(report.created)
            self.log(
                f"  agreements: {len(report.created)} created, {len(report.unchanged)} unchanged"
            )
            located = locate_partners()
            self.log(f"  partners located: {located}")
            self.log(f"  partners named in other languages: {name_partners()}")
        return self.created

    def home(self):
        home = HomePage.objects.first()
        if home is None:
            root = Page.get_first_root_node()
            # Wagtail's migrations leave a "Welcome" page where the home page goes.
            for child in root.get_children():
                if child.specific_class is Page:
                    child.delete()
            home = HomePage(slug=site.HOME["slug"], live=False, show_in_menus=False)
            set_translations(home, "title", site.HOME["title"])
            set_translations(home, "intro", site.HOME["intro"])
            root.add_child(instance=home)
            home.save_revision().publish()
            self._made(home, True)
        if home.lead_image_id is None:
            home.lead_image = illustration("IURC: cities joined across the world", "home")
            set_translations(home, "lead_image_alt", site.HOME_IMAGE["alt"])
            set_translations(home, "lead_image_credit", site.HOME_IMAGE["credit"])
            home.save_revision().publish()
        default_site = Site.objects.filter(is_default_site=True).first()
        if default_site is None:
            Site.objects.create(
                hostname="localhost",
                port=80,
                root_page=home,
                is_default_site=True,
                site_name="IURC",
            )
        elif default_site.root_page_id != home.pk:
            default_site.root_page = home
            default_site.save()
        return home

    def about_page(self, home):
        def build(page):
            set_translations(page, "title", site.ABOUT_TITLES)
            set_translations(page, "slug", site.ABOUT_SLUGS)
            page.show_in_menus = True

        page, created = child_page(home, StandardPage, "about", build)
        return self._made(page, created)

    def index(self, home, model, definition):
        def build(page):
            set_translations(page, "title", definition["title"])
            set_translations(page, "slug", definition["slug"])
            page.show_in_menus = True

        page, created = child_page(home, model, definition["slug"]["en"], build)
        return self._made(page, created)

    def regions(self, region_index):
        extra_countries = {}
        for _line, row in read_csv(PAIRINGS_CSV.open(encoding="utf-8")):
            codes = [code.strip().upper() for code in row["partner_countries"].split(";")]
            extra_countries.setdefault(row["region"], set()).update(codes)
        regions = {}
        for definition in site.REGIONS:

            def build(page, definition=definition):
                set_translations(page, "title", definition["title"])
                set_translations(page, "slug", definition.get("slug", {}))
                set_translations(page, "intro", definition["intro"])
                page.external_page = definition["external_page"]
                codes = set(definition["countries"]) | extra_countries.get(
                    definition["name"], set()
                )
                page.countries = list(Country.objects.filter(code__in=codes))

            page, created = child_page(region_index, RegionPage, definition["key"], build)
            regions[definition["key"]] = self._made(page, created)
        return regions

    def phases(self, phase_index, regions):
        for definition in site.PHASES:

            def build(page, definition=definition):
                set_translations(page, "title", definition["title"])
                set_translations(page, "summary", definition["summary"])
                page.acronym = definition["acronym"]
                page.start_year = definition["start_year"]
                page.end_year = definition["end_year"]
                page.status = definition["status"]
                page.website = definition["website"]
                page.regions = [regions[key] for key in definition["regions"]]

            page, created = child_page(phase_index, ProgrammePhasePage, definition["slug"], build)
            self._made(page, created)

    def quotes(self):
        quotes = {}
        for definition in about.QUOTES:
            quote = Quote.objects.filter(text_en=definition["text"]["en"]).first()
            created = quote is None
            if created:
                quote = Quote(speaker=definition["speaker"], live=False)
                for field_name in ("text", "role", "organisation", "place"):
                    set_translations(quote, field_name, definition[field_name])
                quote.save()
                quote.save_revision().publish()
            quotes[definition["key"]] = self._made(quote, created)
        return quotes

    def about_body(self, page, quotes, regions):
        if page.body_en:
            return  # Built before: editors own it now.
        for code in ("en", "vi"):
            blocks = [paragraph(text) for text in about.PARAGRAPHS[code]]
            blocks += [_block("quote", {"quote": quote.pk}) for quote in quotes.values()]
            blocks.append(paragraph(about.FUNDING[code]))
            blocks.append(
                link_cards(
                    about.PHASE_TWO_HEADING[code],
                    [(title, regions[key].pk, "") for key, title in about.PHASE_TWO_CARDS],
                )
            )
            blocks.append(
                link_cards(
                    about.PHASE_ONE_HEADING[code],
                    [(title, None, url) for title, url in about.PHASE_ONE_CARDS],
                )
            )
            setattr(page, languages.localized_field("body", code), json.dumps(blocks))
        page.save_revision().publish()


# --- Partner locations ---------------------------------------------------------------------


def read_partner_locations(path=PARTNER_LOCATIONS_CSV):
    """{(English name casefolded, country code): (latitude, longitude)} from the locations file.

    A city sits at its centre; a region at its capital, except where a partner city already
    sits there (Emilia-Romagna, Lazio): then at the region's rough centre, so both stay visible.
    """
    locations = {}
    with path.open(encoding="utf-8") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            try:
                latitude, longitude = Decimal(row["latitude"]), Decimal(row["longitude"])
            except (InvalidOperation, TypeError) as error:
                raise ValueError(f"{path.name}, line {line}: not a number") from error
            finite = latitude.is_finite() and longitude.is_finite()
            if not (finite and -90 <= latitude <= 90 and -180 <= longitude <= 180):
                raise ValueError(f"{path.name}, line {line}: coordinates out of range")
            locations[(row["name"].strip().casefold(), row["country"].strip().upper())] = (
                latitude,
                longitude,
            )
    return locations


def with_locations(rows, locations):
    """The rows of the pairings file with the locations file's coordinates in the import's
    latitude and longitude columns: each partner is placed where that file says, not where
    GeoNames puts the most populous city of its name (Aurora, US would be in Colorado)."""
    located = []
    for line, row in rows:
        row = dict(row)
        for prefix in ("eu", "partner"):
            names = [name.strip() for name in row[f"{prefix}_side"].split(";") if name.strip()]
            codes = [code.strip().upper() for code in row[f"{prefix}_countries"].split(";")]
            codes = codes * len(names) if len(codes) == 1 else codes
            pairs = zip(names, codes, strict=False)  # a row the import refuses may differ
            places = [locations.get((name.casefold(), code)) for name, code in pairs]
            for axis, column in enumerate(("latitude", "longitude")):
                row[f"{prefix}_{column}"] = "; ".join(
                    str(place[axis]) if place else "" for place in places
                )
        located.append((line, row))
    return located


def locate_partners(locations=None):
    """Give partners without coordinates those of the locations file; returns how many.

    Partners with a latitude or longitude already keep it: an editor may have set it.
    """
    if locations is None:
        locations = read_partner_locations()
    located = []
    for partner in Partner.objects.filter(latitude__isnull=True, longitude__isnull=True):
        found = locations.get(((partner.name_en or "").casefold(), partner.country_id))
        if found:
            partner.latitude, partner.longitude = found
            located.append(partner)
    # Coordinates are not indexed for search, so the rows need no save() of their own.
    Partner.objects.bulk_update(located, ["latitude", "longitude"])
    return len(located)


def create_demo_users(password):
    """Local accounts for trying the admin: never run this on a public server.

    Each has a name: Wagtail's account settings require one before they save anything else,
    such as the admin language a translator wants. A name already given is kept, and an
    account made before names were given gets one.
    """
    User = get_user_model()
    accounts = [
        ("admin", "Ada", "Admin", True, None),
        ("staff", "Sam", "Staff", False, PROGRAMME_STAFF),
        # Translates into Vietnamese only (iurc.translations.groups).
        ("translator", "Lan", "Nguyễn", False, language_group_name("vi")),
    ]
    for username, first_name, last_name, is_superuser, group_name in accounts:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "is_superuser": is_superuser,
                "is_staff": is_superuser,
                "email": f"{username}@example.org",
                "first_name": first_name,
                "last_name": last_name,
            },
        )
        if created:
            user.set_password(password)
            user.save()
        elif not (user.first_name and user.last_name):
            user.first_name = user.first_name or first_name
            user.last_name = user.last_name or last_name
            user.save(update_fields=["first_name", "last_name"])
        if group_name:
            user.groups.add(Group.objects.get(name=group_name))
