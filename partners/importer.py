"""Import agreements from a CSV or XLSX file (the columns of partners/data/pairings.csv).

Columns: kind, eu_side, eu_countries, partner_side, partner_countries, region, programme,
themes, start_year, source, and the partners' coordinates eu_latitude, eu_longitude,
partner_latitude, partner_longitude. Several members of one side, and several themes, are
separated by ``;``. Countries are ISO 3166-1 alpha-2 codes, one per member or one for the whole
side. Coordinates are decimal degrees, one per member in the order of the names (an empty place
between two ``;`` leaves that member to be found in GeoNames, see ``partners.geonames``).
Themes are the curated themes of the admin, by name or by a former name.

An unknown value is reported with the nearest valid ones ("did you mean") and the list of valid
values (``ValidValues``, which the template files of the admin list too).

Every row is checked before anything is written; one bad row means nothing is written.
Re-importing the same rows changes nothing; a changed row updates its agreement's facts and
keeps the agreement's translations.
"""

import csv
import difflib
import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from iurc.core.languages import country_name
from iurc.core.links import validate_url
from iurc.core.search import fold
from iurc.phases.models import ProgrammePhasePage
from partners.agreements import Theme
from partners.themes import theme_lookup
from regions.models import Country, RegionPage

# Columns a file must have; "themes", "start_year", "source" and the coordinates may be
# missing or empty.
REQUIRED_COLUMNS = (
    "kind",
    "eu_side",
    "eu_countries",
    "partner_side",
    "partner_countries",
    "region",
    "programme",
)
COORDINATE_COLUMNS = ("eu_latitude", "eu_longitude", "partner_latitude", "partner_longitude")
# Every column, in the order of the template files.
COLUMNS = (*REQUIRED_COLUMNS, "themes", "start_year", "source", *COORDINATE_COLUMNS)
KIND_ALIASES = {
    "city": "city",
    "city pairing": "city",
    "city-to-city": "city",
    "trio": "trio",
    "region": "region",
    "region-to-region": "region",
}
YEAR_RANGE = (1990, 2100)
COORDINATE_RANGES = {"latitude": (-90, 90), "longitude": (-180, 180)}
# Codes people write for a country whose ISO code is another (the EU writes Greece "EL").
COUNTRY_CODE_ALIASES = {"UK": "GB", "EL": "GR"}
# The EU side of an agreement is in the EU (the 27 member states), the partner side is not.
EU_MEMBER_STATES = frozenset(
    {
        *("AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU"),
        *("IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"),
    }
)

# Limits that keep a mistaken or hostile file from exhausting memory or time.
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # an XLSX is a zip: what it holds once unpacked
MAX_ROWS = 5000
MAX_SHEET_LINES = 100_000  # blank rows included
MAX_COLUMNS = 50
# Lengths of the columns the rows are written to (partners.models).
MAX_NAME = 200
MAX_THEME = 120
MAX_TITLE = 255
MAX_KEY = 500
MAX_SOURCE = 500

EXTRA_CELLS = "_extra_cells"


class ImportFileError(Exception):
    """The file as a whole cannot be read (wrong format, missing columns, too large)."""


@dataclass
class RowError:
    line: int
    message: str

    def __str__(self):
        return _("Line %(line)s: %(message)s") % {"line": self.line, "message": self.message}


def normalise_key(key):
    """The key with each side's members sorted: listing them in another order is no change."""
    parts = key.split("|")
    if len(parts) != 4:
        return key
    kind, programme, eu_side, partner_side = parts
    eu_side, partner_side = (",".join(sorted(side.split(","))) for side in (eu_side, partner_side))
    return f"{kind}|{programme}|{eu_side}|{partner_side}"


@dataclass
class AgreementRow:
    line: int
    kind: str
    eu_side: list  # [(name, country code)]
    partner_side: list
    region: object
    programme: object
    themes: list  # Theme instances
    start_year: int | None
    source: str
    # The coordinates the file gives each member, in the order of its side: (latitude,
    # longitude) or None.
    eu_locations: list = field(default_factory=list)
    partner_locations: list = field(default_factory=list)
    # Set by import_rows: "created", "updated" or "unchanged", and the fields an update changes.
    outcome: str = ""
    changes: list = field(default_factory=list)

    @property
    def key(self):
        def side(members):
            return ",".join(f"{name.casefold()}@{code}" for name, code in members)

        programme = self.programme.acronym.casefold()
        return f"{self.kind}|{programme}|{side(self.eu_side)}|{side(self.partner_side)}"

    @property
    def match_key(self):
        return normalise_key(self.key)

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
    # Set by import_rows: partners given coordinates ("Name (CC)"), from the file and from
    # GeoNames, and those the import leaves without any.
    located_from_file: list = field(default_factory=list)
    located_from_geonames: list = field(default_factory=list)
    unlocated: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors


# --- Reading files -------------------------------------------------------------------------


def _column_name(value):
    name = "" if value is None else str(value)
    return name.strip().lstrip("\ufeff").strip().casefold().replace(" ", "_").replace("-", "_")


def _cell_text(value):
    """A spreadsheet cell as the text a CSV would hold (2017.0 is "2017")."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if hasattr(value, "isoformat"):
        value = value.isoformat()
    return str(value).strip()


def _rows_with_header(numbered_cells):
    """(line, row dict) pairs from (line, list of cells) pairs; the first non-empty is the header.

    Cells beyond the header's columns are kept under EXTRA_CELLS when they hold something.
    """
    header = None
    rows = []
    for line, cells in numbered_cells:
        cells = [_cell_text(cell) for cell in cells]
        if not any(cells):
            continue
        if header is None:
            header = [_column_name(cell) for cell in cells]
            while header and not header[-1]:
                header.pop()
            _check_header(header)
            continue
        if len(rows) >= MAX_ROWS:
            raise ImportFileError(
                _("The file has more than %(rows)s rows: split it into smaller files.")
                % {"rows": MAX_ROWS}
            )
        row = {name: value for name, value in zip(header, cells, strict=False) if name}
        extra = [cell for cell in cells[len(header) :] if cell]
        if extra:
            row[EXTRA_CELLS] = extra
        rows.append((line, row))
    if header is None:
        raise ImportFileError(_("The file is empty."))
    if not rows:
        raise ImportFileError(_("The file has a header but no agreements."))
    return rows


def _check_header(header):
    seen = set()
    for name in header:
        if name and name in seen:
            raise ImportFileError(_("The column “%(column)s” appears twice.") % {"column": name})
        seen.add(name)
    missing = [name for name in REQUIRED_COLUMNS if name not in seen]
    if missing:
        raise ImportFileError(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})


def _delimiter(text):
    """Comma, semicolon or tab: whichever the header line uses most (column names hold none)."""
    header_line = next((line for line in text.splitlines() if line.strip()), "")
    return max([",", ";", "\t"], key=header_line.count)


def read_csv(file):
    """(line number, row dict) pairs from a CSV file object, text or bytes; line 1 is the header.

    Raises ImportFileError when the file cannot be read as CSV with the required columns.
    """
    if isinstance(file, bytes):
        if len(file) > MAX_FILE_BYTES:
            raise _too_large()
        if file.startswith(b"PK\x03\x04"):
            raise ImportFileError(_("This file is an Excel workbook: name it .xlsx."))
        try:
            file = file.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ImportFileError(
                _("The file is not UTF-8 text: save it as “CSV UTF-8”.")
            ) from error
    if not isinstance(file, str):
        file = file.read()
    if "\x00" in file:
        raise ImportFileError(_("The file is not a text file."))
    reader = csv.reader(io.StringIO(file), delimiter=_delimiter(file))

    def numbered_cells():
        end = 0
        try:
            for cells in reader:
                # A quoted cell may span lines: report the line where the row starts.
                yield end + 1, cells
                end = reader.line_num
        except csv.Error as error:
            raise ImportFileError(
                _("Line %(line)s is not valid CSV.") % {"line": reader.line_num}
            ) from error

    return _rows_with_header(numbered_cells())


def read_xlsx(data):
    """(spreadsheet row number, row dict) pairs from the first sheet of an XLSX workbook."""
    from openpyxl import load_workbook

    if len(data) > MAX_FILE_BYTES:
        raise _too_large()
    not_a_workbook = ImportFileError(_("The file is not a readable XLSX workbook."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise not_a_workbook from error
    if unpacked > MAX_UNPACKED_BYTES:
        raise _too_large()
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on malformed files
        raise not_a_workbook from error
    try:
        if not workbook.worksheets:
            raise ImportFileError(_("The file is empty."))
        sheet = workbook.worksheets[0]

        def numbered_cells():
            rows = sheet.iter_rows(min_row=1, max_col=MAX_COLUMNS, values_only=True)
            for line, cells in enumerate(rows, start=1):
                if line > MAX_SHEET_LINES:
                    raise ImportFileError(
                        _("The file has more than %(rows)s rows: split it into smaller files.")
                        % {"rows": MAX_ROWS}
                    )
                yield line, cells

        try:
            return _rows_with_header(numbered_cells())
        except ImportFileError:
            raise
        except Exception as error:  # a sheet that parses as a zip but not as a sheet
            raise not_a_workbook from error
    finally:
        workbook.close()


def read_file(data, filename):
    """Rows of an uploaded file, read as CSV or XLSX according to its extension."""
    if len(data) > MAX_FILE_BYTES:
        raise _too_large()
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    suffix = PurePath(filename or "").suffix.lower()
    if suffix == ".xlsx":
        return read_xlsx(data)
    if suffix == ".csv":
        return read_csv(data)
    if suffix == ".xls":
        raise ImportFileError(
            _("Old Excel .xls files cannot be read: save the sheet as .xlsx or “CSV UTF-8”.")
        )
    raise ImportFileError(
        _("“%(name)s” is not a CSV or XLSX file: use a .csv or .xlsx file.")
        % {"name": PurePath(filename or "").name}
    )


def _too_large():
    return ImportFileError(
        _("The file is too large: at most %(size)s MB.") % {"size": MAX_FILE_BYTES // 1024**2}
    )


# --- Checking rows -------------------------------------------------------------------------


def _split(value):
    return [part.strip() for part in value.split(";") if part.strip()]


def _quoted(values):
    return ", ".join(f"“{value}”" for value in values)


def nearest(value, choices, limit=3):
    """The labels of ``choices`` ({label: names it goes by}) nearest ``value``, best first.

    Compared without case, diacritics or punctuation ("Latin Amerika" is near "Latin
    America"); a choice that shares a word of four letters or more is near too ("transport"
    is near "Non-motorised transport").
    """
    wanted = fold(value)
    words = {word for word in wanted.split() if len(word) >= 4}
    scored = {}
    for label, names in choices.items():
        for name in names:
            folded = fold(name)
            score = difflib.SequenceMatcher(None, wanted, folded).ratio()
            if words & set(folded.split()):
                score = max(score, 0.6 + score / 10)
            if score >= 0.6 and score > scored.get(label, 0):
                scored[label] = score
    best = sorted(scored, key=lambda label: (-scored[label], label))
    # Only those about as near as the nearest: "Latin America", not "North America" too.
    return [label for label in best[:limit] if scored[label] >= scored[best[0]] - 0.1]


def unknown_value(message, value, choices, valid=None):
    """``message`` followed by the nearest valid values, then by ``valid`` (a list of the
    valid values) when given."""
    parts = [message]
    suggestions = nearest(value, choices)
    if suggestions:
        parts.append(_("Did you mean %(values)s?") % {"values": _quoted(suggestions)})
    if valid:
        parts.append(_("Valid values: %(values)s.") % {"values": ", ".join(valid)})
    return " ".join(parts)


class ValidValues:
    """What a file's columns may hold, from the database: the errors and the template list
    them."""

    def __init__(self):
        self.countries = sorted(Country.objects.values_list("code", flat=True))
        self.regions = {}  # folded title or slug -> region
        self.region_names = {}  # English title -> names it goes by
        for region in RegionPage.objects.order_by("title_en"):
            names = [name for name in dict.fromkeys([region.title_en, region.slug_en]) if name]
            self.region_names[region.title_en or region.slug_en] = names
            for name in names:
                self.regions[fold(name)] = region
        self.phases = {}
        for phase in ProgrammePhasePage.objects.order_by("acronym"):
            if phase.acronym:
                self.phases[phase.acronym.casefold()] = phase
        self.programmes = sorted({phase.acronym for phase in self.phases.values()})
        themes = list(Theme.objects.order_by("name_en"))
        self.themes = theme_lookup(themes)
        self.theme_names = {
            theme.name_en: [theme.name_en, *theme.former_names.splitlines()] for theme in themes
        }
        self.kinds = sorted(set(KIND_ALIASES.values()))

    def country_choices(self):
        """{“code” (English name): names it goes by}, for suggestions."""
        if not hasattr(self, "_country_choices"):
            self._country_choices = {}
            for code in self.countries:
                name = country_name(code, "en")
                self._country_choices[f"{code} ({name})"] = [code, name]
        return self._country_choices

    def as_columns(self):
        """[(column, [valid values])] for the template's list."""
        return [
            ("kind", self.kinds),
            ("region", list(self.region_names)),
            ("programme", self.programmes),
            ("themes", list(self.theme_names)),
            (
                "eu_countries",
                [
                    f"{code} ({country_name(code, 'en')})"
                    for code in self.countries
                    if code in EU_MEMBER_STATES
                ],
            ),
            (
                "partner_countries",
                [
                    f"{code} ({country_name(code, 'en')})"
                    for code in self.countries
                    if code not in EU_MEMBER_STATES
                ],
            ),
        ]


def _coordinate(text):
    """A decimal number of degrees from a cell ("38.7223", "-9,1393"), or None."""
    text = text.strip().replace("−", "-")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


class RowParser:
    """Turns raw rows into AgreementRows, collecting every problem with its line number."""

    def __init__(self):
        self.valid = ValidValues()
        self.countries = set(self.valid.countries)

    def unknown_country(self, code):
        message = _("Unknown country code “%(code)s”.") % {"code": code}
        alias = COUNTRY_CODE_ALIASES.get(code)
        if alias in self.countries:
            return " ".join([message, _("Did you mean %(values)s?") % {"values": _quoted([alias])}])
        return unknown_value(message, code, self.valid.country_choices())

    def side(self, line, names_value, countries_value, label, in_eu, errors):
        names = _split(names_value)
        codes = [code.upper() for code in _split(countries_value)]
        if not names:
            errors.append(RowError(line, _("The %(side)s is missing.") % {"side": label}))
            return []
        if not codes:
            errors.append(
                RowError(
                    line, _("The country codes of the %(side)s are missing.") % {"side": label}
                )
            )
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
        problems = len(errors)
        for code in dict.fromkeys(codes):
            if code not in self.countries:
                errors.append(RowError(line, self.unknown_country(code)))
            elif in_eu and code not in EU_MEMBER_STATES:
                errors.append(
                    RowError(
                        line,
                        _("“%(code)s” is not an EU member state: the EU side lists EU partners.")
                        % {"code": code},
                    )
                )
            elif not in_eu and code in EU_MEMBER_STATES:
                errors.append(
                    RowError(
                        line,
                        _(
                            "“%(code)s” is an EU member state: the partner side lists partners "
                            "outside the EU."
                        )
                        % {"code": code},
                    )
                )
        seen = set()
        for name in names:
            if len(name) > MAX_NAME:
                errors.append(
                    RowError(
                        line,
                        _("The name “%(name)s…” is longer than %(max)s characters.")
                        % {"name": name[:40], "max": MAX_NAME},
                    )
                )
            elif name.casefold() in seen:
                errors.append(RowError(line, _("“%(name)s” is listed twice.") % {"name": name}))
            seen.add(name.casefold())
        if len(errors) > problems:
            return []
        return list(zip(names, codes, strict=True))

    def locations(self, line, row, prefix, members, label, errors):
        """The coordinates of the file for each of ``members``: (latitude, longitude) or
        None, in the members' order; [] when the row gives none for this side."""
        cells = {
            axis: row.get(f"{prefix}_{axis}", "").strip() for axis in ("latitude", "longitude")
        }
        if not any(cells.values()) or not members:
            return []
        problems = len(errors)
        values = {}
        for axis, cell in cells.items():
            column = f"{prefix}_{axis}"
            if not cell:  # the other column has values: each member is told below
                values[axis] = [None] * len(members)
                continue
            parts = [part.strip() for part in cell.split(";")]
            if len(parts) != len(members):
                errors.append(
                    RowError(
                        line,
                        _(
                            "The %(side)s has %(names)s names but %(values)s values in "
                            "“%(column)s”: give one per name, separated by “;”."
                        )
                        % {
                            "side": label,
                            "names": len(members),
                            "values": len(parts),
                            "column": column,
                        },
                    )
                )
                continue
            low, high = COORDINATE_RANGES[axis]
            numbers = []
            for part in parts:
                number = _coordinate(part) if part else None
                if part and (number is None or not low <= number <= high):
                    errors.append(
                        RowError(
                            line,
                            _(
                                "“%(value)s” in “%(column)s” is not a number of degrees "
                                "between %(low)s and %(high)s."
                            )
                            % {"value": part[:40], "column": column, "low": low, "high": high},
                        )
                    )
                numbers.append(number.quantize(Decimal("0.000001")) if number is not None else None)
            values[axis] = numbers
        if len(errors) > problems:
            return []
        located = []
        for (name, _code), latitude, longitude in zip(
            members, values["latitude"], values["longitude"], strict=True
        ):
            if (latitude is None) != (longitude is None):
                errors.append(
                    RowError(
                        line,
                        _("“%(name)s” needs both a latitude and a longitude, or neither.")
                        % {"name": name},
                    )
                )
            located.append(None if latitude is None else (latitude, longitude))
        return [] if len(errors) > problems else located

    def lookup(self, line, value, table, missing, unknown, errors):
        if not value:
            errors.append(RowError(line, missing))
            return None
        found = table.get(value.casefold())
        if found is None:
            errors.append(RowError(line, unknown))
        return found

    def themes(self, line, value, errors):
        themes = []
        for name in _split(value):
            if len(name) > MAX_THEME:
                errors.append(
                    RowError(
                        line,
                        _("The theme “%(theme)s…” is longer than %(max)s characters.")
                        % {"theme": name[:40], "max": MAX_THEME},
                    )
                )
                continue
            theme = self.valid.themes.get(fold(name))
            if theme is None:
                message = _(
                    "Unknown theme “%(theme)s”: themes are chosen from those of the admin "
                    "(Partners → Themes)."
                ) % {"theme": name}
                errors.append(
                    RowError(
                        line,
                        unknown_value(
                            message, name, self.valid.theme_names, list(self.valid.theme_names)
                        ),
                    )
                )
            # One theme named twice ("Mobility; Urban mobility" when one absorbed the
            # other) is one theme.
            elif theme not in themes:
                themes.append(theme)
        return themes

    def parse(self, line, row):
        errors = []
        if row.get(EXTRA_CELLS):
            errors.append(
                RowError(
                    line,
                    _(
                        "This row has more cells than the header has columns: are several "
                        "names separated by commas instead of “;”, without quotes?"
                    ),
                )
            )
        kind_value = row.get("kind", "")
        kind = self.lookup(
            line,
            kind_value,
            KIND_ALIASES,
            _("The kind is missing: use city, trio or region."),
            unknown_value(
                _("Unknown kind “%(kind)s”: use city, trio or region.") % {"kind": kind_value},
                kind_value,
                {alias: [alias] for alias in KIND_ALIASES},
            ),
            errors,
        )
        eu_side = self.side(
            line,
            row.get("eu_side", ""),
            row.get("eu_countries", ""),
            _("EU side"),
            True,
            errors,
        )
        partner_side = self.side(
            line,
            row.get("partner_side", ""),
            row.get("partner_countries", ""),
            _("partner side"),
            False,
            errors,
        )
        region_value = row.get("region", "")
        region = self.lookup(
            line,
            fold(region_value),
            self.valid.regions,
            _("The region is missing."),
            unknown_value(
                _("Unknown region “%(region)s”.") % {"region": region_value},
                region_value,
                self.valid.region_names,
                list(self.valid.region_names),
            ),
            errors,
        )
        programme_value = row.get("programme", "")
        programme = self.lookup(
            line,
            programme_value,
            self.valid.phases,
            _("The programme is missing."),
            unknown_value(
                _("Unknown programme “%(programme)s”.") % {"programme": programme_value},
                programme_value,
                {acronym: [acronym] for acronym in self.valid.programmes},
                self.valid.programmes,
            ),
            errors,
        )
        eu_locations = self.locations(line, row, "eu", eu_side, _("EU side"), errors)
        partner_locations = self.locations(
            line, row, "partner", partner_side, _("partner side"), errors
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
        themes = self.themes(line, row.get("themes", ""), errors)
        source = row.get("source", "")
        if source:
            try:
                if len(source) > MAX_SOURCE:
                    raise ValidationError("too long")
                validate_url(source)
            except ValidationError:
                errors.append(
                    RowError(
                        line,
                        _(
                            "The source “%(source)s” is not a web address starting with "
                            "http:// or https://, nor an e-mail link starting with mailto: (at "
                            "most %(max)s characters)."
                        )
                        % {"source": source[:80], "max": MAX_SOURCE},
                    )
                )
        if kind == "trio" and eu_side and partner_side and len(eu_side) + len(partner_side) != 3:
            errors.append(RowError(line, _("A trio has three partners in all.")))
        if errors:
            return None, errors
        agreement = AgreementRow(
            line=line,
            kind=kind,
            eu_side=eu_side,
            partner_side=partner_side,
            region=region,
            programme=programme,
            themes=themes,
            start_year=start_year,
            source=source,
            eu_locations=eu_locations,
            partner_locations=partner_locations,
        )
        if len(agreement.title) > MAX_TITLE or len(agreement.key) > MAX_KEY:
            return None, [
                RowError(
                    line,
                    _(
                        "The names are too long for one agreement: its title would be longer "
                        "than %(max)s characters."
                    )
                    % {"max": MAX_TITLE},
                )
            ]
        return agreement, []


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
        if row.match_key in seen:
            report.errors.append(
                RowError(
                    line,
                    _("Duplicate row: the same agreement is on line %(line)s.")
                    % {"line": seen[row.match_key]},
                )
            )
            continue
        seen[row.match_key] = line
        report.rows.append(row)
    return report
