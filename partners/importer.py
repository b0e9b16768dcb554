"""Import agreements from tabular rows (the columns of partners/data/pairings.csv).

Columns: kind, eu_side, eu_countries, partner_side, partner_countries, region, programme,
themes, start_year, source. Several members of one side, and several themes, are separated by
``;``. Countries are ISO 3166-1 alpha-2 codes, one per member or one for the whole side.

Every row is checked before anything is written; one bad row means nothing is written.
Re-importing the same rows changes nothing; a changed row updates its agreement's facts and
keeps the agreement's translations.
"""

import csv
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import override

from iurc.models import ProgrammePhasePage
from regions.models import Country, RegionPage

# Columns a file must have; "themes", "start_year" and "source" may be missing or empty.
REQUIRED_COLUMNS = (
    "kind",
    "eu_side",
    "eu_countries",
    "partner_side",
    "partner_countries",
    "region",
    "programme",
)
KIND_ALIASES = {
    "city": "city",
    "city pairing": "city",
    "city-to-city": "city",
    "trio": "trio",
    "region": "region",
    "region-to-region": "region",
}
YEAR_RANGE = (1990, 2100)


class ImportFileError(Exception):
    """The file as a whole cannot be read (wrong format, missing columns)."""


@dataclass
class RowError:
    line: int
    message: str

    def __str__(self):
        return _("Line %(line)s: %(message)s") % {"line": self.line, "message": self.message}


@dataclass
class AgreementRow:
    line: int
    kind: str
    eu_side: list  # [(name, country code)]
    partner_side: list
    region: object
    programme: object
    themes: list
    start_year: int | None
    source: str

    @property
    def key(self):
        def side(members):
            return ",".join(f"{name.casefold()}@{code}" for name, code in members)

        programme = self.programme.acronym.casefold()
        return f"{self.kind}|{programme}|{side(self.eu_side)}|{side(self.partner_side)}"

    @property
    def title(self):
        def names(members):
            return ", ".join(name for name, _code in members)

        return f"{names(self.eu_side)} – {names(self.partner_side)}"


@dataclass
class ImportReport:
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors


def read_csv(file):
    """(line number, row dict) pairs from a CSV file object or text; line 1 is the header."""
    if isinstance(file, bytes):
        file = file.decode("utf-8-sig")
    if isinstance(file, str):
        file = io.StringIO(file)
    reader = csv.DictReader(file)
    if reader.fieldnames is None:
        raise ImportFileError(_("The file is empty."))
    header = [name.strip().lstrip("\ufeff").lower() for name in reader.fieldnames]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise ImportFileError(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
    reader.fieldnames = header
    for row in reader:
        yield reader.line_num, {key: (value or "").strip() for key, value in row.items() if key}


def _split(value):
    return [part.strip() for part in value.split(";") if part.strip()]


class RowParser:
    """Turns raw rows into AgreementRows, collecting every problem with its line number."""

    def __init__(self):
        self.countries = set(Country.objects.values_list("code", flat=True))
        self.regions = {}
        for region in RegionPage.objects.all():
            for name in {region.title_en, region.slug_en}:
                if name:
                    self.regions[name.casefold()] = region
        self.phases = {
            phase.acronym.casefold(): phase for phase in ProgrammePhasePage.objects.all()
        }

    def side(self, line, names_value, countries_value, label, errors):
        names = _split(names_value)
        codes = [code.upper() for code in _split(countries_value)]
        if not names:
            errors.append(RowError(line, _("The %(side)s is missing.") % {"side": label}))
            return []
        if len(codes) == 1 and len(names) > 1:
            codes = codes * len(names)
        if len(codes) != len(names):
            errors.append(
                RowError(
                    line,
                    _("The %(side)s has %(names)s names but %(codes)s country codes.")
                    % {"side": label, "names": len(names), "codes": len(codes)},
                )
            )
            return []
        unknown = [code for code in codes if code not in self.countries]
        for code in unknown:
            errors.append(RowError(line, _("Unknown country code “%(code)s”.") % {"code": code}))
        return [] if unknown else list(zip(names, codes, strict=True))

    def parse(self, line, row):
        errors = []
        kind = KIND_ALIASES.get(row.get("kind", "").casefold())
        if kind is None:
            errors.append(
                RowError(
                    line,
                    _("Unknown kind “%(kind)s”: use city, trio or region.")
                    % {"kind": row.get("kind", "")},
                )
            )
        eu_side = self.side(
            line, row.get("eu_side", ""), row.get("eu_countries", ""), _("EU side"), errors
        )
        partner_side = self.side(
            line,
            row.get("partner_side", ""),
            row.get("partner_countries", ""),
            _("partner side"),
            errors,
        )
        region = self.regions.get(row.get("region", "").casefold())
        if region is None:
            errors.append(
                RowError(
                    line, _("Unknown region “%(region)s”.") % {"region": row.get("region", "")}
                )
            )
        programme = self.phases.get(row.get("programme", "").casefold())
        if programme is None:
            errors.append(
                RowError(
                    line,
                    _("Unknown programme “%(programme)s”.")
                    % {"programme": row.get("programme", "")},
                )
            )
        start_year = None
        year = row.get("start_year", "")
        if year:
            if not year.isdigit() or not YEAR_RANGE[0] <= int(year) <= YEAR_RANGE[1]:
                errors.append(
                    RowError(
                        line,
                        _("Bad start year “%(year)s”: use a year between %(low)s and %(high)s.")
                        % {"year": year, "low": YEAR_RANGE[0], "high": YEAR_RANGE[1]},
                    )
                )
            else:
                start_year = int(year)
        if kind == "trio" and eu_side and partner_side and len(eu_side) + len(partner_side) != 3:
            errors.append(RowError(line, _("A trio has three partners in all.")))
        if errors:
            return None, errors
        return (
            AgreementRow(
                line=line,
                kind=kind,
                eu_side=eu_side,
                partner_side=partner_side,
                region=region,
                programme=programme,
                themes=_split(row.get("themes", "")),
                start_year=start_year,
                source=row.get("source", ""),
            ),
            [],
        )


def validate(numbered_rows):
    """Parse every row; returns an ImportReport with rows and errors (nothing is written)."""
    report = ImportReport()
    parser = RowParser()
    seen = {}
    for line, raw in numbered_rows:
        if not any(raw.values()):
            continue
        row, errors = parser.parse(line, raw)
        report.errors.extend(errors)
        if row is None:
            continue
        if row.key in seen:
            report.errors.append(
                RowError(
                    line,
                    _("Duplicate row: the same agreement is on line %(line)s.")
                    % {"line": seen[row.key]},
                )
            )
            continue
        seen[row.key] = line
        report.rows.append(row)
    return report


def import_rows(numbered_rows, index_page, dry_run=False, progress=None):
    """Validate, then (unless ``dry_run`` or any error) write all rows in one transaction."""
    from partners.writer import AgreementWriter

    report = validate(numbered_rows)
    if not report.ok:
        return report
    writer = AgreementWriter(index_page)
    with transaction.atomic(), override("en"):
        for number, row in enumerate(report.rows, start=1):
            outcome = writer.plan(row)
            getattr(report, outcome).append(row)
            if not dry_run and outcome != "unchanged":
                writer.write(row)
            if progress:
                progress(number, len(report.rows))
        if dry_run:
            transaction.set_rollback(True)
    return report


def unique_slug(parent, title):
    """A slug for a new child of ``parent`` not used by a sibling."""
    base = slugify(title)[:200] or "agreement"
    taken = set(parent.get_children().values_list("slug_en", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug
