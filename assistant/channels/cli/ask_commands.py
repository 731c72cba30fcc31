"""``assistant ask`` and ``assistant chat``: the chain on the command line."""

from __future__ import annotations

import argparse
import sys

from ...answering.answer import Answer


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("ask", help="answer one question (Kazakh or Russian)")
    p.add_argument("question")
    p.add_argument("--lang", choices=["kk", "ru"], help="answer in this language (default: the question's)")
    p.add_argument("--json", action="store_true", help="print the Answer as JSON")
    p.set_defaults(handler=ask_command)

    p = subparsers.add_parser("chat", help="an interactive conversation (follow-up questions keep the context)")
    p.add_argument("--lang", choices=["kk", "ru"])
    p.set_defaults(handler=chat_command)


def ask_command(args: argparse.Namespace) -> int:
    from ...answering.chain import get_assistant

    answer = get_assistant().answer(args.question, lang=args.lang)
    print(answer.model_dump_json(indent=2) if args.json else show(answer))
    return 0


def chat_command(args: argparse.Namespace) -> int:
    from ...answering.chain import get_assistant
    from ...answering.conversation import Session
    from ...errors import InputError

    assistant = get_assistant()
    session = Session()  # the conversation lives as long as the chat: nothing is stored
    print("Сұрағыңызды жазыңыз / Задайте вопрос (Ctrl-D — exit).")
    for line in sys.stdin if not sys.stdin.isatty() else iter(lambda: input("> "), None):
        if not line.strip():
            continue
        try:
            answer = assistant.answer(line, session, args.lang)
        except InputError as exc:
            print(f"assistant: {exc}", file=sys.stderr)
            continue
        print(show(answer) + "\n")
    return 0


def show(answer: Answer) -> str:
    text = answer.answer
    if answer.notice:
        text = f"[{answer.notice}]\n{text}"
    return text
