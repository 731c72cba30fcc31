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

# Modules of assistant.channels that contribute subcommands, in help order: the web service and the bot
# register their own (``serve``, ``bot``), so that the command line imports no other channel.
COMMAND_MODULES = ["cli.corpus_commands", "cli.index_commands", "cli.ask_commands", "cli.check_commands", "web.commands",
                   "cli.feedback_commands", "telegram.commands", "cli.eval_commands"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="assistant",
        description="Assistant over the typical qualification characteristics of teacher positions (order No. 338).",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"assistant.channels.{name}").register(subparsers)
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
