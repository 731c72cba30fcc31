"""``assistant clauses``, ``assistant positions``, ``assistant show``."""

from __future__ import annotations

import argparse
import json

from ...regulation.citation import cite
from ...regulation.corpus import load_document
from ...regulation.document import Document
from ...regulation.references import resolve_clause


def settings_document() -> Document:
    """The regulation the settings name (``ASSISTANT_CORPUS_PATH``; the packaged text by default)."""
    from ...settings import get_settings

    return load_document(get_settings().corpus_path)


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("clauses", help="print every clause of the regulation")
    p.add_argument("--format", choices=["jsonl", "text"], default="jsonl")
    p.set_defaults(handler=clauses_command)

    p = subparsers.add_parser("positions", help="list the positions with their clause ids")
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p.set_defaults(handler=positions_command)

    p = subparsers.add_parser("show", help="print one clause with its citation")
    p.add_argument("ref", help="a clause id (ch2.p2.c12), a triple (2.2.12) or an unambiguous clause number")
    p.add_argument("--lang", choices=["kk", "ru"], default="kk")
    p.set_defaults(handler=show_command)


def clauses_command(args: argparse.Namespace) -> int:
    for clause in settings_document().clauses:
        if args.format == "jsonl":
            print(json.dumps(clause.export(), ensure_ascii=False))
        else:
            print(f"{clause.id}\t{clause.kind.value}\t{clause.text[:100]}")
    return 0


def positions_command(args: argparse.Namespace) -> int:
    for position in settings_document().positions:
        if args.json:
            print(json.dumps(position.model_dump(mode="json"), ensure_ascii=False))
        else:
            print(f"{position.id}\t{position.title}\t{' '.join(position.clause_ids)}")
    return 0


def show_command(args: argparse.Namespace) -> int:
    clause = resolve_clause(settings_document(), args.ref)
    print(cite(clause, args.lang))
    print(f"[{clause.id} · {clause.kind.value} · lines {clause.line_start}–{clause.line_end}]")
    print()
    print(f"{clause.clause}. {clause.text}")
    for note in clause.notes:
        print(f"\n{note.text}")
    return 0
