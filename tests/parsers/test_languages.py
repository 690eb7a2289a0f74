"""PL/I, Natural, Fortran and C become the same facts as COBOL: exact facts on the example estates,
and a mixed estate whose graph crosses languages (COBOL -> PL/I, JCL -> Natural -> COBOL,
Fortran -> C)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from modernize.cli import cli
from modernize.config import Settings
from modernize.graph.build import build_graph
from modernize.pipeline import scan

EXAMPLES = Path(__file__).resolve().parent.parent.parent / "examples"


def modules_of(root: Path) -> dict[str, object]:
    result = scan(root, Settings())
    assert not [d for d in result.diagnostics if d.severity == "error"], result.diagnostics
    return {f"{m.kind}:{m.name}": m for m in result.modules}


def refs(module) -> set[tuple]:
    return {(r.kind, r.target, r.target_kind, r.via, r.line) for r in module.references}


def test_pli_procedures_entries_includes_files_sql_and_layout():
    modules = modules_of(EXAMPLES / "pli")
    main = modules["program:TSPREN"]
    assert main.language == "pli" and main.attributes["entries"] == ["TSPRENT"]
    assert refs(main) == {("includes", "TSPLREC", "copybook", "include", 10), ("calls", "TSPREKN", "program", "fetch", 34),
                          ("writes", "RENTE", "table", "sql", 36), ("reads", "INVOER", "file", "dd", 11),
                          ("writes", "UITVOER", "file", "dd", 12)}  # CALL VERWERK is internal, PLIRETC-like builtins are not calls
    assert {(s.name, s.line, s.end_line) for s in main.symbols if s.kind == "paragraph"} == {("TSPREN", 9, 40), ("VERWERK", 33, 39)}
    layout = {s.name: (s.attributes["offset"], s.attributes["length"]) for s in modules["copybook:TSPLREC"].symbols}
    assert layout == {"VORDERING": (0, 40), "VORD_BSN": (0, 9), "VORD_BEDRAG": (9, 6), "VORD_RENTE": (15, 6),
                      "VORD_DATUM": (21, 8), "VORD_CODE": (29, 11)}
    assert "RENTE OVER TERUGVORDERINGEN" in main.attributes["header_comments"][0]


def test_natural_objects_ddm_access_and_the_batch_job():
    modules = modules_of(EXAMPLES / "natural")
    batch = modules["program:TSNBTCH"]
    assert refs(batch) == {("includes", "TSNLDA01", "copybook", "natural-using", 7), ("reads", "TSL-PERSOON", "table", "adabas", 17),
                           ("calls", "TSU010", "program", "call", 25), ("calls", "TSNSUB01", "program", "callnat", 27),
                           ("calls", "TSNSR01", "program", "perform", 19), ("calls", "TSNSR01", "program", "perform", 30)}
    assert refs(modules["program:TSNSUB01"]) == {("reads", "TSL-AANVRAAG", "table", "adabas", 13), ("writes", "TSL-AANVRAAG", "table", "adabas", 16)}
    assert ("writes", "TSL-OVERZICHT", "table", "adabas", 7) in refs(modules["program:TSNSR01"])  # the view comes from the LDA
    job = modules["jcl:TSJNAT"]
    assert ("executes", "TSNBTCH", "program", "natural", 5) in refs(job)


def test_fortran_units_common_and_unit_dd_names_join_the_jcl():
    modules = modules_of(EXAMPLES / "fortran")
    main = modules["program:PEILHF"]
    assert refs(main) == {("includes", "PEILCOM", "copybook", "include", 9), ("calls", "ALARM", "program", "static", 20),
                          ("calls", "AFVOER", "program", "static", 24), ("reads", "FT10F001", "file", "dd", 13),
                          ("writes", "FT11F001", "file", "dd", 14)}
    assert modules["program:AFVOER"].attributes["entries"] == ["AFVOER"]
    assert refs(modules["copybook:PEILCOM"]) == {("references", "PEIL", "common", "common", 4)}
    graph = build_graph(list(modules.values()))
    io = {(v, d["kind"]) for _, v, d in graph.out_edges("program:PEILHF", data=True) if v.startswith("dataset:")}
    assert io == {("dataset:WS.PROD.PEILMETING", "reads"), ("dataset:WS.PROD.AFVOER", "writes")}
    assert graph.has_edge("program:PEILHF", "program:AFVOER")


def test_c_functions_includes_fopen_and_calls_across_files():
    modules = modules_of(EXAMPLES / "c")
    alarm = modules["program:ALARM"]
    assert alarm.attributes["entries"] == ["ALARM"]  # boven_drempel is static: not an entry
    assert refs(alarm) == {("includes", "ALARM", "copybook", "include", 4), ("writes", "alarm.log", "file", "fopen", 13),
                           ("calls", "MELD_DIJKGRAAF", "program", "static", 16)}
    graph = build_graph(list(modules.values()))
    assert graph.has_edge("program:ALARM", "program:MELDING")  # resolved through MELDING's entry meld_dijkgraaf


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("mixed")
    for language in ("cobol", "pli", "natural", "fortran", "c"):
        shutil.copytree(EXAMPLES / language, root / language)
    return root


def test_a_mixed_estate_has_cross_language_edges(mixed):
    result = scan(mixed, Settings())
    graph = build_graph(result.modules)
    language = {n: d.get("language") for n, d in graph.nodes(data=True)}
    crossing = {(u, v, d["kind"]) for u, v, d in graph.edges(data=True)
                if language.get(u) and language.get(v) and language[u] != language[v] and d["kind"] in ("calls", "executes")}
    assert ("program:TSBREN", "program:TSPREN", "calls") in crossing      # COBOL -> PL/I entry TSPRENT
    assert ("program:TSNBTCH", "program:TSU010", "calls") in crossing     # Natural -> COBOL
    assert ("program:PEILHF", "program:ALARM", "calls") in crossing       # Fortran -> C
    assert ("step:TSJNAT.OVERZ", "program:TSNBTCH", "executes") in {(u, v, d["kind"]) for u, v, d in graph.edges(data=True)}


@pytest.mark.slow  # more than about a second
@pytest.mark.parametrize("language", ["pli", "natural", "fortran", "c"])
def test_run_documents_and_plans_every_language(language, tmp_path):
    result = CliRunner().invoke(cli, ["run", str(EXAMPLES / language), "-o", str(tmp_path / "out"), "--cache-dir", str(tmp_path / "c"), "-q"])
    assert result.exit_code == 0, result.output
    planned = {p for step in json.loads((tmp_path / "out" / "plan" / "plan.json").read_text())["steps"] for p in step["programs"]}
    facts = json.loads((tmp_path / "out" / "facts.json").read_text())
    own = {f"program:{m['name']}" for m in facts["modules"] if m["kind"] == "program" and m["language"] == language}
    assert own and own <= planned
    for name in own:
        assert (tmp_path / "out" / "docs" / f"{name.split(':')[1]}.md").exists()


def test_pli_constructs_of_old_ibm_style_programs(tmp_path):
    """Files declared by their attributes alone, factored declarations, comment blocks that open
    on several lines before they close, ON ... BEGIN blocks, labels, sequence numbers."""
    source = "\n".join(line.ljust(72) + f"{number:08d}" for number, line in enumerate([
        " KAART : PROCEDURE OPTIONS(MAIN);",
        " /* KOPIEERT PONSKAARTEN VAN INVOER NAAR UITVOER EN TELT ZE",
        " /* PER SOORT (EERSTE KOLOM). */",
        "    DECLARE KAARTEN INPUT ENVIRONMENT(F(80)),",
        "            UIT OUTPUT ENVIRONMENT(F(480,80)),",
        "          1 KAART,",
        "          2 SOORT CHAR(1),",
        "          2 INHOUD CHAR(79),",
        "            (I, J) FIXED BINARY(31),",
        "            AANTAL(0:9) FIXED(3) STATIC INITIAL((10) 0);",
        "    ON ENDFILE(KAARTEN) GOTO KLAAR;",
        "    ON CONVERSION BEGIN; PUT SKIP LIST('FOUTE SOORT'); GOTO LEES; END;",
        " LEES: READ FILE(KAARTEN) INTO(KAART);",
        "    WRITE FROM(KAART) FILE(UIT);",
        "    GOTO LEES;",
        " KLAAR: PUT DATA(AANTAL);",
        "    END KAART;",
    ], start=1)) + "\n"
    (tmp_path / "KAART.pli").write_text(source)
    [module] = scan(tmp_path, Settings()).modules
    assert refs(module) == {("reads", "KAARTEN", "file", "dd", 4), ("writes", "UIT", "file", "dd", 4)}
    data = {s.name: (s.attributes["level"], s.attributes.get("offset"), s.attributes.get("length"), s.attributes.get("occurs"))
            for s in module.symbols if s.kind == "data"}
    assert data == {"KAART": (1, 0, 80, None), "SOORT": (2, 0, 1, None), "INHOUD": (2, 1, 79, None), "I": (1, 0, 4, None),
                    "J": (1, 0, 4, None), "AANTAL": (1, 0, 2, 10)}
    assert [(s.name, s.line, s.end_line) for s in module.symbols if s.kind == "paragraph"] == [("KAART", 1, 17)]
    assert module.metrics["comment_lines"] == 2


def test_fortran_77_habits_parse_without_syntax_errors(tmp_path):
    """Lower case, numbered and '+' continuation marks, labels in columns 1-5, Hollerith constants
    in DATA and FORMAT, arithmetic IF, sequence numbers in columns 73-80."""
    lines = [
        "      subroutine lees(iun)",
        "c     leest kaarten van unit iun",
        "      common /kaart/ veld(10), nveld, kolom,",
        "     1   teken",
        "      dimension cijfer(3)",
        "      data cijfer / 1h0, 1h1, 1h2 /",
        "      data blanco, punt / 1h , 1h. /",
        "   10 read (iun, 20, end=90) (veld(i), i=1,10)",
        "   20 format(10a8)",
        "      if (nveld) 90, 10, 30",
        "   30 call verwerk(veld,",
        "     +             nveld)",
        "      write (6, 40)",
        "   40 format(18hkaart is verwerkt.)",
        "      go to 10",
        "   90 return",
        "      end",
    ]
    (tmp_path / "lees.f").write_text("\n".join(line.ljust(72) + f"LEES{number:04d}" for number, line in enumerate(lines, start=1)) + "\n")
    result = scan(tmp_path, Settings())
    assert [d for d in result.diagnostics if d.code == "syntax"] == []
    [module] = result.modules
    assert refs(module) == {("references", "KAART", "common", "common", 3), ("calls", "VERWERK", "program", "static", 11)}
    assert module.attributes["entries"] == ["LEES"] and module.metrics["comment_lines"] == 1
