"""Published index scores in the layouts people download: names or codes, synonyms, semicolons, a preview."""

from __future__ import annotations

import pytest

from assessment.countries import country_code_from, country_matches
from assessment.errors import AssessmentError, InputError
from assessment.exchange.external import parse_external_csv, read_external_csv
from tests.conftest import ROOT, open_page

EXAMPLES = ROOT / "examples"


# -- countries from codes and names ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("CR", "CR"),
        ("cr", "CR"),
        ("CRI", "CR"),
        ("188", "CR"),
        ("68", "BO"),
        ("Costa Rica", "CR"),
        ("  COSTA RICA ", "CR"),
        ("Brasil", "BR"),  # Spanish and Portuguese
        ("Brésil", "BR"),  # French
        ("bresil", "BR"),  # without the accent
        ("Estados Unidos", "US"),
        ("États-Unis", "US"),
        ("Allemagne", "DE"),
        ("Alemanha", "DE"),
        ("Países Bajos", "NL"),
        ("Bolivia", "BO"),  # common name
        ("Plurinational State of Bolivia", "BO"),  # official name
        ("Bolivia (Plurinational State of)", "BO"),  # the UN's way of writing it
        ("Korea (Rep. of)", "KR"),
        ("Republic of Korea", "KR"),
        ("Congo", "CG"),
        ("Congo (Dem. Rep. of the)", "CD"),
        ("Micronesia", "FM"),  # the short part of 'Micronesia, Federated States of'
        ("Côte d'Ivoire", "CI"),
        ("Costa de Marfil", "CI"),
        ("Viet Nam", "VN"),
        ("Vietnam", "VN"),
        ("Türkiye", "TR"),
        ("Turkey", "TR"),
        ("Russia", "RU"),
        ("Federación Rusa", "RU"),
        ("UK", "GB"),
        ("Arcadia", "XA"),  # the demo countries, by name too
        ("Jacaranda", "XJ"),
        ("Isla Serena (ficticio)", "XI"),
    ],
)
def test_a_country_from_a_code_or_a_name(text, code):
    assert country_code_from(text) == code


@pytest.mark.parametrize("text", ["Narnia", "ZZZ", "999", "<b>", "", "=1+1", "Costa"])
def test_unknown_countries_resolve_to_nothing(text):
    assert country_matches(text) == ()
    assert country_code_from(text) is None


def test_ambiguous_names_give_every_candidate():
    assert country_matches("Korea") == ("KP", "KR")
    assert country_matches("Virgin Islands") == ("VG", "VI")
    assert country_code_from("Korea") is None


# -- the preview ------------------------------------------------------------------------

GCI = (
    "Country,ISO3,Year,Index\n"
    "Costa Rica,CRI,2024,71.3\n"
    "Panamá,,2024,58.2\n"  # Spanish name, no code
    "Mexique,MEX,2024,81.7\n"  # French name and a code
    "Brasil,,2024,96.6\n"
).encode()


def test_a_file_with_names_iso3_an_index_column_and_no_instrument_waits_for_a_name():
    preview = read_external_csv(GCI, "gci.csv")
    assert preview.mapping == {"Country": "country", "ISO3": "country", "Year": "year", "Index": "score"}
    assert preview.needs_instrument
    assert (preview.rows, preview.unnamed_rows, preview.skipped) == ((), 4, ())
    named = read_external_csv(GCI, "gci.csv", instrument="  ITU GCI ")
    assert not named.needs_instrument
    assert [(r.instrument, r.country, r.year, r.score) for r in named.rows] == [
        ("ITU GCI", "CR", 2024, 71.3),
        ("ITU GCI", "PA", 2024, 58.2),
        ("ITU GCI", "MX", 2024, 81.7),
        ("ITU GCI", "BR", 2024, 96.6),
    ]


def test_an_index_column_of_names_is_the_instrument():
    preview = read_external_csv(b"Index,Country,Year,Score\nNCSI,CR,2025,64\n", "s.csv", instrument="ignored")
    assert preview.mapping == {"Index": "instrument", "Country": "country", "Year": "year", "Score": "score"}
    assert [(r.instrument, r.score) for r in preview.rows] == [("NCSI", 64.0)]


@pytest.mark.parametrize(
    "header",
    [
        "instrument,country,year,score,source",
        "Instrument,COUNTRY,Year,Score,Source",
        "Índice,País,Año,Puntaje,Fuente",
        "indice,pais,ano,valor,fonte",  # Portuguese, without accents
        "Indicator name,Country code,Edition,Value,URL",
        "index,pays,année,valeur,lien",
        " Instrumento , Código ISO , Edição , Pontuação , Link ",
        "instrument,iso_2,year,points,source",
    ],
)
def test_column_name_synonyms(header):
    preview = read_external_csv(f"{header}\nITU GCI,CR,2024,78.5,report\n".encode(), "s.csv")
    assert sorted(preview.mapping.values()) == ["country", "instrument", "score", "source", "year"]
    assert [(r.instrument, r.country, r.year, r.score, r.source) for r in preview.rows] == [
        ("ITU GCI", "CR", 2024, 78.5, "report")
    ]


def test_semicolons_a_byte_order_mark_and_decimal_commas():
    raw = '\ufeffÍndice;País;Año;Puntaje\nNCSI;Costa Rica;2025;64,2\nNCSI;Panamá;2025;"48,05"\n'.encode()
    preview = read_external_csv(raw, "s.csv")
    assert preview.delimiter == ";"
    assert [(r.country, r.score) for r in preview.rows] == [("CR", 64.2), ("PA", 48.05)]


@pytest.mark.parametrize(
    "raw",
    [
        b"sep=;\r\ninstrument;country;year;score\r\nGCI;CR;2024.0;45,5\r\n",
        b"instrument\tcountry\tyear\tscore\nGCI\tCR\t2024\t45.5\n",
    ],
)
def test_a_spreadsheet_separator_line_tabs_and_crlf(raw):
    preview = read_external_csv(raw, "s.csv")
    assert [(r.country, r.year, r.score) for r in preview.rows] == [("CR", 2024, 45.5)]
    assert preview.skipped == ()


def test_title_lines_before_the_header_and_columns_that_are_not_used():
    raw = b"Global Cybersecurity Index\n\nRank,Country,Region,Year,Score\n1,Costa Rica,Americas,2024,90\n"
    preview = read_external_csv(raw, "s.csv", instrument="GCI")
    assert preview.header_line == 3
    assert [(c.name, c.field) for c in preview.columns] == [
        ("Rank", None),
        ("Country", "country"),
        ("Region", None),
        ("Year", "year"),
        ("Score", "score"),
    ]
    assert [(r.country, r.score) for r in preview.rows] == [("CR", 90.0)]


def test_bad_lines_are_skipped_with_their_line_field_and_reason():
    raw = (
        b"instrument,country,year,score\n"
        b"GCI,Costa Rica,2024,71\n"
        b"GCI,Narnia,2024,50\n"  # 3: unknown
        b"GCI,Korea,2024,99\n"  # 4: ambiguous
        b"GCI,PA,24,150\n"  # 5: two reasons
        b"\n"
        b",,,\n"  # blank lines are passed over
        b"GCI,CRI,2024,72\n"  # 8: CR again, as a code
        b"GCI,PA,2024,58,extra\n"  # 9
        b",PA,2024,58\n"  # 10: no instrument
        b"GCI,PA,2024,58\n"
    )
    preview = read_external_csv(raw, "s.csv")
    assert [(r.country, r.score) for r in preview.rows] == [("CR", 71.0), ("PA", 58.0)]
    assert [(p.file, p.line, p.path) for p in preview.skipped] == [
        ("s.csv", 3, "country"),
        ("s.csv", 4, "country"),
        ("s.csv", 5, "year"),
        ("s.csv", 5, "score"),
        ("s.csv", 8, ""),
        ("s.csv", 9, ""),
        ("s.csv", 10, "instrument"),
    ]
    reasons = [p.message for p in preview.skipped]
    assert "'Narnia' is not an ISO 3166 code nor a country name" in reasons[0]
    assert reasons[1] == "'Korea' may be KP or KR: write its ISO code"
    assert reasons[2] == "year '24' is not a year between 1990 and 2100"
    assert reasons[3] == "score '150' is not a number from 0 to 100"
    assert reasons[4] == "the same instrument, country and year as line 2"
    assert reasons[5].startswith("more values than columns (5 for 4) (a decimal comma needs quotes")
    assert preview.skipped_lines == [3, 4, 5, 8, 9, 10]


def test_two_country_columns_that_disagree_skip_the_line():
    preview = read_external_csv(b"country,iso3,year,score\nBrasil,MEX,2024,50\nBrasil,BRA,2024,60\n", "s.csv", "GCI")
    assert [(r.country, r.score) for r in preview.rows] == [("BR", 60.0)]
    (problem,) = preview.skipped
    assert (problem.line, problem.message) == (2, "'Brasil' and 'MEX' are different countries")


@pytest.mark.parametrize(
    ("raw", "line", "message"),
    [
        (b"instrument,year,score\nX,2024,1\n", 1, "missing column(s) country"),
        (b"instrument,country,year\nX,CR,2024\n", 1, "missing column(s) score"),
        (b"country;year;rank\nCR;2024;1\n", 1, "missing column(s) score"),
        (b"instrument,country,year,score\n\n,,,\n", 1, "no rows after the header"),
        (b"", None, "the file is empty"),
        (
            b"instrument,country,year,score\nX,C\xe9R,2024,50\n",
            2,
            "not valid UTF-8 text (byte 33); save it as 'CSV UTF-8'",
        ),
        (b"instrument,country,year,score\nGCI\x00,CR,2024,50\n", 2, "not allowed"),
        (b"instrument,country,year,score\nGCI\xe2\x80\xae,CR,2024,50\n", 2, "not allowed"),
        (b"instrument,country,year,score\n" + b"GCI,CR,2024,5\n" * 100_000, None, "the limit is"),
        (b"instrument,country,year,score\n" + b"GCI,CR,2024,5\n" * 20_001, 20_002, "more than 20,000 rows"),
        (b'instrument,country,year,score\n"GCI,CR,2024,5\n', 2, "not a readable CSV file"),
    ],
)
def test_files_that_cannot_be_used_are_refused_with_file_and_line(raw, line, message):
    with pytest.raises(InputError) as caught:
        read_external_csv(raw, "scores.csv", instrument="GCI")
    problem = caught.value.problems[0]
    assert (problem.file, problem.line) == ("scores.csv", line)
    assert message in problem.message


@pytest.mark.parametrize(
    ("cell", "field", "message"),
    [
        ("=1+1", "score", "score '=1+1'"),
        ("1e3", "score", "score '1e3'"),
        ("nan", "score", "score 'nan'"),
        ("<script>", "country", "'<script>' is not an ISO 3166"),
        ("x" * 81, "instrument", "instrument must be a name of 1 to 80"),
    ],
)
def test_hostile_cells_are_skipped_not_stored(cell, field, message):
    values = {"instrument": "GCI", "country": "CR", "year": "2024", "score": "50"} | {field: cell}
    raw = ("instrument,country,year,score\n" + ",".join(values.values()) + "\nGCI,PA,2024,40\n").encode()
    preview = read_external_csv(raw, "s.csv")
    assert [r.country for r in preview.rows] == ["PA"]
    (problem,) = preview.skipped
    assert (problem.line, problem.path) == (2, field)
    assert message in problem.message


def test_an_instrument_name_longer_than_80_characters_is_refused():
    with pytest.raises(InputError, match="instrument name must be 1 to 80"):
        read_external_csv(GCI, "gci.csv", instrument="x" * 81)


def test_all_or_nothing_parsing_refuses_skipped_lines_and_a_missing_instrument():
    with pytest.raises(InputError) as caught:
        parse_external_csv(b"instrument,country,year,score\nGCI,CR,2024,50\nGCI,Narnia,2024,50\n", "s.csv")
    assert [p.line for p in caught.value.problems] == [3]
    with pytest.raises(AssessmentError, match="no instrument column"):
        parse_external_csv(GCI, "gci.csv")
    assert len(parse_external_csv(GCI, "gci.csv", instrument="GCI")) == 4


def test_the_shipped_examples_read_as_documented():
    gci = read_external_csv((EXAMPLES / "published-gci-names-iso3.csv").read_bytes(), "gci.csv", instrument="GCI")
    assert gci.header_line == 2
    assert gci.mapping == {"Country": "country", "ISO3": "country", "Year": "year", "Index": "score"}
    assert [r.country for r in gci.rows] == ["CR", "PA", "BR", "MX", "DO", "KR", "CI", "XA"]
    assert [(p.line, p.path) for p in gci.skipped] == [(10, "country")]
    ncsi = read_external_csv((EXAMPLES / "published-ncsi-semicolon.csv").read_bytes(), "ncsi.csv", instrument="NCSI")
    assert ncsi.delimiter == ";"
    assert [(r.country, r.score, r.source) for r in ncsi.rows][:2] == [
        ("CR", 64.2, "https://ncsi.example.org/country/cr"),
        ("PA", 48.05, "https://ncsi.example.org/country/pa"),
    ]
    assert [(p.line, p.path) for p in ncsi.skipped] == [(5, "score")]


def test_every_column_name_is_documented():
    """The docs' table lists exactly the names the reader understands (accented spellings are extra)."""
    from assessment.exchange.external import FIELDS, SYNONYMS, _key

    docs = (ROOT / "docs" / "external-indices.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip(): line.split("|")[3] for line in docs.splitlines() if line.startswith("| ")}
    for field in FIELDS:
        assert {_key(n) for n in rows[field].split(",")} == {_key(n) for n in SYNONYMS[field]}, field


# -- the command line -------------------------------------------------------------------


def run(capsys, *argv: str) -> tuple[int, str, str]:
    from assessment.cli import main

    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_command_line_shows_the_mapping_and_the_skipped_lines_and_stores_the_good_rows(capsys, tmp_path):
    from assessment.store import Store

    database = f"sqlite:///{tmp_path / 'cli.db'}"
    example = str(EXAMPLES / "published-gci-names-iso3.csv")
    code, _, err = run(capsys, "import-indices", example, "--database", database)
    assert code == 1
    assert "has no instrument column: name the index with --instrument NAME" in err
    named = ("--instrument", "ITU GCI", "--database", database)
    code, out, _ = run(capsys, "import-indices", example, *named, "--dry-run")
    assert code == 0
    assert out.startswith("would import 8 published scores")
    assert "nothing stored" in out
    assert Store(database).external_scores() == []
    code, out, err = run(capsys, "import-indices", example, *named)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == f"imported 8 published scores from {example}; 1 line(s) skipped (listed below)"
    assert lines[1] == (
        "  columns (header on line 2): Country -> country, ISO3 -> country, Year -> year, Index -> score, "
        "instrument 'ITU GCI' (--instrument) for every line"
    )
    assert lines[2] == "  not used: Rank"
    assert lines[3].startswith(f"  skipped {example}:10: [country] 'Narnia' is not an ISO 3166 code")
    stored = Store(database).external_scores(["CR", "XA"])
    assert [(s.instrument, s.country, s.year, s.score) for s in stored] == [
        ("ITU GCI", "CR", 2024, 71.3),
        ("ITU GCI", "XA", 2024, 55.5),
    ]


def test_the_command_line_refuses_a_file_where_no_line_can_be_read(capsys, tmp_path):
    scores = tmp_path / "s.csv"
    scores.write_text("country,year,score\nNarnia,2024,50\n", encoding="utf-8")
    code, out, err = run(capsys, "import-indices", str(scores), "--instrument", "GCI", "--database", "sqlite://")
    assert (code, out) == (1, "")
    assert f"error: {scores}:2: [country] 'Narnia'" in err
    assert "nothing was imported" in err


# -- the Compare page: upload, preview, then import ------------------------------------


@pytest.fixture
def app_database(tmp_path, monkeypatch):
    """The app's own database, empty, in a folder of this test."""
    from assessment.store import Store
    from assessment.store.database import default_url

    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("ASSESSMENT_DATA_DIR", str(tmp_path / "data"))
    return lambda: Store(default_url()).external_scores()


def compare_script():
    from assessment.web.compare import render_compare_page

    render_compare_page()


def upload(at, name: str, raw: bytes):
    return at.file_uploader(key="indices_csv").set_value((name, raw, "text/csv")).run()


def import_button(at):
    return next((b for b in at.button if b.key == "import_indices"), None)


@pytest.mark.slow  # runs the page in AppTest
def test_a_file_with_names_iso3_and_an_index_column_is_previewed_then_imported(app_database):
    example = (EXAMPLES / "published-gci-names-iso3.csv").read_bytes()
    at = upload(open_page(compare_script, lang="es"), "gci.csv", example)
    assert not at.exception
    mapping = at.dataframe[0].value
    assert mapping.columns.tolist() == ["Columna del archivo", "Se lee como"]
    assert mapping.values.tolist() == [
        ["Country", "país"],
        ["ISO3", "país"],
        ["Year", "año"],
        ["Index", "puntaje"],
        ["Rank", "no se usa"],
    ]
    assert "Líneas que se omitirán: 1" in at.warning[0].value
    skipped = at.dataframe[1].value
    assert skipped.iloc[0].tolist()[:2] == [10, "Country / ISO3"]
    assert "'Narnia' is not an ISO 3166 code" in skipped.iloc[0].tolist()[2]
    assert "8 fila(s) están listas" in at.info[0].value
    assert import_button(at) is None  # the file does not say which index it is: no import yet
    assert app_database() == []

    at.text_input(key="indices_instrument").input("ITU GCI 2024").run()
    assert not at.exception
    rows = at.dataframe[2].value
    assert rows.columns.tolist() == ["instrumento", "país", "código", "año", "puntaje", "fuente"]
    assert rows["país"].tolist() == [
        "Costa Rica", "Panamá", "Brasil", "México", "República Dominicana", "Corea del Sur", "Costa de Marfíl",
        "Arcadia (ficticio)",
    ]  # fmt: skip
    assert set(rows["instrumento"]) == {"ITU GCI 2024"}
    assert import_button(at).label == "Importar 8 fila(s)"
    assert app_database() == []  # still nothing stored before the click

    import_button(at).click().run()
    assert not at.exception
    assert at.success[0].value == "Puntajes importados: 8."
    stored = {(s.instrument, s.country, s.year, s.score) for s in app_database()}
    assert ("ITU GCI 2024", "MX", 2024, 81.7) in stored
    assert len(stored) == 8


def test_a_file_with_an_instrument_column_imports_without_asking_for_a_name(app_database):
    raw = "\ufeffÍndice;País;Año;Puntaje\nNCSI;Costa Rica;2025;64,2\nNCSI;Narnia;2025;10\n".encode()
    at = upload(open_page(compare_script, lang="en"), "ncsi.csv", raw)
    assert not at.exception
    assert not [t for t in at.text_input if t.key == "indices_instrument"]
    shown = [["NCSI", "Costa Rica", "CR", 2025, "64.2", ""]]  # the score as the screen writes it
    assert at.dataframe[2].value.values.tolist() == shown
    assert app_database() == []
    import_button(at).click().run()
    assert at.success[0].value == "Scores imported: 1."
    assert [(s.instrument, s.country, s.score) for s in app_database()] == [("NCSI", "CR", 64.2)]


def test_a_file_that_cannot_be_used_is_refused_with_file_and_line(app_database):
    at = upload(open_page(compare_script, lang="en"), "s.csv", b"instrument,country,year,score\nGCI\x00,CR,2024,5\n")
    assert "refused" in at.error[0].value
    assert "s.csv:2:" in at.code[0].value
    assert import_button(at) is None
    at = upload(at, "s.csv", b"instrument,country,year,score\nGCI,Narnia,2024,5\n")
    assert "No line of this file can be imported" in at.error[0].value
    assert import_button(at) is None
    assert app_database() == []
