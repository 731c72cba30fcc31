"""The regulation's text as it should read: restorations of passages the PDF extraction scrambled.

Where the official PDF had hyperlinks (law titles), the extracted text moved the linked words
away from their places: «Қазақстан Республикасының , Қазақстан Республикасының "Конституциясы
Білім ", " ", "туралы …» instead of «Қазақстан Республикасының Конституциясы, Қазақстан
Республикасының "Білім туралы", …». ``corpus/restorations.yaml`` records, per clause, the damaged
passage exactly as printed and the restored one (proposed by ``scripts/restorations.py``, checked
by hand, tested: the same letters reordered, titles from a closed list).

The printed text stays the source of truth (evidence quotes, rules and the index read it); a
restoration is applied only when a clause is shown, and what is shown says it was restored.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, Field, ValidationError

from .corpus import CORPUS_DIR
from .document import Clause
from ..errors import CorpusError

RESTORATIONS_FILE = CORPUS_DIR / "restorations.yaml"

# What a scrambled passage looks like: quote marks around nothing but spaces (the title that stood
# there was moved away), or «Республикасының ,» (the word it governed was moved away).
SCRAMBLED_RE = re.compile(r'"[ ]+"|Республикасының\s+,')
# Letters only: spaces, punctuation and quote marks may move when words go back to their places.
_NOT_LETTER_RE = re.compile(r"[\W_]+")
_QUOTED_RE = re.compile(r'"([^"]*)"')


class Restoration(BaseModel):
    clause_id: str = Field(description="the parser's clause id, e.g. ch2.p2.c11")
    damaged: str = Field(description="the passage exactly as printed (the parser's joined clause text)")
    restored: str = Field(description="the same words in their places")
    reason: str


class Unrestorable(BaseModel):
    """A passage left as printed because the same letters cannot make it read as it should (words
    printed twice, a stray letter, …); listed so that a test can tell it from a forgotten one."""

    clause_id: str
    passage: str = Field(description="the passage as shown (after the clause's restorations), left as printed")
    reason: str


class Restorations(BaseModel):
    titles: list[str] = Field(description="law titles a restoration may put in quote marks, as the text prints them")
    restorations: list[Restoration]
    unrestorable: list[Unrestorable] = Field(default_factory=list)

    def of(self, clause_id: str) -> list[Restoration]:
        return [r for r in self.restorations if r.clause_id == clause_id]

    def unrestorable_of(self, clause_id: str) -> list[Unrestorable]:
        return [u for u in self.unrestorable if u.clause_id == clause_id]


def scrambled(text: str) -> list[str]:
    """The scrambled spots of ``text`` (empty when it reads as it should)."""
    return [m.group(0) for m in SCRAMBLED_RE.finditer(text)]


def letters(text: str) -> Counter:
    return Counter(_NOT_LETTER_RE.sub("", text))


def quoted(text: str) -> list[str]:
    """The texts between pairs of quote marks."""
    return [q.strip() for q in _QUOTED_RE.findall(text)]


@lru_cache(maxsize=2)
def load_restorations(path: Path = RESTORATIONS_FILE) -> Restorations:
    try:
        return Restorations.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise CorpusError(f"cannot read the restorations at {path}: {exc}") from exc


def restore_text(clause_id: str, text: str, data: Restorations | None = None) -> str:
    """``text`` (a clause's text or a quote from it) with the clause's restorations applied."""
    for item in (data or load_restorations()).of(clause_id):
        text = text.replace(item.damaged, item.restored)
    return text


def printed_text(clause_id: str, text: str, data: Restorations | None = None) -> str:
    """The inverse of :func:`restore_text`: a shown quote back as printed."""
    for item in (data or load_restorations()).of(clause_id):
        text = text.replace(item.restored, item.damaged)
    return text


def restored_clause(clause: Clause, data: Restorations | None = None) -> Clause:
    """The clause as it should read (itself when nothing of it was restored)."""
    data = data or load_restorations()
    if not data.of(clause.id):
        return clause
    levels = [lv.model_copy(update={"text": restore_text(clause.id, lv.text, data)}) for lv in clause.levels]
    return clause.model_copy(update={"text": restore_text(clause.id, clause.text, data), "levels": levels})


def is_restored(clause_id: str, data: Restorations | None = None) -> bool:
    return bool((data or load_restorations()).of(clause_id))


def shown_quote(clause_id: str, quote: str, data: Restorations | None = None) -> tuple[str, str | None]:
    """A quote as it should read, and as printed when that differs (``None`` when nothing was restored).

    ``quote`` may be printed or already restored text of the clause."""
    data = data or load_restorations()
    shown = restore_text(clause_id, quote, data)
    printed = printed_text(clause_id, shown, data)
    return shown, (printed if printed != shown else None)


def head(clause_id: str, text: str, limit: int, data: Restorations | None = None) -> str:
    """The first ``limit`` characters of restored ``text``, never cutting a restored passage in two
    (a cut one could not be shown as printed)."""
    data = data or load_restorations()
    end = limit
    for item in data.of(clause_id):
        at = text.find(item.restored)
        if 0 <= at < end < at + len(item.restored):
            end = at + len(item.restored)
    return text[:end]
