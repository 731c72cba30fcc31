"""Question sets in JSONL, CSV and XLSX: the same columns, three ways to write a gold clause,
bad rows reported with their line or row number while the others load."""

from __future__ import annotations

import json

import pytest
from openpyxl import Workbook

from assistant.errors import InputError
from assistant.evaluation.sets import QUESTION_COLUMNS, load_case_set, load_question_set, split_list

from .conftest import EVAL_DIR, write_jsonl

KINDERGARTEN_HEAD = "Мектепке дейінгі тәрбие және оқыту ұйымының басшысы"
HEADER = ",".join(QUESTION_COLUMNS)


def write_csv(path, lines: list[str], encoding="utf-8"):
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    return path


def write_xlsx(path, rows: list[list], title="questions"):
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_the_committed_sets_load_without_a_problem(doc):
    questions = load_question_set(EVAL_DIR / "questions.jsonl", doc)
    cases = load_case_set(EVAL_DIR / "eligibility.jsonl", doc)
    lines = (EVAL_DIR / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    assert (len(questions.items), questions.problems) == (len(lines), [])
    assert (len(cases.items), cases.problems) == (148, [])
    assert questions.items[0].row == 1 and cases.items[-1].row == 148


def test_a_gold_clause_as_id_triple_or_json_names_the_same_clause(tmp_path, doc):
    as_json = json.dumps({"chapter": 2, "paragraph": 1, "clause": 9, "position_kk": KINDERGARTEN_HEAD}, ensure_ascii=False)
    path = write_csv(tmp_path / "q.csv", [
        HEADER,
        "a1,kk,балабақша меңгерушісіне қанша өтіл керек,true,ch2.p1.c9,5,,",
        "a2,kk,балабақша басшысына қанша жыл өтіл керек,true,2.1.9,,,",
        f'a3,kk,балабақша меңгерушісі болу үшін өтіл,true,"{as_json.replace(chr(34), chr(34) * 2)}",,,',
    ])
    loaded = load_question_set(path, doc)
    assert loaded.problems == []
    golds = {q.id: q.gold_clauses for q in loaded.items}
    assert golds["a1"] == golds["a2"] == golds["a3"]
    assert golds["a1"] == ["ch2.p1.c9"]  # every written form is held as the clause id


def test_list_cells_are_semicolon_separated_and_json_objects_stay_whole():
    assert split_list("ch2.p1.c9; 2.2.12 ;") == ["ch2.p1.c9", "2.2.12"]
    obj = '{"chapter": 3, "paragraph": 14, "clause": 92, "position_kk": "a; b"}'
    assert split_list(f"{obj}; ch2.p1.c9") == [obj, "ch2.p1.c9"]
    assert split_list('["бес", "5"]') == ["бес", "5"]


def test_bad_csv_rows_are_reported_with_their_row_number_and_the_rest_loads(tmp_path, doc):
    path = write_csv(tmp_path / "q.csv", [
        HEADER,
        "b1,kk,мектеп директорының міндеттері,true,ch3.p1.c46,,,typo",       # row 2: fine
        "b2,kk,мектеп директорының міндеттері қандай,true,,,,",               # row 3: no gold
        "b3,ru,обязанности завуча,true,3.14.92,,,",                           # row 4: printed twice
        "b4,en,what does a methodologist do,true,ch2.p2.c10,,,",              # row 5: language
        "b1,ru,обязанности директора школы,true,ch3.p1.c46,,,",               # row 6: id used on row 2
        "b6,ru,зарплата учителя,нет,,,,",                                     # row 7: fine, unanswerable
        "b7,kk,балабақша,true,ch99.p1.c1,,,",                                 # row 8: unknown clause
        "b8,kk,бұйрық қашан күшіне енеді,true,order.c6,,,",                   # row 9: fine, the order's own clause
    ])
    loaded = load_question_set(path, doc)
    assert [q.id for q in loaded.items] == ["b1", "b6", "b8"]
    assert loaded.items[0].tags == ["typo"] and loaded.items[1].answerable is False
    problems = {p.row: p for p in loaded.problems}
    assert sorted(problems) == [3, 4, 5, 6, 8]
    assert "needs at least one gold clause" in problems[3].reason
    assert "ch3.p14.c92" in problems[4].reason and "ch3.p14b.c92" in problems[4].reason
    assert "lang" in problems[5].reason
    assert "already used on row 2" in problems[6].reason
    assert "no clause matches" in problems[8].reason
    assert loaded.items[2].gold_clauses == ["order.c6"]  # the order's own clauses are gold too
    assert str(problems[3]) .startswith("q.csv, row 3 (b2): ")


def test_bad_jsonl_lines_are_reported_with_their_line_number(tmp_path, doc):
    good = {"id": "j1", "lang": "ru", "question": "что должен знать методист в детском саду", "answerable": True,
            "gold_clauses": ["ch2.p2.c11"], "must_mention": []}
    path = write_jsonl(tmp_path / "q.jsonl", [good, {**good, "id": "j2", "gold_clauses": [{"chapter": 2}]}])
    with path.open("a", encoding="utf-8") as f:
        f.write("\n{not json\n")
    loaded = load_question_set(path, doc)
    assert [q.id for q in loaded.items] == ["j1"]
    assert [(p.unit, p.row) for p in loaded.problems] == [("line", 2), ("line", 4)]
    assert "not JSON" in loaded.problems[1].reason


def test_excel_csv_with_a_byte_order_mark_and_semicolons_loads(tmp_path, doc):
    # What Excel saves in a Russian or Kazakh locale: «;» between cells, UTF-8 with a BOM.
    path = write_csv(tmp_path / "q.csv", [
        ";".join(QUESTION_COLUMNS),
        'c1;ru;что должен знать методист в детском саду;да;"ch2.p2.c11; 2.2.10";дидактика;;',
    ], encoding="utf-8-sig")
    loaded = load_question_set(path, doc)
    assert loaded.problems == []
    assert loaded.items[0].gold_clauses == ["ch2.p2.c11", "ch2.p2.c10"]


def test_xlsx_rows_load_with_numbers_and_booleans_as_excel_stores_them(tmp_path, doc):
    path = write_xlsx(tmp_path / "q.xlsx", [
        QUESTION_COLUMNS + ["notes for QA"],
        ["x1", "kk", "балабақша меңгерушісіне ауылда қанша өтіл керек", True, "2.1.9", 3, None, "rural", "ignored"],
        [None] * 8,
        ["x2", "ru", "сколько стажа нужно заведующему садиком", "maybe", "ch2.p1.c9", None, None, None],
    ])
    loaded = load_question_set(path, doc)
    assert [q.id for q in loaded.items] == ["x1"]
    assert loaded.items[0].must_mention == ["3"] and loaded.items[0].row == 2
    assert [(p.unit, p.row, p.id) for p in loaded.problems] == [("row", 4, "x2")]
    assert "answerable must be true or false" in loaded.problems[0].reason


def test_eligibility_cases_load_from_csv_with_a_clause_reference_and_decimal_commas(tmp_path, doc):
    path = write_csv(tmp_path / "cases.csv", [
        "id,lang,question,clause,category,education,locality,years,eligible,min_years",
        'k1,ru,Могу ли стать методистом садика в селе с 2 годами стажа?,ch2.p2.c12,,tvet,rural,"2,5",true,1',
        "k2,ru,Заведующий садиком?,2.1.9,,higher,urban,4,нет,5",
        "k3,ru,Заведующий?,2.2.10,,higher,urban,4,false,5",
    ])
    loaded = load_case_set(path, doc)
    assert [c.id for c in loaded.items] == ["k1", "k2"]
    assert loaded.items[0].years == 2.5 and loaded.items[0].clause == "ch2.p2.c12"
    assert loaded.items[1].eligible is False and loaded.items[1].clause == "ch2.p1.c9"
    assert loaded.problems[0].row == 4 and "requirements clause" in loaded.problems[0].reason


def test_a_case_written_as_a_clause_number_with_chapter_paragraph_and_title_is_held_as_the_id(tmp_path, doc):
    # The JSONL form of the earlier sets: the number as printed, told apart by the title where printed twice.
    base = {"lang": "kk", "question": "интернат меңгерушісі бола аламын ба?", "category": None, "education": "higher",
            "locality": None, "years": 3, "eligible": True}
    path = write_jsonl(tmp_path / "cases.jsonl", [
        base | {"id": "n1", "chapter": 3, "paragraph": 14, "clause": 94, "position_kk": "Білім беру ұйымы жанындағы интернат меңгерушісі"},
        base | {"id": "n2", "chapter": 3, "paragraph": 14, "clause": 94, "position_kk": None},
        base | {"id": "n3", "chapter": 2, "paragraph": 1, "clause": 9, "position_kk": None},
    ])
    loaded = load_case_set(path, doc)
    assert [(c.id, c.clause) for c in loaded.items] == [("n1", "ch3.p14b.c94"), ("n3", "ch2.p1.c9")]
    assert [p.id for p in loaded.problems] == ["n2"] and "printed twice" in loaded.problems[0].reason


def test_an_unknown_format_or_a_missing_file_is_an_input_error(tmp_path, doc):
    with pytest.raises(InputError, match="unknown question set format"):
        load_question_set(tmp_path / "q.txt", doc)
    with pytest.raises(InputError, match="no question set at"):
        load_question_set(tmp_path / "q.csv", doc)
    with pytest.raises(InputError, match="empty"):
        load_question_set(write_csv(tmp_path / "e.csv", [""]), doc)
