"""The dialogues and traps suites: turns asked in order in one session; a wrong verdict counted apart."""

from __future__ import annotations

import json

from assistant.channels.cli import main
from assistant.evaluation.results import load_results

from .conftest import EVAL_DIR, write_jsonl

DIALOGUE = [  # a correction turns the verdict, the follow-up keeps the position and facts
    {"dialogue": "t1", "turn": 1, "lang": "kk", "question": "Колледж бітіргенмін, қаладағы балабақшада 2 жыл тәрбиеші "
     "болдым. Мектепке дейінгі ұйымның әдіскері бола аламын ба?", "gold_clauses": ["ch2.p2.c12"], "eligible": False},
    {"dialogue": "t1", "turn": 2, "lang": "kk", "question": "жоқ, ауылда", "gold_clauses": ["ch2.p2.c12"], "eligible": True},
    {"dialogue": "t1", "turn": 3, "lang": "kk", "question": "ал оның міндеттері қандай?", "gold_clauses": ["ch2.p2.c10"]},
    {"dialogue": "t2", "turn": 1, "lang": "ru", "question": "Сколько дней отпуск у воспитателя?", "expect": "abstain",
     "answerable": False},
]


def run(*args) -> int:
    return main(["eval", "run", *map(str, args)])


def test_dialogues_are_asked_turn_by_turn_and_traps_count_wrong_verdicts(tmp_path, hash_chain):
    dialogues = write_jsonl(tmp_path / "dialogues.jsonl", DIALOGUE)
    traps = tmp_path / "traps.jsonl"
    traps.write_text("".join(line + "\n" for line in (EVAL_DIR / "dev" / "traps.jsonl").read_text(
        encoding="utf-8").splitlines()[:3]), encoding="utf-8")
    thresholds = tmp_path / "thresholds.toml"
    thresholds.write_text('[dialogues]\n"no_wrong_verdict" = 1.0\n[traps]\n"no_wrong_verdict" = 1.0\n', encoding="utf-8")
    out = tmp_path / "out"
    assert run("dialogues", "traps", "--dialogues", dialogues, "--traps", traps, "--out", out,
               "--thresholds", thresholds, "--check") == 0
    results = load_results(out / "results.json")
    turns = {o.id: o for o in results.suites["dialogues"].outcomes}
    assert [turns[f"t1.{i}"].passed for i in (1, 2, 3)] == [True, True, True], [o.reasons for o in turns.values()]
    assert turns["t2.1"].passed  # the out-of-scope turn is refused
    assert "turn 1:" in turns["t1.2"].notes[0]  # the report shows the dialogue so far
    metrics = results.suites["dialogues"].metrics
    assert metrics["follow_ups"] == 1.0 and metrics["wrong_verdicts"] == 0
    assert results.suites["traps"].metrics["n"] == 3


def test_a_wrong_verdict_fails_the_gate(tmp_path, hash_chain):
    wrong = [dict(DIALOGUE[0], eligible=True)]  # mislabelled on purpose: the assistant's «no» now counts as wrong
    dialogues = write_jsonl(tmp_path / "dialogues.jsonl", wrong)
    thresholds = tmp_path / "thresholds.toml"
    thresholds.write_text('[dialogues]\n"no_wrong_verdict" = 1.0\n', encoding="utf-8")
    assert run("dialogues", "--dialogues", dialogues, "--out", tmp_path / "out", "--thresholds", thresholds,
               "--check") == 1
    results = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))
    assert results["suites"]["dialogues"]["metrics"]["wrong_verdicts"] == 1
