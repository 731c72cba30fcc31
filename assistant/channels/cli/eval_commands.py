"""``assistant eval …``: ``run`` (every suite, results.json and report.html) and three single-suite
commands that print a table instead: ``retrieval FILE``, ``answers FILE [--eligibility FILE]`` and
``eligibility FILE``.

The single-suite commands are thin wrappers: they read their files with the same loader and set
models (:mod:`assistant.evaluation.sets`: JSONL, CSV or XLSX) and run the same suites
(:mod:`assistant.evaluation.runner`) as ``run``; only the printing is theirs.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ...evaluation import runner
from ...evaluation.sets import LoadedSet, load_case_set, load_question_set


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("eval", help="evaluate retrieval, answers or eligibility on a question set")
    suites = parser.add_subparsers(dest="suite", required=True, metavar="SUITE")
    runner.register(suites)

    p = suites.add_parser("retrieval", help="hit@k and MRR of hybrid, lexical and dense retrieval")
    p.add_argument("file", type=Path, help="question set (.jsonl, .csv, .xlsx), e.g. eval/questions.jsonl")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    p.set_defaults(handler=retrieval_command)

    p = suites.add_parser("answers", help="citation hits, must-mention, language, abstention, latency")
    p.add_argument("questions", type=Path)
    p.add_argument("--eligibility", type=Path, help="also the verdict accuracy on these free-text cases")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=answers_command)

    p = suites.add_parser("eligibility", help="accuracy of the eligibility checker (structured and free text)")
    p.add_argument("file", type=Path, help="an eligibility set (.jsonl, .csv, .xlsx), e.g. eval/eligibility.jsonl")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(handler=eligibility_command)


def _items(loaded: LoadedSet) -> list[Any]:
    """The rows that could be read; the others are named on stderr, as ``run`` does."""
    for problem in loaded.problems:
        print(f"left out: {problem}", file=sys.stderr)
    return loaded.items


def _document():
    from .corpus_commands import settings_document

    return settings_document()


# -- retrieval -----------------------------------------------------------------------------------

def retrieval_command(args: argparse.Namespace) -> int:
    from ...evaluation.retrieval import format_table
    from ...search.retrieval import get_retriever

    questions = _items(load_question_set(args.file, _document()))
    metrics = runner.run_retrieval(get_retriever(), questions, list(runner.MODES)).metrics
    report = {mode: metrics[mode] for mode in runner.MODES}
    print(json.dumps(report) if args.json else format_table(report))
    return 0


# -- answers -------------------------------------------------------------------------------------

def answers_command(args: argparse.Namespace) -> int:
    from ...answering.chain import get_assistant

    doc = _document()
    questions = _items(load_question_set(args.questions, doc))
    cases = _items(load_case_set(args.eligibility, doc)) if args.eligibility is not None else []
    assistant = get_assistant()
    assistant.load()
    result = runner.run_answers(assistant, questions, cases)
    if args.json:
        print(json.dumps(result.metrics, ensure_ascii=False))
        return 0
    print(answers_table(result))
    return 0


def answers_table(result) -> str:
    report = result.metrics
    lines = [f"{'':4} {'n':>4} {'hit@1':>7} {'hit@3':>7} {'mention':>8} {'lang':>6}"]
    for lang in ("kk", "ru", "all"):
        m = report[lang]
        lines.append(f"{lang:4} {m['n']:>4} {m['citation_hit@1']:>7.3f} {m['citation_hit@3']:>7.3f} "
                     f"{m['must_mention']:>8.3f} {m['language_match']:>6.3f}")
    a = report["abstention"]
    lines.append(f"abstention precision {a['precision']:.3f} recall {a['recall']:.3f}")
    if "eligibility" in report:
        e = report["eligibility"]
        lines.append(f"eligibility (free text through answer): n={e['n']} accuracy {e['accuracy']:.3f}")
    lines.append(f"latency p50 {report['latency_ms']['p50']} ms, p95 {report['latency_ms']['p95']} ms")
    misses = [o for o in result.outcomes if o.set == "questions" and o.expected
              and (o.rank is None or o.rank > runner.ANSWER_TOP)]
    lines += [f"  miss {o.id} ({o.lang}): cited {', '.join(o.got) or '—'}" for o in misses[:20]]
    return "\n".join(lines)


# -- eligibility ---------------------------------------------------------------------------------

def eligibility_command(args: argparse.Namespace) -> int:
    from ...evaluation.eligibility import evaluate_cases

    doc = _document()
    report = evaluate_cases(_items(load_case_set(args.file, doc)), doc)
    if args.json:
        data = report.model_dump()
        data["free_text"].pop("deferred_ids")
        print(json.dumps(data, ensure_ascii=False))
        return 0
    s, f = report.structured, report.free_text
    print(f"structured: {s.accuracy:.1%} of {s.n - len(s.deferred_ids)} scored "
          f"({len(s.deferred_ids)} deferred: {', '.join(s.deferred_ids) or 'none'})")
    print(f"free text:  {f.accuracy:.1%} of {f.n}")
    for failure in report.failures:
        print(f"  {failure.path:10} {failure.id}: expected {failure.expected}, got {failure.got}")
    return 0
