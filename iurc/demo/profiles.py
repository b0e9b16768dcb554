"""Rich profiles for the demo's agreements and partners, from the programme's public record.

The facts live in ``iurc/demo/data/profiles/`` (its README says how to add to them):
``agreements.json`` (an agreement's summary, activities, results, SDGs and end year, and the
news and events about it), ``partners.json`` (a partner's short description) and
``partner_facts.csv`` (population, area, website). Every partner with coordinates also gets
a drawn locator map as its picture (``iurc.demo.locators``), credited as an illustration.

Only empty fields are filled: a value an editor gave is never replaced, and loading again
changes nothing. Agreements, news and events are saved as editors' changes are, through a
published revision (a pending draft keeps its place as the latest revision, filled the same
way, and is not published); so are partners an editor has saved, while a partner only the
importer wrote is saved as the importer saves it.
"""

import csv
import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction
from django.utils import translation
from wagtail.models import Page

from iurc.core import languages
from iurc.demo.locators import is_locator, locator_image
from iurc.events.models import EventPage
from iurc.news.models import NewsPage
from partners.goals import SustainableDevelopmentGoal
from partners.models import AgreementPage, Partner
from partners.profile_search import partners_indexed_once

DATA = Path(__file__).resolve().parent / "data" / "profiles"
AGREEMENTS_JSON = DATA / "agreements.json"
PARTNERS_JSON = DATA / "partners.json"
PARTNER_FACTS_CSV = DATA / "partner_facts.csv"

# The agreement fields a profile fills, each translated, and whether it is a list of
# paragraphs (written one per paragraph, separated by an empty line).
AGREEMENT_TEXTS = {"summary": False, "activities": True, "results": True}

PHOTO_CREDIT = {
    "en": "Illustration: IURC portal demo",
    "es": "Ilustración: demostración del portal IURC",
    "pt": "Ilustração: demonstração do portal IURC",
    "fr": "Illustration : démonstration du portail IURC",
    "zh-hans": "插图：IURC 门户网站演示",
    "hi": "चित्रण: IURC पोर्टल डेमो",
    "id": "Ilustrasi: demo portal IURC",
    "ja": "イラスト：IURC ポータルのデモ",
    "ms": "Ilustrasi: demo portal IURC",
    "ko": "일러스트: IURC 포털 데모",
    "th": "ภาพประกอบ: เดโมพอร์ทัล IURC",
    "vi": "Hình minh họa: bản trình diễn cổng thông tin IURC",
}
# What the locator shows: {place} is the partner's name, {country} its country, both in the
# language of the sentence where they have a name in it.
PHOTO_ALT = {
    "en": "Illustrated map with a gold marker where {place}, {country}, lies.",
    "es": "Mapa ilustrado con un marcador dorado donde se encuentra {place}, {country}.",
    "pt": "Mapa ilustrado com um marcador dourado onde fica {place}, {country}.",
    "fr": "Carte illustrée avec un repère doré à l'emplacement de {place}, {country}.",
    "zh-hans": "示意地图，金色标记为{place}（{country}）的位置。",
    "hi": "चित्रित मानचित्र, जिसमें सुनहरा चिह्न {place} ({country}) का स्थान दिखाता है।",
    "id": "Peta ilustrasi dengan penanda emas di lokasi {place}, {country}.",
    "ja": "{place}（{country}）の位置を金色の印で示したイラスト地図。",
    "ms": "Peta ilustrasi dengan penanda emas di lokasi {place}, {country}.",
    "ko": "{place}({country})의 위치를 금색 표시로 보여 주는 일러스트 지도.",
    "th": "แผนที่ภาพประกอบพร้อมหมุดสีทองที่ตำแหน่งของ {place} ({country})",
    "vi": "Bản đồ minh họa có điểm đánh dấu màu vàng tại vị trí của {place}, {country}.",
}


class ProfileDataError(ValueError):
    """A profile file says something that cannot be right (an unknown goal, a bad number)."""


# --- Reading the files -------------------------------------------------------------------


def _names(side):
    return frozenset(name.strip().casefold() for name in side.split(";") if name.strip())


def agreement_key(programme, eu_side, partner_side):
    """How a profile names its agreement: its phase's acronym and the English names of its
    members on each side ("Málaga; Vitoria-Gasteiz"), as partners/data/pairings.csv does."""
    return (programme.strip().casefold(), _names(eu_side), _names(partner_side))


def read_agreement_profiles(path=AGREEMENTS_JSON):
    """{agreement key: profile} and the defaults per phase, checked."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    language_codes = set(languages.codes())
    profiles = {}
    for number, profile in enumerate(data["agreements"], start=1):
        where = f"{Path(path).name}, agreement {number}"
        key = agreement_key(profile["programme"], profile["eu_side"], profile["partner_side"])
        if key in profiles:
            raise ProfileDataError(f"{where}: a second profile of the same agreement")
        for goal in profile.get("sdgs", []):
            if not (isinstance(goal, int) and 1 <= goal <= 17):
                raise ProfileDataError(f"{where}: {goal!r} is not a goal from 1 to 17")
        for field in AGREEMENT_TEXTS:
            unknown = set(profile.get(field, {})) - language_codes
            if unknown:
                raise ProfileDataError(f"{where}: unknown languages {sorted(unknown)}")
        profiles[key] = profile
    phases = {acronym.casefold(): defaults for acronym, defaults in data.get("phases", {}).items()}
    return profiles, phases


def _partner_key(name, country, kind=""):
    return (name.strip().casefold(), country.strip().upper(), kind.strip())


def read_partner_descriptions(path=PARTNERS_JSON):
    """{(name, country, kind or ""): {language: description}}."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return {
        _partner_key(entry["name"], entry["country"], entry.get("kind", "")): entry["description"]
        for entry in data["partners"]
    }


def _number(value, kind, where):
    value = value.strip().replace(",", "").replace("_", "")
    if not value:
        return None
    try:
        number = kind(Decimal(value))
    except (InvalidOperation, ValueError) as error:
        raise ProfileDataError(f"{where}: {value!r} is not a number") from error
    if number < 0:
        raise ProfileDataError(f"{where}: {value!r} is negative")
    return number


def read_partner_facts(path=PARTNER_FACTS_CSV):
    """{(name, country, kind or ""): {"population", "area", "website"}} (None or "" when
    the file leaves a cell empty)."""
    facts = {}
    with Path(path).open(encoding="utf-8") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            where = f"{Path(path).name}, line {line}"
            website = row["website"].strip()
            if website and not website.startswith("https://"):
                raise ProfileDataError(f"{where}: websites are given with https://")
            facts[_partner_key(row["name"], row["country"], row["kind"])] = {
                "population": _number(row["population"], int, where),
                "area": _number(row["area_km2"], Decimal, where),
                "website": website,
            }
    return facts


def _for_partner(table, partner):
    """The entry of ``table`` for ``partner``: one for its kind, else one for any kind."""
    name = (partner.name_en or "").casefold()
    return table.get((name, partner.country_id, partner.kind)) or table.get(
        (name, partner.country_id, "")
    )


# --- Filling, never overwriting --------------------------------------------------------


def _fill(instance, field_name, value):
    """Set an empty field to ``value``; returns whether it changed."""
    if value in (None, "") or getattr(instance, field_name) not in (None, ""):
        return False
    setattr(instance, field_name, value)
    return True


def _fill_translations(instance, field_name, values):
    changed = False
    for code, value in values.items():
        changed |= _fill(instance, languages.localized_field(field_name, code), value)
    return changed


def save_filled(instance, fill):
    """Apply ``fill(obj) -> changed`` to what is published and to a pending draft, and save
    as an editor would: the published object through a published revision, a draft as a
    revision that stays the latest and unpublished. Returns whether anything changed.

    A snippet no one has edited yet has no revision: the importer made its row, which is what
    is published, and the row is saved as the importer saves it.
    """
    if not isinstance(instance, Page) and instance.latest_revision_id is None:
        if not fill(instance):
            return False
        instance.save()
        return True
    draft = None
    if instance.has_unpublished_changes:
        draft = instance.get_latest_revision_as_object()
    if not instance.live:
        # Unpublished: it stays so; its row holds its latest content.
        target = draft or instance
        if not fill(target):
            return False
        target.save()
        target.save_revision()
        return True
    changed = fill(instance)
    if changed:
        # Publishing a page validates it in full just after, before anything is committed:
        # validating the revision as well would load its siblings once more.
        instance.save_revision(clean=not isinstance(instance, Page)).publish()
    if draft is not None and fill(draft):
        draft.save_revision()
        changed = True
    return changed


# --- Agreements --------------------------------------------------------------------------


def _agreement_fill(profile, phase_defaults, goals):
    def fill(agreement):
        changed = False
        for field_name, paragraphs in AGREEMENT_TEXTS.items():
            values = profile.get(field_name, {})
            if paragraphs:
                values = {code: "\n\n".join(texts) for code, texts in values.items()}
            changed |= _fill_translations(agreement, field_name, values)
        end_year = profile.get("end_year") or phase_defaults.get("end_year")
        if end_year and agreement.start_year and end_year < agreement.start_year:
            end_year = None  # a phase's end before a later start: not this agreement's end
        changed |= _fill(agreement, "end_year", end_year)
        phase = agreement.programme_phase
        if (
            phase is not None
            and phase.status == phase.Status.COMPLETED
            and agreement.status == agreement.Status.ACTIVE
        ):
            # The admin refuses an active agreement in a completed phase.
            agreement.status = agreement.Status.COMPLETED
            changed = True
        wanted = [goals[number] for number in profile.get("sdgs", []) if number in goals]
        if wanted and not agreement.sdgs.all():
            agreement.sdgs = wanted
            changed = True
        return changed

    return fill


def _member_names(agreement, relation):
    return frozenset(
        (member.partner.name_en or "").casefold() for member in getattr(agreement, relation).all()
    )


def demo_agreements():
    """{agreement key: agreement} for every agreement, keyed as profiles name them."""
    agreements = (
        AgreementPage.objects.select_related("programme_phase")
        .prefetch_related("eu_members__partner", "partner_members__partner", "sdgs")
        .order_by("pk")
    )
    keyed = {}
    for agreement in agreements:
        phase = agreement.programme_phase
        key = (
            (phase.acronym if phase else "").casefold(),
            _member_names(agreement, "eu_members"),
            _member_names(agreement, "partner_members"),
        )
        keyed.setdefault(key, agreement)
    return keyed


def _end_year_alone(agreement, end_year):
    """Give a published agreement with no pending draft its phase's end year, written to its
    row and to its published revision (what an editor opens next), without publishing it
    again: the end year is on no listing row nor search document, and a publish costs a
    third of a second for each of the first phase's agreements. Returns whether it did."""
    revision = agreement.live_revision
    if (
        not end_year
        or agreement.end_year is not None
        or (agreement.start_year and end_year < agreement.start_year)
        or agreement.status != AgreementPage.status_in_phase(agreement.programme_phase)
        or not agreement.live
        or agreement.has_unpublished_changes
        or revision is None
    ):
        return False
    AgreementPage.objects.filter(pk=agreement.pk).update(end_year=end_year)
    revision.content["end_year"] = end_year
    revision.save(update_fields=["content"])
    agreement.end_year = end_year
    return True


def fill_agreements(log):
    """Fill the agreements' profiles; returns {slug of a news or event page: [agreements]}
    for the links, and how many agreements changed."""
    profiles, phases = read_agreement_profiles()
    goals = SustainableDevelopmentGoal.objects.in_bulk()
    agreements = demo_agreements()
    links = {"news": {}, "events": {}}
    changed = 0
    for key, agreement in agreements.items():
        profile = profiles.get(key, {})
        phase_defaults = phases.get(key[0], {})
        if not profile and not phase_defaults:
            continue
        if not profile and _end_year_alone(agreement, phase_defaults.get("end_year")):
            changed += 1
            continue
        changed += save_filled(agreement, _agreement_fill(profile, phase_defaults, goals))
        for kind in links:
            for slug in profile.get(kind, []):
                links[kind].setdefault(slug, []).append(agreement)
    for key in profiles.keys() - agreements.keys():
        log(f"  profile without its agreement: {key}")
    return links, changed


def _links_fill(agreements):
    def fill(page):
        if page.agreement_links.all():
            return False  # an editor's choice, or ours from an earlier load
        link = page._meta.get_field("agreement_links").related_model
        page.agreement_links = [
            link(agreement=agreement, sort_order=order)
            for order, agreement in enumerate(agreements)
        ]
        return True

    return fill


def link_pages(links):
    """Link the news and events to the agreements they are about, where a page links none."""
    changed = 0
    for model, by_slug in ((NewsPage, links["news"]), (EventPage, links["events"])):
        for page in model.objects.filter(slug_en__in=by_slug):
            changed += save_filled(page, _links_fill(by_slug[page.slug_en]))
    return changed


# --- Partners ----------------------------------------------------------------------------


def _partner_fill(facts, description, image):
    def fill(partner):
        changed = False
        if facts:
            for field_name, value in facts.items():
                changed |= _fill(partner, field_name, value)
        if description:
            changed |= _fill_translations(partner, "description", description)
        if image is not None and partner.photo_id is None:
            partner.photo = image
            changed = True
        if image is not None and is_locator(partner.photo):
            # Only our own picture gets our credit and description: an editor's photo has
            # its own.
            changed |= _fill_translations(partner, "photo_credit", PHOTO_CREDIT)
            changed |= _fill_translations(partner, "photo_alt", _photo_alt(partner))
        return changed

    return fill


def _photo_alt(partner):
    alts = {}
    for code, sentence in PHOTO_ALT.items():
        place = getattr(partner, languages.localized_field("name", code), "") or partner.name_en
        country = languages.country_name(partner.country_id, code)
        alts[code] = sentence.format(place=place, country=country)
    return alts


def fill_partners(log):
    """Fill the partners' facts, descriptions and pictures; returns (changed, images drawn)."""
    facts = read_partner_facts()
    descriptions = read_partner_descriptions()
    changed = drawn = 0
    found = set()
    for partner in Partner.objects.select_related("photo").order_by("pk"):
        image, created = locator_image(partner)
        drawn += created
        partner_facts = _for_partner(facts, partner)
        description = _for_partner(descriptions, partner)
        found.update(
            key
            for key in (
                ((partner.name_en or "").casefold(), partner.country_id, partner.kind),
                ((partner.name_en or "").casefold(), partner.country_id, ""),
            )
        )
        changed += save_filled(partner, _partner_fill(partner_facts, description, image))
    for key in (facts.keys() | descriptions.keys()) - found:
        log(f"  partner facts without their partner: {key}")
    return changed, drawn


@transaction.atomic
def build_profiles(stdout=None):
    """Fill the profiles of agreements and partners, and the links of news and events to
    agreements; returns how many items were created (the locator images)."""

    def log(message):
        if stdout:
            stdout.write(message)

    with translation.override(languages.default_language()):
        links, agreements = fill_agreements(log)
        pages = link_pages(links)
        with partners_indexed_once():
            partners, drawn = fill_partners(log)
    log(
        f"  profiles: {agreements} agreements, {partners} partners and {pages} news and "
        f"events filled; {drawn} locator maps drawn"
    )
    return drawn
