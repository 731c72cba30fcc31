"""Settings and the document are passed explicitly (issue 17, item 4).

An assistant whose settings name another regulation text reads, checks and cites that text: nothing on the
way silently reads the packaged one. And a source check: no module of the language layer, the answering or
the checker loads the packaged regulation (``load_document()`` with no argument) except the public defaults
listed here, each documented as such.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from assistant.answering.chain import Assistant
from assistant.answering.conversation import MemorySessionStore
from assistant.eligibility import check
from assistant.language import read
from assistant.regulation.corpus import REGULATION_FILE, load_document
from assistant.settings import Settings

ROOT = Path(__file__).resolve().parent.parent

OLD_HEADING = "3-параграф. Мектепке дейінгі тәрбие және оқыту ұйымының музыкалық жетекшісі"
TITLE = "Мектепке дейінгі тәрбие және оқыту ұйымының әуен жетекшісі"  # the edited copy's title of ch2.p3
QUESTION = f"Жоғары білімім бар, педагогикалық өтілім 3 жыл. {TITLE} ретінде педагог-модератор бола аламын ба?"


@pytest.fixture(scope="module")
def edited(tmp_path_factory) -> Path:
    """A copy of the regulation whose kindergarten music director is called «әуен жетекшісі»."""
    text = REGULATION_FILE.read_text(encoding="utf-8")
    assert text.count(OLD_HEADING) == 1
    path = tmp_path_factory.mktemp("edited-corpus") / "regulation.kk.txt"
    path.write_text(text.replace(OLD_HEADING, f"3-параграф. {TITLE}"), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def assistant(edited, tmp_path_factory) -> Assistant:
    """An assistant over the edited text (the tiny hashing embedder: no model loads)."""
    settings = Settings(embedder="hash", index_dir=tmp_path_factory.mktemp("edited-index"), corpus_path=edited,
                        shipped_vectors=False)
    built = Assistant(settings, sessions=MemorySessionStore())
    built.load(progress=False)
    return built


def test_the_assistant_reads_checks_and_cites_the_text_its_settings_name(assistant, edited):
    assert assistant.retriever.document.position("ch2.p3").title == TITLE
    answer = assistant.answer(QUESTION)
    assert answer.route == "eligibility" and answer.eligibility is not None
    result = answer.eligibility
    assert result.position_id == "ch2.p3" and result.position_kk == TITLE  # the reading and the checker
    assert TITLE in result.citation.label_kk and TITLE in result.explanation_kk
    assert answer.citations and all(c.position == TITLE for c in answer.citations)  # the answer's citations
    assert "әуен жетекшісі" in answer.answer  # the line of what was understood names the edited title


def test_the_packaged_regulation_does_not_know_the_edited_title(edited):
    """The edited title is read only against the edited text: the public defaults are the packaged regulation."""
    doc = load_document(edited)
    assert read(QUESTION, doc=doc).position_id == "ch2.p3"
    assert read(QUESTION).position_id is None
    assert check(TITLE, "moderator", "higher", years=3, document=doc).position_kk == TITLE
    assert check("ch2.p3", "moderator", "higher", years=3).position_kk == OLD_HEADING.split(". ", 1)[1]


# --- the source check -----------------------------------------------------------------------------------------

CHECKED = ("language", "answering", "eligibility")
# The public defaults: a caller with no settings of its own (a test, a script, ``assistant.check``) gets the
# regulation shipped with the package. Each is documented in its docstring; the assistant passes its own.
PUBLIC_DEFAULTS = {
    ("assistant/language/linking.py", "linker_of"),  # link_positions, detect_kinds, resolve_position, … doc=None
    ("assistant/language/reader.py", "read"),
    ("assistant/language/dialogue.py", "carry"),
    ("assistant/language/dialogue.py", "deputies_of"),
    ("assistant/language/script.py", "to_cyrillic"),  # and read_script
    ("assistant/language/glossary.py", "_kazakh_of"),  # expand_query, kazakh_spans, naming_kazakh with doc=None
    ("assistant/eligibility/checker.py", "check"),
    ("assistant/eligibility/dialog.py", "guided_check"),
}


def default_loads(path: Path) -> set[tuple[str, str]]:
    """(file, enclosing function) of every ``load_document()`` called with no argument in a module."""
    found = set()

    def visit(node: ast.AST, function: str) -> None:
        for child in ast.iter_child_nodes(node):
            name = child.name if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) else function
            if isinstance(child, ast.Call) and not child.args and not child.keywords:
                callee = child.func.id if isinstance(child.func, ast.Name) else getattr(child.func, "attr", None)
                if callee == "load_document":
                    found.add((path.relative_to(ROOT).as_posix(), function))
            visit(child, name)

    visit(ast.parse(path.read_text(encoding="utf-8")), "<module>")
    return found


def test_only_the_documented_public_defaults_load_the_packaged_regulation():
    found = set().union(*(default_loads(p) for package in CHECKED for p in (ROOT / "assistant" / package).rglob("*.py")))
    assert found == PUBLIC_DEFAULTS


def test_the_source_check_sees_a_default_load():
    source = ROOT / "assistant" / "language" / "reader.py"
    assert ("assistant/language/reader.py", "read") in default_loads(source)
