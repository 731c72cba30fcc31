"""``assistant index [--rebuild]``: build the search index now (otherwise built on first use)."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("index", help="build the search index if it is missing or stale")
    parser.add_argument("--rebuild", action="store_true", help="rebuild even when the index is up to date")
    parser.set_defaults(handler=index_command)


def index_command(args: argparse.Namespace) -> int:
    from ..retrieval import get_retriever  # chromadb and the models load only when asked for

    retriever = get_retriever()
    report = retriever.open_index(rebuild=args.rebuild)
    manifest = retriever.vectors.manifest
    verb = "built" if report.rebuilt else "up to date"
    print(f"index {verb} ({report.reason}): {report.chunks} chunks, embedder {manifest.embedder}, "
          f"corpus {manifest.corpus_sha256[:12]}…, {report.seconds:.1f} s")
    return 0
