"""The checker on the test cases written as data (tests/eligibility/*.yaml), and a property test.

The ``ch*.yaml`` boundary cases are written by ``scripts/generate_eligibility_cases.py``, which reads
each minimum from the requirements clause's text as parsed from the regulation, never from
``corpus/rules/`` (which the checker reads): :func:`test_the_generator_reads_neither_the_rules_nor_the_checker`
runs it in a subprocess and fails if it imports ``assistant.eligibility`` or opens a file under
``corpus/rules/``, and :func:`test_the_committed_cases_are_the_generators_output` keeps the files equal
to its output. A clause the generator cannot read plainly gets no generated case (the files' headers
list them; ``curated.yaml``, hand-written, covers some). A misread number in the rules therefore fails
its case instead of being copied into it.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.eligibility import Verdict, check
from assistant.eligibility.rules import Locality, load_rules
from assistant.errors import InputError
from assistant.regulation.document import ClauseKind
from tests.test_eval_sets import mentions_number

CASES_DIR = Path(__file__).parent / "eligibility"
ROOT = Path(__file__).resolve().parent.parent
GENERATOR = ROOT / "scripts" / "generate_eligibility_cases.py"
RULES_DIR = ROOT / "corpus" / "rules"


def _generator():
    name = "generate_eligibility_cases"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, GENERATOR)
        sys.modules[name] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules[name])
    return sys.modules[name]


def _cases() -> list[tuple[str, dict, dict]]:
    found = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            found.append((case["name"], {**data.get("defaults", {}), **case["input"]}, case["output"]))
    return found


CASES = _cases()


def test_every_position_with_a_numeric_rule_has_cases_or_is_listed_as_not_read(doc):
    # A position of the rules with no case at all must be one the generator says it left (part of) out.
    covered = {inputs["position"] for _, inputs, _ in CASES}
    left_out = {r.position for r in _generator().read_document(doc) if r.left_out}
    rules = set(load_rules().positions)
    assert rules - covered - left_out == set()
    assert covered <= rules


# Run in a fresh interpreter: which modules it imported and which files it opened (an audit hook).
_WATCH = """
import json, runpy, sys
opened = []
sys.addaudithook(lambda event, args: opened.append(str(args[0])) if event == "open" and args else None)
sys.argv = [sys.argv[1], *sys.argv[2:]]
try:
    runpy.run_path(sys.argv[0], run_name="__main__")
    code = 0
except SystemExit as exc:
    code = exc.code or 0
print(json.dumps({"code": code, "opened": opened, "modules": sorted(sys.modules)}))
"""


def _watch(script: Path, *args: str) -> dict:
    done = subprocess.run([sys.executable, "-c", _WATCH, str(script), *args], check=False, cwd=ROOT,
                          capture_output=True, text=True, timeout=300,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def _reads_rules(report: dict) -> list[str]:
    modules = [m for m in report["modules"] if m == "assistant.eligibility" or m.startswith("assistant.eligibility.")]
    files = [p for p in report["opened"] if Path(p).resolve().is_relative_to(RULES_DIR.resolve())]
    return modules + files


def test_the_generator_reads_neither_the_rules_nor_the_checker():
    report = _watch(GENERATOR, "--check")
    assert _reads_rules(report) == []
    assert report["code"] == 0, "the committed ch*.yaml differ from the generator's output: run the script"
    assert any(p.endswith("regulation.kk.txt") for p in report["opened"])  # the hook does see the files


def test_the_watch_catches_a_script_that_reads_the_rules(tmp_path):
    cheat = tmp_path / "cheat.py"
    cheat.write_text("from assistant.eligibility.rules import load_rules\nload_rules()\n", encoding="utf-8")
    found = _reads_rules(_watch(cheat))
    assert "assistant.eligibility.rules" in found
    assert any(p.endswith(".yaml") and "rules" in p for p in found)


def test_the_committed_cases_are_the_generators_output(doc):
    files = _generator().generate(doc)
    committed = {p.name: p.read_text(encoding="utf-8") for p in sorted(CASES_DIR.glob("ch*.yaml"))}
    assert sorted(committed) == sorted(files)
    assert [name for name in files if committed[name] != files[name]] == []


@pytest.mark.parametrize("name, inputs, output", CASES, ids=[c[0] for c in CASES])
def test_case(name, inputs, output):
    args = dict(inputs)
    result = check(args.pop("position"), args.pop("level", None), args.pop("education", None),
                   args.pop("locality", None), args.pop("years"), **args)
    assert result.verdict.value == output["verdict"]
    for field in ("min_years", "shortfall"):
        if field in output:
            assert getattr(result, field) == pytest.approx(output[field])
    if "missing" in output:
        assert sorted(result.missing_facts) == sorted(output["missing"])
    if "conflicts" in output:
        assert [c.id for c in result.conflicts] == output["conflicts"]
        assert [c.agree for c in result.conflicts] == output["conflicts_agree"]


def _queries():
    """(position, level, education, locality) combinations the rules define."""
    book = load_rules()
    return sorted({(pid, lv, e, loc) for pid, rules in book.positions.items() for r in rules.routes if r.variant is None
                   for lv in r.levels for e in [None, *r.education] for loc in [None, *Locality]},
                  key=str)


QUERIES = _queries()
FACTS = st.fixed_dictionaries({}, optional={
    "nested_years": st.floats(0, 60), "leadership_years": st.floats(0, 60),
    "civil_service_years": st.floats(0, 60), "enterprise_years": st.floats(0, 60),
    "categories_held": st.lists(st.sampled_from(sorted(load_rules().vocabulary.categories)), max_size=2),
    "retraining": st.booleans(), "academic_degree": st.booleans(),
})


@settings(max_examples=300, deadline=None)
@given(query=st.sampled_from(QUERIES), years=st.floats(0, 59), more=st.floats(0, 30), facts=FACTS)
def test_more_years_never_turn_eligible_into_not_eligible(query, years, more, facts):
    position, level, education, locality = query
    try:
        before = check(position, level, education, locality, years, **facts)
    except InputError:
        return  # a combination the regulation sets no rule for
    after = check(position, level, education, locality, min(years + more, 60.0), **facts)
    if before.verdict is Verdict.ELIGIBLE:
        assert after.verdict is Verdict.ELIGIBLE


def test_the_property_samples_only_combinations_the_checker_decides():
    # The property returns early on an InputError: a query the checker rejects would prove nothing.
    rejected = []
    for position, level, education, locality in QUERIES:
        try:
            check(position, level, education, locality, 0.0)
        except InputError:
            rejected.append((position, level, education, locality))
    assert QUERIES and rejected == []


def test_every_minimum_the_cases_expect_is_printed_in_the_clause(doc):
    # Read from the parsed regulation, not corpus/rules/: a number misread into the rules and copied
    # into a generated case fails here. (A minimum of 0 is a reading of the whole clause: not checked.)
    missing = []
    for name, inputs, output in CASES:
        minimum = output.get("min_years")
        if minimum:
            text = " ".join(" ".join(c.text.split()) for c in doc.clauses_of(inputs["position"])
                            if c.kind is ClauseKind.REQUIREMENTS)
            if not mentions_number(text, minimum):
                missing.append(f"{name}: {minimum:g} is not printed in {inputs['position']}'s requirements clause")
    assert missing == []
