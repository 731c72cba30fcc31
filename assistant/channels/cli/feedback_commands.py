"""``assistant feedback export``: rated answers as question-set rows, for QA staff to label.

Each distinct question people rated (newest rating first; the same question asked again is
one row, with how often it was rated) becomes a row in the columns of the question set
(:data:`assistant.evaluation.sets.QUESTION_COLUMNS`): ``answerable``, ``gold_clauses``,
``must_mention`` and ``evidence`` are left for QA to fill in. The columns after them (the
rating, the comment, what was answered and cited) are context; the loaders ignore them.
An unlabelled row is reported by ``assistant eval run`` (an answerable question needs a
gold clause), so it cannot be counted by mistake.

``assistant feedback`` itself (the review listing) is registered by web/commands.py; this
module adds the ``export`` action under it.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from pathlib import Path

from pydantic import BaseModel, Field

from ...errors import InputError
from ...evaluation.sets import QUESTION_COLUMNS
from ...storage.database import ReviewItem, Storage
from ...language.textnorm import normalise

CONTEXT_COLUMNS = ["rating", "comment", "times_rated", "last_rated_at", "route", "cited", "answer"]


class ExportRow(BaseModel):
    id: str
    lang: str
    question: str
    answerable: bool | None = Field(default=None, description="for QA to fill in")
    gold_clauses: list[str] = Field(default_factory=list, description="for QA to fill in")
    must_mention: list[str] = Field(default_factory=list)
    evidence: str = ""
    tags: list[str] = Field(default_factory=lambda: ["feedback"])
    rating: str
    comment: str | None
    times_rated: int
    last_rated_at: str
    route: str
    cited: list[str]
    answer: str


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.choices.get("feedback") or subparsers.add_parser("feedback", help="rated answers")
    actions = parser.add_subparsers(dest="feedback_action", metavar="ACTION")
    p = actions.add_parser("export", help="rated answers as question-set rows (CSV or JSONL) for QA to label")
    p.add_argument("--format", choices=["csv", "jsonl"], default="csv")
    p.add_argument("--rating", choices=["down", "up", "all"], default="down", help="which ratings (default: down)")
    p.add_argument("--limit", type=int, default=10_000, help="at most this many ratings, newest first")
    p.add_argument("--out", type=Path, help="write to this file instead of the standard output")
    p.set_defaults(handler=export_command)


def export_rows(items: list[ReviewItem]) -> list[ExportRow]:
    """One row per distinct question (newest rating first)."""
    rows: dict[str, ExportRow] = {}
    for item in items:
        key = normalise(item.answer.question).casefold()
        if key in rows:
            rows[key].times_rated += 1
            continue
        a, fb = item.answer, item.feedback
        rows[key] = ExportRow(
            id=f"fb-{a.answer_id[:8]}", lang=a.lang, question=a.question, rating=fb.rating, comment=fb.comment,
            times_rated=1, last_rated_at=fb.created_at.isoformat(timespec="seconds"), route=a.route,
            cited=a.citations, answer=a.answer,
        )
    return list(rows.values())


def to_jsonl(rows: list[ExportRow]) -> str:
    return "".join(json.dumps(r.model_dump(), ensure_ascii=False) + "\n" for r in rows)


def to_csv(rows: list[ExportRow]) -> str:
    """Lists ``;``-separated, booleans as true/false, as the question-set loader reads them."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(QUESTION_COLUMNS + CONTEXT_COLUMNS)
    for row in rows:
        data = row.model_dump()
        writer.writerow([_cell(data[column]) for column in QUESTION_COLUMNS + CONTEXT_COLUMNS])
    return buffer.getvalue()


def _cell(value: object) -> str:
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def export(storage: Storage, rating: str, limit: int) -> list[ExportRow]:
    if limit < 1:
        raise InputError(f"--limit must be at least 1, not {limit}")
    return export_rows(storage.review(limit=limit, rating=None if rating == "all" else rating))


def export_command(args: argparse.Namespace) -> int:
    from ...settings import get_settings
    from ...storage.database import open_storage

    storage = open_storage(get_settings().database_url)
    try:
        rows = export(storage, args.rating, args.limit)
    finally:
        storage.close()
    text = to_csv(rows) if args.format == "csv" else to_jsonl(rows)
    if args.out is None:
        sys.stdout.write(text)
        return 0
    # A byte-order mark lets Excel open a CSV of Cyrillic text as UTF-8.
    encoding = "utf-8-sig" if args.format == "csv" else "utf-8"
    try:
        args.out.write_text(text, encoding=encoding)
    except OSError as exc:
        raise InputError(f"cannot write {args.out}: {exc.strerror}") from exc
    print(f"{len(rows)} questions written to {args.out}", file=sys.stderr)
    return 0
