"""The agreement importer and ``manage.py import_agreements``: CSV and XLSX, every error kind
with its line, all or nothing, idempotence, updates that keep translations."""

import io
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from wagtail.models import Page, Revision

from iurc.demo.builder import PAIRINGS_CSV
from partners.importer import (
    MAX_FILE_BYTES,
    ImportFileError,
    read_csv,
    read_file,
    validate,
)
from partners.management.commands.import_agreements import Command
from partners.models import (
    AgreementEUMember,
    AgreementPage,
    ListedAgreement,
    ListedAgreementCountry,
    Partner,
    Theme,
)
from partners.themes import read_curated_themes
from partners.writer import import_rows
from tests.built_once import site_fixture
from tests.factories import (
    AgreementIndexPageFactory,
    publish,
)
from tests.support import HEADER, build_site, csv_text, row, xlsx_bytes

PAIRINGS_ROWS = 71
VALID_REGIONS = "Valid values: Asia & Australasia, China, Latin America, North America."


@site_fixture
def site(home):
    return build_site(home)


def run(text, site, **kwargs):
    return import_rows(read_csv(text), site.index, **kwargs)


def messages(report):
    return [str(error) for error in report.errors]


def counts():
    return {
        "agreements": AgreementPage.objects.count(),
        "partners": Partner.objects.count(),
        "themes": Theme.objects.count(),
        "revisions": Revision.objects.count(),
        "pages": Page.objects.count(),
    }


# --- pairings.csv --------------------------------------------------------------------------


def test_the_demo_pairings_file_imports_every_row_once(site):
    data = PAIRINGS_CSV.read_bytes()

    report = import_rows(read_file(data, PAIRINGS_CSV.name), site.index)

    assert report.ok, messages(report)
    assert len(report.created) == PAIRINGS_ROWS
    agreements = AgreementPage.objects.child_of(site.index)
    assert agreements.live().count() == PAIRINGS_ROWS
    trio = agreements.get(title_en="Zagreb, Rijeka – Kawasaki")
    assert trio.kind == "trio"
    assert [m.partner.name for m in trio.eu_members.all()] == ["Zagreb", "Rijeka"]
    assert trio.programme_phase == site.phases["IURC"]
    assert trio.region.specific == site.regions["Asia & Australasia"]
    assert trio.start_year == 2021
    umea = agreements.get(title_en="Umeå – Kamakura")
    # The file's "Smart city" is a former name of a curated theme.
    assert sorted(umea.themes.values_list("name_en", flat=True)) == [
        "Digital and smart cities",
        "Social inclusion",
    ]
    assert Theme.objects.count() == len(read_curated_themes())
    # Every theme of the file is a curated one, by its name or a former name.
    used = set(AgreementPage.themes.through.objects.values_list("theme__name_en", flat=True))
    assert used <= {theme.name for theme in read_curated_themes()}
    assert len(used) >= 10
    before = counts()

    again = import_rows(read_file(data, PAIRINGS_CSV.name), site.index)

    assert (len(again.created), len(again.updated), len(again.unchanged)) == (0, 0, 71)
    assert counts() == before


def times_analyzed(model):
    """How many times ``model``'s table was analyzed, by anyone (its planner statistics)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute("SELECT pg_stat_get_analyze_count(%s::regclass)", [model._meta.db_table])
        return cursor.fetchone()[0]


ANALYZED = (AgreementPage, ListedAgreement, ListedAgreementCountry, AgreementEUMember, Partner)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="planner statistics of PostgreSQL")
def test_an_import_leaves_the_planner_statistics_of_what_it_wrote_current(site):
    text = csv_text(row(), row(eu_side="Porto", partner_side="Da Nang"))
    before = {model: times_analyzed(model) for model in ANALYZED}

    assert run(text, site, dry_run=True).ok
    assert {model: times_analyzed(model) for model in ANALYZED} == before
    assert len(run(text, site).created) == 2

    for model in ANALYZED:
        assert times_analyzed(model) > before[model], model
    # ANALYZE counts the rows this transaction wrote: the planner knows their number.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE oid = %s::regclass",
            [ListedAgreement._meta.db_table],
        )
        assert cursor.fetchone()[0] == ListedAgreement.objects.count()


# --- Reading CSV and XLSX ------------------------------------------------------------------


def test_an_xlsx_sheet_imports_like_the_csv(site):
    data = xlsx_bytes(
        row(start_year=2021),  # a number cell, as a spreadsheet stores years
        row(eu_side="Porto", partner_side="Da Nang", start_year=2022.0, themes=""),
    )

    report = import_rows(read_file(data, "agreements.xlsx"), site.index)

    assert report.ok, messages(report)
    assert [(r.title, r.start_year) for r in report.created] == [
        ("Lisbon – Hanoi", 2021),
        ("Porto – Da Nang", 2022),
    ]
    assert AgreementPage.objects.get(title_en="Porto – Da Nang").start_year == 2022


def test_xlsx_errors_carry_the_spreadsheet_row_number(site):
    # Header on row 2, a blank row 4: the bad row is the sheet's row 5.
    data = xlsx_bytes(row(), [], row(eu_countries="XX"), start_row=2)

    report = validate(read_file(data, "agreements.xlsx"))

    assert messages(report) == ["Line 5: Unknown country code “XX”."]


def test_semicolon_separated_csv_and_header_spelling_are_accepted(site):
    header = ["Kind", "EU side", "EU countries", "Partner side", "Partner countries"]
    header += ["Region", "Programme", "Themes", "Start year", "Source"]
    values = row(eu_side="Velletri; Rome", eu_countries="IT")
    text = csv_text([values[name] for name in HEADER], header=header, delimiter=";")

    report = run(text, site)

    assert report.ok, messages(report)
    assert report.created[0].eu_side == [("Velletri", "IT"), ("Rome", "IT")]


def test_csv_line_numbers_count_blank_lines_and_quoted_line_breaks(site):
    text = csv_text(row(source="")) + "\n" + 'city,"Porto\nNorte",PT,Hue,VN,Nowhere,IURC,,,\n'

    report = validate(read_csv(text))

    assert messages(report) == [f"Line 4: Unknown region “Nowhere”. {VALID_REGIONS}"]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "agreements.csv", "The file is empty."),
        (b" \n\n", "agreements.csv", "The file is empty."),
        (b"\x00\x01\x02\x03" * 8, "agreements.csv", "not a text file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "agreements.csv", "not UTF-8 text"),
        ("kind,eu_side\nCity,Köln\n".encode("latin-1"), "agreements.csv", "not UTF-8 text"),
        (b"PK\x03\x04junk", "agreements.csv", "is an Excel workbook: name it .xlsx"),
        (b"kind,eu_side\ncity,Rome\n", "agreements.csv", "Missing columns: eu_countries"),
        (csv_text().encode(), "agreements.csv", "a header but no agreements"),
        (
            csv_text(header=(*HEADER, "region")).encode(),
            "agreements.csv",
            "The column “region” appears twice.",
        ),
        (b"not a zip at all", "agreements.xlsx", "not a readable XLSX workbook"),
        (b"PK\x03\x04 truncated zip", "agreements.xlsx", "not a readable XLSX workbook"),
        (csv_text(row()).encode(), "agreements.pdf", "“agreements.pdf” is not a CSV or XLSX"),
        (csv_text(row()).encode(), "agreements", "is not a CSV or XLSX"),
        (b"\xd0\xcf\x11\xe0", "agreements.xls", "Old Excel .xls files cannot be read"),
        (b"x" * (MAX_FILE_BYTES + 1), "agreements.csv", "The file is too large"),
        (xlsx_bytes(header=("kind", "region")), "agreements.xlsx", "Missing columns"),
        (xlsx_bytes(header=()), "agreements.xlsx", "The file is empty."),
    ],
    ids=[
        "empty",
        "blank",
        "binary",
        "png",
        "latin-1",
        "zip-named-csv",
        "missing-columns",
        "header-only",
        "duplicate-column",
        "junk-xlsx",
        "broken-zip",
        "pdf",
        "no-extension",
        "xls",
        "huge",
        "xlsx-missing-columns",
        "empty-xlsx",
    ],
)
def test_an_unreadable_file_is_one_clear_error(data, name, message):
    with pytest.raises(ImportFileError) as error:
        read_file(data, name)

    assert message in str(error.value)


def test_an_xlsx_that_unpacks_to_too_much_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b" " * (51 * 1024 * 1024))

    with pytest.raises(ImportFileError, match="too large"):
        read_file(buffer.getvalue(), "bomb.xlsx")


def test_a_file_with_too_many_rows_is_refused(monkeypatch):
    monkeypatch.setattr("partners.importer.MAX_ROWS", 3)

    with pytest.raises(ImportFileError, match="more than 3 rows"):
        read_csv(csv_text(*[row(eu_side=f"City {i}") for i in range(4)]))


# --- Every kind of invalid row ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"eu_countries": "XX"}, "Unknown country code “XX”."),
        (
            {"partner_countries": "vn; zz", "partner_side": "Hue; Hanoi"},
            "Unknown country code “ZZ”.",
        ),
        ({"eu_side": "", "eu_countries": ""}, "The EU side is missing."),
        ({"partner_side": " ; ", "partner_countries": ""}, "The partner side is missing."),
        ({"eu_countries": ""}, "The country codes of the EU side are missing."),
        (
            {"eu_side": "Lisbon; Porto; Braga", "eu_countries": "PT; PT"},
            "The EU side has 3 names but 2 country codes.",
        ),
        ({"eu_countries": "US"}, "“US” is not an EU member state"),
        ({"partner_countries": "FR"}, "“FR” is an EU member state"),
        ({"region": "Atlantis"}, "Unknown region “Atlantis”."),
        ({"region": ""}, "The region is missing."),
        ({"programme": "IUC-3"}, "Unknown programme “IUC-3”."),
        ({"programme": ""}, "The programme is missing."),
        ({"kind": "twinning"}, "Unknown kind “twinning”: use city, trio or region."),
        ({"kind": ""}, "The kind is missing"),
        ({"start_year": "2021a"}, "Bad start year “2021a”"),
        ({"start_year": "1989"}, "Bad start year “1989”: use a year between 1990 and 2100."),
        ({"start_year": "-2021"}, "Bad start year “-2021”"),
        ({"kind": "trio"}, "A trio has three partners in all."),
        (
            {"kind": "trio", "eu_side": "Lisbon; Porto; Braga", "eu_countries": "PT"},
            "A trio has three partners in all.",
        ),
        ({"eu_side": "Lisbon; lisbon", "eu_countries": "PT"}, "“lisbon” is listed twice."),
        ({"eu_side": "L" * 201}, "is longer than 200 characters"),
        ({"themes": "T" * 121}, "is longer than 120 characters"),
        ({"source": "www.iurc.eu"}, "The source “www.iurc.eu” is not a web address"),
        ({"source": "javascript:alert(1)"}, "is not a web address"),
        ({"source": "JaVaScRiPt:alert(1)"}, "is not a web address"),
        ({"source": "data:text/html,x"}, "is not a web address"),
        ({"source": "mailto:nobody"}, "nor an e-mail link starting with mailto:"),
        (
            {
                "eu_side": "; ".join(f"City {i:03} with a long name" for i in range(12)),
                "eu_countries": "PT",
            },
            "The names are too long for one agreement",
        ),
    ],
)
def test_each_kind_of_invalid_row_is_reported_with_its_line(site, changes, message):
    text = csv_text(row(eu_side="Porto"), row(**changes))

    report = run(text, site)

    assert len(report.errors) == 1, messages(report)
    assert report.errors[0].line == 3
    assert message in str(report.errors[0])
    assert str(report.errors[0]).startswith("Line 3: ")
    assert AgreementPage.objects.count() == 0


def test_a_source_may_be_a_web_address_or_an_email_link(site):
    text = csv_text(
        row(eu_side="Porto", source="https://iurc.eu/"),
        row(eu_side="Braga", source="mailto:info@iurc.eu"),
    )

    report = validate(read_csv(text))

    assert report.ok, messages(report)


def test_a_row_with_unquoted_commas_is_reported(site):
    shifted = "city,Velletri, Rome,IT,Hanoi,VN,Asia & Australasia,IURC,,2019,https://iurc.eu/\n"
    text = csv_text(row()) + shifted

    report = validate(read_csv(text))

    assert messages(report)[0].startswith("Line 3: This row has more cells than the header")


def test_every_problem_of_every_row_is_reported(site):
    text = csv_text(row(eu_countries="XX", region="Atlantis"), row(eu_side="Porto"), row(kind="?"))

    report = run(text, site)

    assert [(error.line, error.message) for error in report.errors] == [
        (2, "Unknown country code “XX”."),
        (2, f"Unknown region “Atlantis”. {VALID_REGIONS}"),
        (4, "Unknown kind “?”: use city, trio or region."),
    ]


def test_a_duplicate_row_names_the_line_of_the_first(site):
    text = csv_text(
        row(eu_side="Rome; Velletri", eu_countries="IT", start_year="2019"),
        row(eu_side="Porto"),
        row(eu_side="velletri; ROME", eu_countries="it", start_year="2020"),
    )

    report = run(text, site)

    assert messages(report) == ["Line 4: Duplicate row: the same agreement is on line 2."]


def test_error_messages_are_translated(site):
    from django.utils import translation

    with translation.override("vi"):
        report = run(csv_text(row(eu_countries="XX")), site)
        shown = messages(report)

    assert shown == ["Dòng 2: Mã quốc gia không xác định: “XX”."]


# --- All or nothing, dry run, updates ----------------------------------------------------------


def test_one_bad_last_row_means_nothing_is_written(site):
    before = counts()
    rows = [row(eu_side=f"City {i}", themes="Water; Agri-food") for i in range(5)]

    report = run(csv_text(*rows, row(start_year="next year")), site)

    assert messages(report) == [
        "Line 7: Bad start year “next year”: use a year between 1990 and 2100."
    ]
    assert counts() == before


def test_a_failure_while_writing_rolls_back_the_rows_already_written(site, monkeypatch):
    from partners.writer import AgreementWriter

    write = AgreementWriter.write

    def fail_on_third(self, agreement_row):
        if agreement_row.line == 4:
            raise RuntimeError("the database went away")
        return write(self, agreement_row)

    monkeypatch.setattr(AgreementWriter, "write", fail_on_third)
    before = counts()

    with pytest.raises(RuntimeError):
        run(csv_text(*[row(eu_side=f"City {i}") for i in range(4)]), site)

    assert counts() == before


def test_a_dry_run_reports_and_writes_nothing(site):
    before = counts()

    report = run(csv_text(row(), row(eu_side="Porto")), site, dry_run=True)

    assert report.ok
    assert len(report.created) == 2
    assert counts() == before


def test_progress_is_reported_row_by_row(site):
    calls = []

    run(csv_text(row(), row(eu_side="Porto")), site, progress=lambda *args: calls.append(args))

    assert calls == [(1, 2), (2, 2)]


def test_a_changed_row_updates_its_agreement_and_keeps_its_translations(site):
    run(csv_text(row(), row(eu_side="Porto")), site)
    agreement = AgreementPage.objects.get(title_en="Lisbon – Hanoi")
    agreement.title_vi = "Lisbon – Hà Nội"
    agreement.summary_en = "Two capitals work on mobility."
    agreement.summary_vi = "Hai thủ đô hợp tác về giao thông."
    publish(agreement)
    partners = Partner.objects.count()

    changed = row(start_year="2023", themes="Urban mobility; Green hydrogen", region="China")
    # ("Green hydrogen" is a former name of "Climate action and energy".)
    report = run(csv_text(changed, row(eu_side="Porto")), site)

    assert [r.title for r in report.updated] == ["Lisbon – Hanoi"]
    assert report.updated[0].changes == ["region", "start_year", "themes"]
    assert [r.title for r in report.unchanged] == ["Porto – Hanoi"]
    agreement = AgreementPage.objects.get(pk=agreement.pk)
    assert agreement.live and not agreement.has_unpublished_changes
    assert agreement.start_year == 2023
    assert agreement.region.specific == site.regions["China"]
    assert sorted(agreement.themes.values_list("name_en", flat=True)) == [
        "Climate action and energy",
        "Sustainable mobility",
    ]
    assert agreement.title_vi == "Lisbon – Hà Nội"
    assert agreement.summary_vi == "Hai thủ đô hợp tác về giao thông."
    assert agreement.summary_en == "Two capitals work on mobility."
    assert AgreementPage.objects.count() == 2
    assert Partner.objects.count() == partners


def test_an_update_keeps_a_pending_draft_as_the_latest_revision(site):
    run(csv_text(row()), site)
    agreement = AgreementPage.objects.get()
    agreement.summary_vi = "Bản nháp của người dịch."
    agreement.save_revision()  # a translator's draft, not published

    run(csv_text(row(start_year="2024")), site)

    agreement = AgreementPage.objects.get()
    assert agreement.start_year == 2024
    assert agreement.summary_vi in (None, "")
    draft = agreement.get_latest_revision_as_object()
    assert agreement.has_unpublished_changes
    assert draft.summary_vi == "Bản nháp của người dịch."
    assert draft.start_year == 2024


def test_an_update_does_not_publish_an_unpublished_agreement(site):
    run(csv_text(row()), site)
    AgreementPage.objects.get().unpublish()

    report = run(csv_text(row(start_year="2024")), site)

    assert len(report.updated) == 1
    agreement = AgreementPage.objects.get()
    assert not agreement.live
    assert agreement.start_year == 2024


def test_a_theme_named_twice_in_a_row_is_one_theme(site):
    # "Mobility" and "Urban mobility" are former names of one curated theme.
    report = run(csv_text(row(themes="Mobility; Water; mobility; Urban mobility")), site)

    assert report.ok, messages(report)
    agreement = AgreementPage.objects.get()
    assert sorted(agreement.themes.values_list("name_en", flat=True)) == [
        "Sustainable mobility",
        "Water and blue economy",
    ]


def test_members_listed_in_another_order_are_the_same_agreement(site):
    run(csv_text(row(eu_side="Rome; Velletri", eu_countries="IT")), site)

    report = run(csv_text(row(eu_side="Velletri; Rome", eu_countries="IT")), site)

    assert (len(report.created), len(report.unchanged)) == (0, 1)


# --- The management command -------------------------------------------------------------------


def command(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_agreements", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def two_rows(tmp_path):
    path = tmp_path / "agreements.csv"
    path.write_text(csv_text(row(), row(eu_side="Porto")))
    return path


def test_the_command_imports_a_file_and_sums_it_up(site, two_rows):
    out, err = command(two_rows)

    assert out.strip() == "2 created, 0 updated, 0 unchanged."
    assert "agreements.csv: 2 rows, into “Agreements”." in err
    assert AgreementPage.objects.count() == 2

    two_rows.write_text(csv_text(row(start_year="2025"), row(eu_side="Porto")))
    out, _err = command(two_rows)

    assert out.strip() == "0 created, 1 updated, 1 unchanged."
    assert AgreementPage.objects.count() == 2


def test_the_command_dry_run_shows_progress_and_writes_nothing(site):
    out, err = command(PAIRINGS_CSV, "--dry-run")

    assert out.strip() == (
        "Dry run, nothing was written: 71 would be created, 0 updated, 0 unchanged."
    )
    bars = [line for line in err.splitlines() if line.startswith("[")]
    assert bars[-1] == f"[{'#' * 30}] 71/71"
    assert len(bars) == 11  # without a terminal, one line per tenth
    assert AgreementPage.objects.count() == 0


def test_the_command_reads_xlsx(site, tmp_path):
    path = tmp_path / "agreements.xlsx"
    path.write_bytes(xlsx_bytes(row(), row(eu_side="Porto")))

    out, _err = command(path)

    assert out.strip() == "2 created, 0 updated, 0 unchanged."


def test_the_command_reports_every_invalid_row_and_writes_nothing(site, tmp_path):
    path = tmp_path / "agreements.csv"
    path.write_text(csv_text(row(), row(eu_countries="XX"), row(region="Atlantis", kind="x")))
    err = io.StringIO()

    with pytest.raises(CommandError, match="2 invalid rows: nothing was imported."):
        call_command("import_agreements", str(path), stdout=io.StringIO(), stderr=err)

    assert err.getvalue().splitlines()[1:] == [
        "Line 3: Unknown country code “XX”.",
        "Line 4: Unknown kind “x”: use city, trio or region.",
        f"Line 4: Unknown region “Atlantis”. {VALID_REGIONS}",
    ]
    assert AgreementPage.objects.count() == 0


@pytest.fixture
def keep_test_connection(monkeypatch):
    # run_from_argv closes every connection when it ends; the test database must stay open.
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)


def test_the_command_exit_status_is_non_zero_when_anything_is_invalid(
    site, tmp_path, two_rows, keep_test_connection, capsys
):
    bad = tmp_path / "bad.csv"
    bad.write_text(csv_text(row(start_year="soon")))

    with pytest.raises(SystemExit) as exit_status:
        Command().run_from_argv(["manage.py", "import_agreements", str(bad)])

    assert exit_status.value.code == 1
    err = capsys.readouterr().err
    assert "Line 2: Bad start year “soon”" in err
    assert err.strip().endswith("CommandError: 1 invalid row: nothing was imported.")

    Command().run_from_argv(["manage.py", "import_agreements", str(two_rows)])  # no exit

    assert AgreementPage.objects.count() == 2


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (None, "missing.csv", "is not a file"),
        (b"\x00\x01\x02", "junk.csv", "junk.csv: The file is not a text file."),
        (b"kind\ncity\n", "short.csv", "short.csv: Missing columns: eu_side"),
        (b"...", "agreements.ods", "is not a CSV or XLSX file"),
    ],
)
def test_the_command_refuses_an_unreadable_file(site, tmp_path, content, name, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)

    with pytest.raises(CommandError, match=message):
        command(path)


def test_the_command_refuses_a_huge_file_without_reading_it(site, tmp_path):
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)

    with pytest.raises(CommandError, match="The file is too large: at most 2 MB."):
        command(path)


def test_the_command_needs_an_index_page(site):
    site.index.delete()

    with pytest.raises(CommandError, match="There is no agreement index page"):
        command(PAIRINGS_CSV)


def test_the_command_asks_which_index_when_there_are_several(site, two_rows):
    other = AgreementIndexPageFactory(parent=site.home, title="Archive", slug="archive")

    with pytest.raises(CommandError, match=f"--index-page: {site.index.pk} .*{other.pk} "):
        command(two_rows)
    with pytest.raises(CommandError, match="no agreement index page with the id 999999"):
        command(two_rows, "--index-page", 999999)

    command(two_rows, "--index-page", other.pk)

    assert AgreementPage.objects.child_of(other).count() == 2
    assert AgreementPage.objects.child_of(site.index).count() == 0
