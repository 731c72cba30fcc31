"""Fixtures of the evaluation tests: the hashing-embedder assistant and small question sets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.regulation.corpus import PROJECT_ROOT

EVAL_DIR = PROJECT_ROOT / "eval"
# Committed questions in both languages, with one the regulation does not answer.
SAMPLE_IDS = ("q0012", "q0018", "q0020", "q0026", "q0044", "q0290")
SAMPLE_CASES = ("e005", "e006")
# A question whose gold label points elsewhere: every suite must fail it.
MISLABELLED = {"id": "x001", "lang": "kk", "question": "балабақша меңгерушісі нені білуі керек",
               "answerable": True, "gold_clauses": [{"chapter": 9, "paragraph": None, "clause": 244,
                                                     "position_kk": None}], "must_mention": []}


def committed(path: Path, ids: tuple[str, ...]) -> list[dict]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [row for row in rows if row["id"] in ids]


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def hash_assistant(hash_retriever):
    from assistant.answering.chain import Assistant
    from assistant.answering.conversation import MemorySessionStore

    return Assistant(hash_retriever.settings, retriever=hash_retriever, sessions=MemorySessionStore())


@pytest.fixture
def hash_chain(monkeypatch, hash_assistant):
    """``get_assistant()`` gives the hashing-embedder assistant (no model, index built once)."""
    monkeypatch.setattr("assistant.answering.chain.get_assistant", lambda: hash_assistant)
    return hash_assistant


@pytest.fixture
def sample_questions(tmp_path) -> Path:
    return write_jsonl(tmp_path / "questions.jsonl", committed(EVAL_DIR / "questions.jsonl", SAMPLE_IDS))


@pytest.fixture
def sample_cases(tmp_path) -> Path:
    return write_jsonl(tmp_path / "cases.jsonl", committed(EVAL_DIR / "eligibility.jsonl", SAMPLE_CASES))
