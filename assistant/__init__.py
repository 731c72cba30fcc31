"""An assistant over the typical qualification characteristics of teacher positions (order No. 338).

The public surface::

    from assistant import answer, check, Settings
    answer("Какие обязанности у завуча школы?")          # an Answer: text, language, citations, verdict
    check("ch2.p2", education="tvet", locality="rural", years=1)   # the eligibility checker's result

``answer``, ``check`` and ``Settings`` are imported on first use: importing ``assistant`` loads no model,
corpus or database. The errors (``AssistantError`` and its kinds) come from :mod:`assistant.errors`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import (
    AmbiguousReference,
    AssistantError,
    BadReference,
    ConfigurationError,
    CorpusError,
    InputError,
    LLMUnavailable,
    NotReady,
    TelegramError,
    UnknownReference,
)

if TYPE_CHECKING:
    from .answering.chain import answer
    from .eligibility.checker import check
    from .settings import Settings

# name → the module that defines it, imported when the name is first asked for
_LAZY = {"answer": "assistant.answering.chain", "check": "assistant.eligibility.checker", "Settings": "assistant.settings"}

__all__ = ["answer", "check", "Settings", "AssistantError", "AmbiguousReference", "BadReference",
           "ConfigurationError", "CorpusError", "InputError", "LLMUnavailable", "NotReady", "TelegramError",
           "UnknownReference"]


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'assistant' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(_LAZY[name]), name)
    globals()[name] = value  # the next look-up is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
