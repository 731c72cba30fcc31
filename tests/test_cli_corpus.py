"""The corpus commands: clauses, positions, show."""

from __future__ import annotations

import json

from assistant.channels.cli import main


def test_clauses_jsonl_prints_one_object_per_clause_with_the_documented_fields(capsys, doc):
    assert main(["clauses", "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == len(doc.clauses) == 341
    assert set(rows[0]) == {"id", "kind", "section", "chapter", "chapter_title", "paragraph",
                            "position", "clause", "text", "line_start", "line_end"}
    row = next(r for r in rows if r["id"] == "ch2.p2.c12")
    assert (row["chapter"], row["paragraph"], row["clause"], row["kind"]) == (2, 2, 12, "requirements")


def test_positions_lists_91_positions_with_clause_ids(capsys):
    assert main(["positions"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 91
    assert lines[1].split("\t")[0] == "ch2.p2"
    assert lines[1].split("\t")[2].split() == ["ch2.p2.c10", "ch2.p2.c11", "ch2.p2.c12", "ch2.p2.c13"]


def test_show_clause_12_names_chapter_paragraph_and_the_methodist(capsys):
    assert main(["show", "12"]) == 0
    out = capsys.readouterr().out
    assert "2-тарау" in out and "2-параграф" in out and "12-тармақ" in out
    assert "Мектепке дейінгі тәрбие және оқыту ұйымының әдіскері" in out
    assert "жұмыс өтіліне талап қойылмайды" in out


def test_show_accepts_ids_and_triples(capsys):
    assert main(["show", "ch3.p14b.c94"]) == 0
    assert "интернат меңгерушісі" in capsys.readouterr().out
    assert main(["show", "3.15.95", "--lang", "ru"]) == 0
    assert "глава 3, параграф 15, пункт 95" in capsys.readouterr().out


def test_show_an_ambiguous_number_lists_the_candidates_and_exits_2(capsys):
    assert main(["show", "93"]) == 2
    err = capsys.readouterr().err
    assert "ch3.p14.c93" in err and "ch3.p14b.c93" in err
    assert "Traceback" not in err


def test_show_an_unknown_reference_exits_2_with_a_sentence(capsys):
    assert main(["show", "999"]) == 2
    assert "no clause matches «999»" in capsys.readouterr().err


def test_a_closed_pipe_is_not_a_traceback():
    import subprocess
    import sys

    proc = subprocess.run(f"{sys.executable} -m assistant clauses | head -1", shell=True,
                          capture_output=True, text=True, timeout=60)
    assert proc.stdout.startswith('{"id": "order.c1"')
    assert "Traceback" not in proc.stderr
