"""``assistant eval run [SUITE …]``: the suites on QA's question sets, results.json and report.html.

Suites: ``retrieval`` (the hybrid retriever, with lexical-only and dense-only beside it),
``answers`` (the whole chain's answers, judged without an LLM), ``eligibility`` (the checker on
labelled cases), ``dialogues`` (conversations turn by turn) and ``traps`` (eligibility cases with a
distracting figure; see :mod:`assistant.evaluation.dialogues`). With no suite named, those whose
set file exists run, sharing one loaded assistant; ``--sets DIR`` takes all four files and the
thresholds of a folder (``eval/dev``, ``eval/heldout``). Sets
may be JSONL, CSV or XLSX (:mod:`assistant.evaluation.sets`); bad rows are reported and
left out. ``--check`` exits with status 1 when a figure misses its minimum in
eval/thresholds.toml or a row could not be read; ``--baseline`` compares with an earlier
results.json. The single-suite commands (``assistant eval retrieval FILE`` …,
:mod:`assistant.channels.cli.eval_commands`) run the same suites on the same set models and print a table.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from ..regulation.citation import cite
from ..regulation.corpus import PROJECT_ROOT, load_document
from ..regulation.document import Document
from ..errors import InputError
from .answers import abstention, judge, latency, mentions, summary
from .eligibility import evaluate_cases
from .dialogues import DialogueTurn, load_dialogue_set, load_trap_set, run_dialogues, run_traps, verdict_of
from .gold import first_gold_rank
from .results import ClauseInfo, InputSet, Outcome, Results, SuiteResult, compare, load_results
from .retrieval import DEPTH, Metrics, question_ranks
from .sets import Case, LoadedSet, Question, case_clause, load_case_set, load_question_set
from .thresholds import DEFAULT_THRESHOLDS, apply, load_as_of, load_thresholds
from .thresholds import SUITES as THRESHOLD_SUITES

if TYPE_CHECKING:
    from ..answering.answer import Answer
    from ..answering.chain import Assistant
    from ..search.retrieval import Retriever

EVAL_DIR = PROJECT_ROOT / "eval"
SUITES = THRESHOLD_SUITES  # retrieval, answers, eligibility, dialogues, traps — in the order they run
MODES = ("hybrid", "lexical", "dense")
RETRIEVAL_TOP = 5  # a question passes retrieval when an expected clause is in the top 5 (hit@5)
ANSWER_TOP = 3  # … and its answer when one is among the first 3 citations (citation hit@3)


class RunOptions(BaseModel):
    suites: list[str] = list(SUITES)
    questions: Path = EVAL_DIR / "questions.jsonl"
    eligibility: Path = EVAL_DIR / "eligibility.jsonl"
    dialogues: Path = EVAL_DIR / "dialogues.jsonl"
    traps: Path = EVAL_DIR / "traps.jsonl"
    out: Path = EVAL_DIR / "out"
    thresholds: Path = DEFAULT_THRESHOLDS
    baseline: Path | None = None
    check: bool = False
    modes: list[str] = list(MODES)


class Sets(BaseModel):
    questions: LoadedSet[Question] | None = None
    cases: LoadedSet[Case] | None = None
    dialogues: LoadedSet[DialogueTurn] | None = None
    traps: LoadedSet[Case] | None = None


# -- outcomes ------------------------------------------------------------------------------------

def question_fields(doc: Document, q: Question) -> dict[str, Any]:
    """What every suite's outcome says about a question: where it is, what it expects."""
    clauses = [doc.clause(g) for g in q.gold_clauses]
    first = clauses[0] if clauses else None
    return {"set": "questions", "id": q.id, "row": q.row, "lang": q.lang, "question": q.question,
            "chapter": first.chapter if first else None, "kind": first.kind.value if first else None,
            "tags": q.tags, "expected": [c.id for c in clauses]}


def case_fields(doc: Document, case: Case) -> dict[str, Any]:
    clause = case_clause(doc, case)
    return {"set": "eligibility", "id": case.id, "row": case.row, "lang": case.lang, "question": case.question,
            "chapter": clause.chapter, "kind": clause.kind.value, "tags": case.tags, "expected": [clause.id]}


def expected_verdict(case: Case) -> str:
    return "eligible" if case.eligible else "not_eligible"


def _rank_words(rank: int | None, top: int, what: str, none: str) -> str:
    return f"no expected clause among the first {top} {what} ({f'first at {rank}' if rank else none})"


# -- retrieval ----------------------------------------------------------------------------------

def run_retrieval(retriever: Retriever, questions: list[Question], modes: list[str]) -> SuiteResult:
    """Hybrid ranks (with ids and timings for the report), then the other modes' ranks."""
    answerable = [q for q in questions if q.answerable]
    outcomes = [hybrid_outcome(retriever, q) for q in _progress(answerable, "retrieval")]
    ranks = {"hybrid": [o.rank for o in outcomes]}
    for mode in [m for m in modes if m != "hybrid"]:
        ranks[mode] = question_ranks(retriever, answerable, mode)
    for i, outcome in enumerate(outcomes):
        alone = [f"{m} alone: {f'first at {ranks[m][i]}' if ranks[m][i] else 'not found'}" for m in ranks if m != "hybrid"]
        outcome.notes += [" · ".join(alone)] if alone else []
    metrics: dict[str, Any] = {mode: by_language(answerable, r) for mode, r in ranks.items()}
    metrics["latency_ms"] = latency([o.latency_ms for o in outcomes])
    return SuiteResult(name="retrieval", metrics=metrics, outcomes=outcomes, seconds=0.0)


def hybrid_outcome(retriever: Retriever, q: Question) -> Outcome:
    doc = retriever.document
    started = time.perf_counter()
    ids = [h.clause_id for h in retriever.search(q.question, k=DEPTH, mode="hybrid")]
    elapsed = (time.perf_counter() - started) * 1000
    rank = first_gold_rank(ids, q.gold_clauses)
    passed = rank is not None and rank <= RETRIEVAL_TOP
    reasons = [] if passed else [_rank_words(rank, RETRIEVAL_TOP, "retrieved clauses", f"none in the first {DEPTH}")]
    return Outcome(**question_fields(doc, q), passed=passed, reasons=reasons, got=ids[:RETRIEVAL_TOP],
                   rank=rank, latency_ms=elapsed)


def by_language(questions: list[Question], ranks: list[int | None]) -> dict[str, dict]:
    report = {lang: Metrics.of([r for q, r in zip(questions, ranks) if q.lang == lang]) for lang in ("kk", "ru")}
    report["all"] = Metrics.of(ranks)
    return {key: m.model_dump(by_alias=True) for key, m in report.items()}


# -- answers ------------------------------------------------------------------------------------

class Recorder:
    """The assistant, keeping its last answer (``judge`` keeps only the figures)."""

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant
        self.retriever = assistant.retriever
        self.last: Answer | None = None

    def answer(self, question: str, *args: Any, **kwargs: Any) -> Answer:
        self.last = self.assistant.answer(question, *args, **kwargs)
        return self.last


def run_answers(assistant: Assistant, questions: list[Question], cases: list[Case]) -> SuiteResult:
    doc = assistant.retriever.document
    recorder = Recorder(assistant)
    judged, outcomes = [], []
    for q in _progress(questions, "answers"):
        j = judge(recorder, q)
        judged.append(j)
        outcomes.append(answer_outcome(doc, q, j, recorder.last))
    answerable = [j for j in judged if j.answerable]
    metrics: dict[str, Any] = {lang: summary([j for j in answerable if j.lang == lang]) for lang in ("kk", "ru")}
    metrics["all"] = summary(answerable)
    metrics["abstention"] = abstention(judged)
    metrics["latin"] = script_parity(questions, outcomes)
    verdicts = [verdict_outcome(doc, assistant, case) for case in _progress(cases, "answers (eligibility)")]
    if cases:
        wrong = sum(1 for o in verdicts if any(r.startswith("WRONG") for r in o.reasons))
        metrics["eligibility"] = {"n": len(verdicts), "accuracy": round(sum(o.passed for o in verdicts) / len(verdicts), 4),
                                  "wrong_verdicts": wrong, "no_wrong_verdict": round(1 - wrong / len(verdicts), 4)}
    outcomes += verdicts
    metrics["latency_ms"] = latency([o.latency_ms for o in outcomes])
    return SuiteResult(name="answers", metrics=metrics, outcomes=outcomes, seconds=0.0)


def answer_outcome(doc: Document, q: Question, j, answer: Answer) -> Outcome:
    reasons = []
    if q.answerable and j.abstained:
        reasons.append("said the regulation does not answer this, but it does")
    elif q.answerable and (j.rank is None or j.rank > ANSWER_TOP):
        reasons.append(_rank_words(j.rank, ANSWER_TOP, "citations", "none cited"))
    elif not q.answerable and not j.abstained:
        reasons.append("answered, but the regulation does not cover this: it should have said so")
    if not j.language_ok:
        reasons.append(f"not answered in the language of the question ({q.lang})")
    missing = [m for m in q.must_mention if not mentions(answer.answer, m)]
    notes = [f"the answer does not mention: {'; '.join(f'«{m}»' for m in missing)}"] if missing else []
    return Outcome(**question_fields(doc, q), passed=not reasons, reasons=reasons, notes=notes,
                   got=j.cited, rank=j.rank, answer=answer.answer, latency_ms=j.latency_ms)


def verdict_outcome(doc: Document, assistant: Assistant, case: Case) -> Outcome:
    """An eligibility case's question through the whole chain: is the verdict the labelled one?"""
    started = time.perf_counter()
    answer = assistant.answer(case.question)
    elapsed = (time.perf_counter() - started) * 1000
    got = answer.eligibility.verdict.value if answer.eligibility is not None else f"no verdict (route {answer.route})"
    passed = got == expected_verdict(case)
    wrong = verdict_of(answer) is not None and not passed
    return Outcome(**case_fields(doc, case), passed=passed, got=[c.id for c in answer.citations],
                   reasons=[] if passed else [f"{'WRONG ' if wrong else ''}verdict: expected {expected_verdict(case)}, got {got}"],
                   answer=answer.answer, latency_ms=elapsed)


def script_parity(questions: list[Question], outcomes: list[Outcome]) -> dict[str, Any]:
    """Latin-script questions against the same questions in Cyrillic: pass rates and the gap."""
    passed = {o.id: o.passed for o in outcomes}
    pairs = [(q.id, q.pair) for q in questions if q.pair and q.pair in passed and q.id in passed]
    if not pairs:
        return {"n": 0, "passed": 1.0, "cyrillic_passed": 1.0, "parity": 1.0}
    latin = sum(passed[a] for a, _ in pairs) / len(pairs)
    cyrillic = sum(passed[b] for _, b in pairs) / len(pairs)
    return {"n": len(pairs), "passed": round(latin, 4), "cyrillic_passed": round(cyrillic, 4),
            "parity": round(1 - max(0.0, cyrillic - latin), 4)}


# -- eligibility ---------------------------------------------------------------------------------

def run_eligibility(doc: Document, cases: list[Case]) -> SuiteResult:
    """Both paths of ``assistant eval eligibility``; a case passes when neither path is wrong."""
    report = evaluate_cases(cases, doc)
    structured, free_text = report.structured, report.free_text
    wrong: dict[str, list[str]] = {}
    for failure in report.failures:
        path = "structured fields" if failure.path == "structured" else "free-text question"
        wrong.setdefault(failure.id, []).append(f"{path}: expected {failure.expected}, got {failure.got}")
    deferred = set(structured.deferred_ids)
    outcomes = [Outcome(**case_fields(doc, case), passed=case.id not in wrong, reasons=wrong.get(case.id, []),
                        notes=["structured fields: deferred (the rule needs facts the fields cannot carry)"]
                        if case.id in deferred else [])
                for case in cases]
    metrics = {"structured": {"n": structured.n, "accuracy": structured.accuracy, "deferred": len(deferred)},
               "free_text": {"n": free_text.n, "accuracy": free_text.accuracy}}
    return SuiteResult(name="eligibility", metrics=metrics, outcomes=outcomes, seconds=0.0)


# -- the run -------------------------------------------------------------------------------------

def load_sets(options: RunOptions, doc: Document) -> Sets:
    wants = set(options.suites)
    questions = load_question_set(options.questions, doc) if wants & {"retrieval", "answers"} else None
    cases = load_case_set(options.eligibility, doc) if wants & {"answers", "eligibility"} else None
    dialogues = load_dialogue_set(options.dialogues, doc) if "dialogues" in wants else None
    traps = load_trap_set(options.traps, doc) if "traps" in wants else None
    return Sets(questions=questions, cases=cases, dialogues=dialogues, traps=traps)


def run_suites(options: RunOptions, sets: Sets, doc: Document, assistant: Assistant | None) -> dict[str, SuiteResult]:
    questions = sets.questions.items if sets.questions else []
    cases = sets.cases.items if sets.cases else []
    jobs = {
        "retrieval": lambda: run_retrieval(assistant.retriever, questions, options.modes),
        "answers": lambda: run_answers(assistant, questions, cases),
        "eligibility": lambda: run_eligibility(doc, cases),
        "dialogues": lambda: run_dialogues(assistant, sets.dialogues.items if sets.dialogues else []),
        "traps": lambda: run_traps(assistant, sets.traps.items if sets.traps else []),
    }
    results = {}
    for name in [s for s in SUITES if s in options.suites]:
        started = time.perf_counter()
        results[name] = jobs[name]()
        results[name].seconds = round(time.perf_counter() - started, 1)
        print(f"{name}: {len(results[name].outcomes)} outcomes in {results[name].seconds} s", file=sys.stderr)
    return results


def evaluate(options: RunOptions, assistant: Assistant | None = None) -> Results:
    """Load the sets, run the suites, check the thresholds, compare with the baseline (start dates
    counted up to the date the set was written for, when its thresholds file says it)."""
    from ..language.dates import REFERENCE

    token = REFERENCE.set(load_as_of(options.thresholds))
    try:
        return _evaluate(options, assistant)
    finally:
        REFERENCE.reset(token)


def _evaluate(options: RunOptions, assistant: Assistant | None) -> Results:
    from ..settings import get_settings

    doc = load_document((assistant.settings if assistant else get_settings()).corpus_path)
    thresholds = load_thresholds(options.thresholds)
    baseline = load_results(options.baseline) if options.baseline else None
    sets = load_sets(options, doc)
    for loaded in (sets.questions, sets.cases, sets.dialogues, sets.traps):
        for problem in loaded.problems if loaded else []:
            print(f"left out: {problem}", file=sys.stderr)
    if assistant is None and {"retrieval", "answers", "dialogues", "traps"} & set(options.suites):
        assistant = _loaded_assistant()
    suites = run_suites(options, sets, doc, assistant)
    results = Results(
        embedder=_embedder(assistant), inputs=_inputs(sets), suites=suites,
        checks=apply(thresholds, {name: s.metrics for name, s in suites.items()}),
        clauses=clause_infos(doc, suites),
    )
    if baseline is not None:
        results.comparison = compare(results, baseline, str(options.baseline))
    return results


def _loaded_assistant() -> Assistant:
    from ..answering.chain import get_assistant  # the index and models load only when a suite needs them

    assistant = get_assistant()
    assistant.load(progress=sys.stderr.isatty())
    return assistant


def _embedder(assistant: Assistant | None) -> str:
    if assistant is None:
        return "none (eligibility only)"
    vectors = getattr(assistant.retriever, "vectors", None)
    manifest = getattr(vectors, "manifest", None)
    return getattr(manifest, "embedder", None) or assistant.retriever.settings.embedder


def _inputs(sets: Sets) -> dict[str, InputSet]:
    loaded = {"questions": sets.questions, "eligibility": sets.cases, "dialogues": sets.dialogues, "traps": sets.traps}
    return {name: InputSet(path=s.path, rows=len(s.items), problems=s.problems) for name, s in loaded.items() if s}


def clause_infos(doc: Document, suites: dict[str, SuiteResult]) -> dict[str, ClauseInfo]:
    """The clauses failures expected or got, with their text, for the report."""
    ids = {cid for s in suites.values() for o in s.outcomes if not o.passed for cid in o.expected + o.got}
    infos = {}
    for cid in sorted(ids):
        clause = doc.clause(cid)
        infos[cid] = ClauseInfo(id=cid, label=cite(clause, "kk"), kind=clause.kind.value, text=clause.text)
    return infos


def _progress(items: list, label: str):
    from tqdm import tqdm

    return tqdm(items, desc=label, unit="q", disable=None, leave=False)


# -- command line --------------------------------------------------------------------------------

def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "run", help="run the suites on question sets (JSONL/CSV/XLSX): results.json, report.html, --check",
        description="Run the retrieval, answers and eligibility suites (all, or those named) and write "
                    "results.json and a self-contained report.html.",
    )
    p.add_argument("suites", nargs="*", metavar="SUITE",
                   help=f"any of {', '.join(SUITES)} (default: all)")
    p.add_argument("--questions", type=Path, help="question set (.jsonl, .csv, .xlsx; default eval/questions.jsonl)")
    p.add_argument("--eligibility", type=Path, help="eligibility cases (.jsonl, .csv, .xlsx; default eval/eligibility.jsonl)")
    p.add_argument("--dialogues", type=Path, help="conversations, one row per turn (.jsonl, .csv, .xlsx)")
    p.add_argument("--traps", type=Path, help="eligibility cases with distracting figures (.jsonl, .csv, .xlsx)")
    p.add_argument("--sets", type=Path, help="a folder holding questions, eligibility, dialogues and traps "
                   "(.jsonl), e.g. eval/heldout; the named files above win")
    p.add_argument("--out", type=Path, default=RunOptions().out, help="folder for results.json and report.html")
    p.add_argument("--baseline", type=Path, help="an earlier results.json to compare with")
    p.add_argument("--thresholds", type=Path,
                   help="minimum figures (TOML; default: thresholds.toml of --sets, else eval/thresholds.toml)")
    p.add_argument("--check", action="store_true", help="exit 1 if a minimum is missed or a row is left out")
    p.add_argument("--modes", default=",".join(MODES),
                   help="retrieval modes to compare (hybrid always runs), comma-separated")
    p.set_defaults(handler=run_command)


def options_from(args: argparse.Namespace) -> RunOptions:
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    if unknown := [m for m in modes if m not in MODES]:
        raise InputError(f"unknown retrieval mode {unknown[0]!r}; use {', '.join(MODES)}")
    if unknown := [s for s in args.suites if s not in SUITES]:
        hint = " (a question file goes after --questions)" if Path(unknown[0]).suffix else ""
        raise InputError(f"unknown suite {unknown[0]!r}; use {', '.join(SUITES)}{hint}")
    files = set_files(args)
    suites = list(dict.fromkeys(args.suites)) or [s for s in SUITES if files[SUITE_SET[s]].exists()]
    thresholds = args.thresholds
    if thresholds is None:
        own = args.sets / "thresholds.toml" if getattr(args, "sets", None) else None
        thresholds = own if own is not None and own.exists() else DEFAULT_THRESHOLDS
    return RunOptions(suites=suites, **files, out=args.out, thresholds=thresholds, baseline=args.baseline,
                      check=args.check, modes=modes)


# The set file each suite reads (with no suite named, those whose file exists run).
SUITE_SET = {"retrieval": "questions", "answers": "questions", "eligibility": "eligibility",
             "dialogues": "dialogues", "traps": "traps"}


def set_files(args: argparse.Namespace) -> dict[str, Path]:
    """The four set files: named ones, else those of ``--sets DIR``, else the committed dev sets."""
    defaults = RunOptions()
    files = {}
    for name in ("questions", "eligibility", "dialogues", "traps"):
        given = getattr(args, name, None)
        default = getattr(defaults, name)
        if given is not None:
            files[name] = given
        elif getattr(args, "sets", None) is not None:
            files[name] = args.sets / default.name
        else:
            files[name] = default
    return files


def run_command(args: argparse.Namespace, assistant: Assistant | None = None) -> int:
    from .report import write_outputs

    options = options_from(args)
    results = evaluate(options, assistant)
    paths = write_outputs(results, options.out)
    print(format_summary(results))
    print(f"results: {paths[0]}\nreport:  {paths[1]}")
    return 1 if options.check and not results.passed else 0


def format_summary(results: Results) -> str:
    lines = [f"{'suite':<12} {'figure':<28} {'value':>7} {'minimum':>8}  result"]
    for c in results.checks:
        value = "—" if c.value is None else f"{c.value:.3f}"
        lines.append(f"{c.suite:<12} {c.metric:<28} {value:>7} {c.minimum:>8.3f}  {'ok' if c.passed else 'MISSED'}")
    left_out = sum(len(i.problems) for i in results.inputs.values())
    if left_out:
        lines.append(f"{left_out} row(s) left out of the sets (see above and the report)")
    if results.comparison:
        cmp = results.comparison
        lines.append(f"against {cmp.baseline}: {len(cmp.regressions)} regression(s), {len(cmp.fixes)} fix(es)")
    lines.append("all minimums met" if results.passed else "NOT all minimums met")
    return "\n".join(lines)
