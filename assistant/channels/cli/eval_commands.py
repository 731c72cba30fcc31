"""``assistant eval SUITE …``: one subcommand per evaluation suite."""

from __future__ import annotations

import argparse
import importlib

# Modules of assistant.evaluation that contribute a suite, in help order.
SUITES: list[str] = ["runner", "retrieval", "answers", "eligibility"]


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("eval", help="evaluate retrieval, answers or eligibility on a question set")
    suites = parser.add_subparsers(dest="suite", required=True, metavar="SUITE")
    for name in SUITES:
        importlib.import_module(f"assistant.evaluation.{name}").register(suites)
