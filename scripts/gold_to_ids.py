"""Rewrite the gold labels of every committed evaluation set as clause ids (issue 17, item 5).

    python scripts/gold_to_ids.py            # rewrite the sets in place; exit 1 (nothing written) if any label is unresolved
    python scripts/gold_to_ids.py --check    # exit 1 if a set still holds a label that is not a clause id

A question's or a turn's ``gold_clauses`` item written as the JSON object ``{"chapter", "paragraph",
"clause", "position_kk"}`` is resolved by the loader's own matcher
(:func:`assistant.evaluation.gold.clauses_named`), one written as text (``2.2.12``, a competence
level ``ch2.p2.c13.l5``) by :func:`assistant.regulation.references.resolve_clause`; a case's ``clause`` number
with its ``chapter``, ``paragraph`` and ``position_kk`` becomes the one ``clause`` id and those three
keys go. A label that names no clause or two is reported (file and line; the label itself except in
the held-out folder, whose rows are not shown to anyone tuning the assistant) and nothing is
written. Lines whose labels are already clause ids are left byte for byte as they are; nothing but
the labels changes.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.regulation.corpus import load_document
from assistant.regulation.document import Document
from assistant.errors import AssistantError
from assistant.evaluation.gold import GoldClause, clauses_named
from assistant.regulation.references import resolve_clause

EVAL_DIR = ROOT / "eval"
HELD_OUT = EVAL_DIR / "heldout"
CASE_COLUMNS = ("chapter", "paragraph", "position_kk")


class Unresolved(Exception):
    """A label that does not name exactly one clause."""


def committed_sets(eval_dir: Path = EVAL_DIR) -> list[Path]:
    """Every JSONL set under eval/ (questions, eligibility cases, dialogues, traps, the yes/no sets)."""
    return sorted(eval_dir.rglob("*.jsonl"))


def label_id(doc: Document, label: Any) -> str:
    """The clause id a gold label names (Unresolved if it names none or two)."""
    if isinstance(label, dict):
        try:
            found = clauses_named(doc, GoldClause.model_validate(label))
        except ValueError as exc:
            raise Unresolved(f"not a gold clause ({exc.__class__.__name__})") from exc
        if len(found) != 1:
            raise Unresolved(f"matches {len(found)} clauses{': ' + ', '.join(c.id for c in found) if found else ''}")
        return found[0].id
    if not isinstance(label, str):
        raise Unresolved(f"a label must be an id, a triple or an object, not {type(label).__name__}")
    try:
        return resolve_clause(doc, label).id
    except AssistantError as exc:
        raise Unresolved(str(exc)) from exc


def converted(doc: Document, row: dict[str, Any]) -> dict[str, Any]:
    """The row with its gold labels as clause ids (the same object when nothing changes)."""
    new = dict(row)
    if isinstance(row.get("gold_clauses"), list):
        new["gold_clauses"] = [label_id(doc, g) for g in row["gold_clauses"]]
    if "clause" in row:
        if isinstance(row["clause"], int) or (isinstance(row["clause"], str) and row["clause"].strip().isdigit()):
            label = {"clause": int(row["clause"]), **{k: row.get(k) for k in CASE_COLUMNS}}
            new = {k: v for k, v in new.items() if k not in CASE_COLUMNS}
            new["clause"] = label_id(doc, label)
            new = {k: new[k] for k in _ordered(row, new)}
        else:
            new["clause"] = label_id(doc, row["clause"])
    return row if new == row else new


def _ordered(row: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """The keys of ``new`` in the row's order, the clause id where the first clause column was."""
    keys = []
    for key in row:
        if key in CASE_COLUMNS or key == "clause":
            if "clause" not in keys:
                keys.append("clause")
        elif key in new:
            keys.append(key)
    return keys


def plan(doc: Document, paths: list[Path]) -> tuple[dict[Path, str], list[str], dict[Path, int]]:
    """(new text of each file that changes, the unresolved labels, rows rewritten per file)."""
    texts: dict[Path, str] = {}
    problems: list[str] = []
    counts: dict[Path, int] = {}
    for path in paths:
        held_out = HELD_OUT in path.parents
        lines = path.read_text(encoding="utf-8").split("\n")
        out, changed = [], 0
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                out.append(line)
                continue
            row = json.loads(line)
            try:
                new = converted(doc, row)
            except Unresolved as exc:
                where = f"{path.relative_to(ROOT)}, line {number}"
                problems.append(where if held_out else f"{where} ({_shown(row)}): {exc}")
                out.append(line)
                continue
            if new is not row:
                changed += 1
                line = json.dumps(new, ensure_ascii=False)
            out.append(line)
        counts[path] = changed
        if changed:
            texts[path] = "\n".join(out)
    return texts, problems, counts


def _shown(row: dict[str, Any]) -> str:
    labels = row.get("gold_clauses", row.get("clause"))
    return f"{row.get('id')}: {json.dumps(labels, ensure_ascii=False)}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a label is not a clause id")
    args = parser.parse_args(argv)
    texts, problems, counts = plan(load_document(), committed_sets())
    for path, n in counts.items():
        print(f"{path.relative_to(ROOT)}: {n} row(s) {'to rewrite' if args.check else 'rewritten'}")
    if problems:
        print(f"\n{len(problems)} label(s) do not name exactly one clause; nothing written:", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    if args.check:
        return 1 if texts else 0
    for path, text in texts.items():
        path.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
