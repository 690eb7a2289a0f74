"""The checks a narrative passes before it is shown, and the shortened source a small model reads."""

from __future__ import annotations

import json

from modernize.document.compact import compact_source, squeeze
from modernize.document.facts_doc import narrative_section
from modernize.document.llm import Narrative, ground
from tests.conftest import EXAMPLES


def tsu020(estate):
    return next(m for m in estate.modules if m.name == "TSU020")


def test_squeeze_keeps_the_blanks_inside_literals():
    assert squeeze("           MOVE 'A  B'    TO  WS-X   ") == " MOVE 'A  B' TO WS-X"
    assert squeeze('    DISPLAY "X   Y"  WS-Y') == ' DISPLAY "X   Y" WS-Y'


def test_the_shortened_source_keeps_every_statement_and_drops_the_padding(example_estate):
    module = tsu020(example_estate)
    text = (EXAMPLES / "cbl" / "TSU020.cbl").read_text()
    lines = [line[:72] for line in text.split("\n")]
    short = compact_source("\n".join(lines), module.header_comments)
    assert "000100" not in short and "*****" not in short  # sequence numbers, banners
    assert "REKENMODULE TOESLAGEN" not in short  # the header comments, which the prompt gives apart
    assert " MOVE ZERO TO BERK-TOETSINKOMEN" in short  # alignment blanks (line 69)
    assert "01 WS-PROGRAMMA PIC X(08) VALUE 'TSU020'." in short
    assert "* INKOMENSTOETS - GELDT VOOR ALLE SOORTEN" in short  # a comment in the code is kept
    code = [line for line in lines if line[6:7] not in ("*", "/") and line[6:].strip()]
    assert "* 2012-03-14 MdV TS1203 NEGATIEF INKOMEN TELT ALS NUL\n" in short  # the change history is not in the header
    # every code line; comments: the change history (6 lines), one in the code, the text of four section banners
    assert len(short.split("\n")) == len(code) + 6 + 1 + 4
    assert len(short) < len(text) / 2


def test_a_rule_cited_at_a_line_without_a_rule_is_unverified(example_estate):
    module = tsu020(example_estate)
    narrative = Narrative("TSU020 computes allowances.", rules_explained=[
        {"line": 83, "rule": "WS-TOETSINKOMEN > WS-INKOMENSGRENS", "explanation": "income above the limit is refused"},
        {"line": 84, "rule": "WS-TOETSINKOMEN > WS-INKOMENSGRENS", "explanation": "the same rule at a wrong line"}])
    ground(narrative, module, example_estate.modules, example_estate.graph)
    assert narrative.unverified == ["line 84"]  # line 83 holds the IF; 84 its SET
    # checked: TSU020, WS-TOETSINKOMEN, WS-INKOMENSGRENS twice each, and the two lines
    assert (narrative.checked, narrative.lines_checked) == (7, 2)
    section = narrative_section(narrative, "openai/m", "en")
    assert "- line 83, WS" in section and "- line 84 _(unverified)_, WS" in section


def test_the_glossary_names_data_items_of_the_layouts(example_estate):
    module = tsu020(example_estate)
    narrative = Narrative("TSU020 computes allowances.", glossary=[
        {"name": "WS-TOETSINKOMEN", "term": "assessment income"},
        {"name": "PRM-GRENS-ALLEEN", "term": "income limit for a single person (copybook TSLPARM)"},
        {"name": "0000-HOOFD", "term": "a paragraph, not a data item"},
        {"name": "TOETSINKOMEN", "term": "a word of the comments, not a data item"}])
    ground(narrative, module, example_estate.modules, example_estate.graph)
    assert narrative.unverified == ["0000-HOOFD", "TOETSINKOMEN"]


def test_asking_about_an_unknown_name_costs_nothing_claiming_it_does(example_estate):
    module = tsu020(example_estate)
    asked = Narrative("TSU020 computes allowances.", open_questions=["Who fills PRM-TABEL-2026?"])
    claimed = Narrative("TSU020 reads PRM-TABEL-2026.")
    for narrative in (asked, claimed):
        ground(narrative, module, example_estate.modules, example_estate.graph)
    assert asked.unverified == asked.asked == ["PRM-TABEL-2026"] and asked.grounding == 1.0
    assert claimed.unverified == ["PRM-TABEL-2026"] and claimed.asked == [] and claimed.grounding == 0.5
    assert "PRM-TABEL-2026 _(unverified)_" in narrative_section(asked, "openai/m", "en")  # still marked


def test_columns_1_to_6_go_in_fixed_format_whatever_they_hold():
    text = "TS0601     MOVE A    TO B.\nTS0601*  A COMMENT  *\n           GOBACK."
    assert compact_source(text, [], fixed=True) == " MOVE A TO B.\n* A COMMENT\n GOBACK."
    # without the inventory's word, change tags are not sequence numbers: kept, only the blanks go
    assert compact_source(text, []) == "TS0601 MOVE A TO B.\nTS0601* A COMMENT *\n GOBACK."


def test_a_glossary_name_written_with_its_level_and_picture_is_the_data_item(example_estate):
    module = tsu020(example_estate)
    narrative = Narrative("TSU020 computes allowances.", glossary=[
        {"name": "05 WS-TOETSINKOMEN PIC S9(07)V99 COMP-3", "term": "assessment income"},
        {"name": "88 WS-PARAM-ONBEKEND VALUE 'N'", "term": "no parameters for the year"},
        {"name": "10 WS-BESTAAT-NIET PIC X", "term": "invented"}])
    ground(narrative, module, example_estate.modules, example_estate.graph)
    assert narrative.unverified == ["WS-BESTAAT-NIET"]


def test_an_answer_cut_at_max_tokens_while_looping_is_closed_after_its_last_whole_item():
    """What the 0.5 B model wrote for TSU020 at temperature 0: the same rule objects until max_tokens."""
    from modernize.document.llm import parse_answer, salvage

    rule = '{"line": 83, "rule": "WS-TOETSINKOMEN > WS-INKOMENSGRENS", "explanation": "toetsinkomen boven de grens"}'
    other = '{"line": 90, "rule": "BERK-SOORT = \'ZT\'", "explanation": "zorgtoeslag \\"zonder\\" partner"}'
    text = ('{"summary": "Rekenmodule toeslagen", "business_purpose": "unknown", "rules_explained": ['
            + ", ".join([rule, other] * 6) + ', {"line": 83, "rule": "WS-TOE')
    closed = salvage(text)
    keys = ("summary", "business_purpose", "rules_explained", "glossary", "open_questions")
    data = parse_answer(closed, keys)
    assert data["summary"] == "Rekenmodule toeslagen" and data["glossary"] == [] and data["open_questions"] == []
    assert [r["line"] for r in data["rules_explained"]] == [83, 90]  # repeated items once
    assert salvage('{"summary": "x"}') is None and salvage("no json") is None and salvage('{"a": "unclosed') is None
    assert salvage('{"a": [1, {"b": 2}, {"c"') == '{"a": [1, {"b": 2}]}'


def test_an_answer_keeps_what_the_prompt_asks_for():
    from modernize.document.llm import AT_MOST, parse_answer

    answer = json.dumps({
        "summary": "Checks an IBAN.",
        "rules_explained": [{"line": 58, "rule": "LK-LANDCODE NOT = 'NL'", "explanation": "only Dutch accounts"},
                            {"rule": "The copybook contains rules", "explanation": ""}]
                           + [{"line": n, "rule": f"R{n}", "explanation": "x"} for n in range(60, 70)],
        "glossary": [{"name": f"WS-{n}", "term": "..."} for n in range(3)] + [{"name": f"WS-T{n}", "term": "t"} for n in range(20)],
        "open_questions": [f"What is the purpose of the WS-{n} variable?" for n in range(20)] + [""],
    })
    data = parse_answer(answer, ("summary", "business_purpose", "rules_explained", "glossary", "open_questions"))
    assert len(data["rules_explained"]) == AT_MOST["rules_explained"] == 5
    assert data["rules_explained"][0]["line"] == 58 and all(r["explanation"] for r in data["rules_explained"])
    assert [g["name"] for g in data["glossary"]] == [f"WS-T{n}" for n in range(8)]  # placeholders said nothing
    assert len(data["open_questions"]) == 3
