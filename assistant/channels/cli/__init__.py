"""The ``assistant`` command line.

Each domain registers its own subcommands (``register(subparsers)``) in a
module of this package; ``main`` wires them and turns every
:class:`AssistantError` into one sentence on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from ...errors import AssistantError

# Modules of this package that contribute subcommands, in help order.
COMMAND_MODULES = ["corpus_commands", "index_commands", "ask_commands", "check_commands", "serve_commands", "feedback_commands", "bot_commands", "eval_commands"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="assistant",
        description="Assistant over the typical qualification characteristics of teacher positions (order No. 338).",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"{__name__}.{name}").register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args) or 0
    except AssistantError as exc:
        print(f"assistant: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (``assistant clauses | head``): not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
