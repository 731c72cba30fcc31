"""The checker's channels: the ``assistant check`` command, the LangChain tool, ``assistant eval eligibility``."""

from __future__ import annotations

import json

from assistant.channels.cli import main
from assistant.eligibility import eligibility_tool


def test_check_prints_the_verdict_and_the_explanation(capsys):
    assert main(["check", "--position", "ch2.p2", "--education", "tvet", "--locality", "rural", "--years", "1"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "eligible" and "12-тармақ" in out


def test_check_json_is_the_whole_result(capsys):
    assert main(["check", "--position", "ch2.p2", "--level", "master", "--education", "higher",
                 "--locality", "urban", "--years", "4", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["verdict"], data["min_years"], data["shortfall"]) == ("not_eligible", 5.0, 1.0)
    assert data["citation"]["id"] == "ch2.p2.c12"


def test_check_takes_the_retraining_document_held_or_not(capsys):
    facts = ["check", "--position", "ch3.p1", "--education", "tvet", "--years", "8", "--nested-years", "2",
             "--leadership-years", "3", "--json"]
    assert main(facts + ["--retraining", "no"]) == 0
    assert json.loads(capsys.readouterr().out)["verdict"] == "not_eligible"
    assert main(facts + ["--retraining", "yes"]) == 0
    assert json.loads(capsys.readouterr().out)["verdict"] == "eligible"


def test_check_accepts_a_title_and_reports_how_it_matched(capsys):
    assert main(["check", "--position", "Мектепке дейінгі тәрбие және оқыту ұйымының әдіскері",
                 "--education", "higher", "--years", "0", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["position_id"] == "ch2.p2"


def test_negative_years_exit_2_with_a_sentence(capsys):
    assert main(["check", "--position", "ch2.p2", "--years", "-1"]) == 2
    err = capsys.readouterr().err
    assert "cannot be negative" in err and "Traceback" not in err


def test_unknown_position_and_level_exit_2(capsys):
    assert main(["check", "--position", "космонавт-водолаз", "--years", "3"]) == 2
    assert "no position matches" in capsys.readouterr().err
    assert main(["check", "--position", "ch2.p2", "--level", "гроссмейстер", "--years", "3"]) == 2
    assert "unknown qualification level" in capsys.readouterr().err


def test_the_tool_has_a_pydantic_schema_and_returns_the_result():
    assert eligibility_tool.name == "eligibility_check"
    assert {"position", "years", "locality", "categories_held"} <= set(eligibility_tool.args)
    out = eligibility_tool.invoke({"position": "ch2.p2", "education": "tvet", "locality": "urban", "years": 2})
    assert out["verdict"] == "not_eligible" and out["min_years"] == 3


def test_eval_eligibility_json_reports_both_paths_and_defers_facts_the_fields_cannot_carry(tmp_path, capsys):
    cases = [
        {"id": "a", "lang": "kk", "question": "Колледж бітіргенмін, ауылдағы балабақшада 1 жыл істедім, әдіскер бола аламын ба?",
         "position_kk": "Мектепке дейінгі тәрбие және оқыту ұйымының әдіскері", "chapter": 2, "paragraph": 2,
         "clause": 12, "category": None, "education": "tvet", "locality": "rural", "years": 1, "eligible": True,
         "min_years": 1, "evidence": "ауылдық жерде - кемінде 1 жыл"},
        {"id": "b", "lang": "ru", "question": "Хочу стать заведующей детским садом в городе, высшее, стаж 6 лет.",
         "position_kk": "Мектепке дейінгі тәрбие және оқыту ұйымының басшысы", "chapter": 2, "paragraph": 1,
         "clause": 9, "category": None, "education": "higher", "locality": "urban", "years": 6, "eligible": True,
         "min_years": 5, "evidence": "педагогикалық жұмыс өтілі бес жыл"},
    ]
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(json.dumps(c, ensure_ascii=False) for c in cases), encoding="utf-8")
    assert main(["eval", "eligibility", str(path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["structured"] == {"n": 2, "accuracy": 1.0, "deferred_ids": ["b"]}
    assert report["free_text"] == {"n": 2, "accuracy": 0.5}
    assert [(f["id"], f["path"]) for f in report["failures"]] == [("b", "free_text")]


def test_eval_eligibility_on_a_missing_file_exits_2(capsys, tmp_path):
    assert main(["eval", "eligibility", str(tmp_path / "none.jsonl")]) == 2
    assert "no question set" in capsys.readouterr().err
