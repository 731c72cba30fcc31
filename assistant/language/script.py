"""Kazakh written in Latin letters, read as Cyrillic before anything else looks at it.

People type Kazakh in the 2018 or 2021 Latin alphabet, with the 2017 apostrophes, or in
informal ASCII («balabaqsha adiskeri otil qansha»). The regulation and every name the
assistant knows are Cyrillic, so a Latin message is transliterated first; language
detection, the glossary and retrieval then see the same words as for Cyrillic input.
The tables are data (``latin_kk.yaml``); this module only applies them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Literal

import yaml

if TYPE_CHECKING:
    from ..regulation.document import Document

Script = Literal["cyrillic", "latin", "mixed", "none"]

_LETTER = re.compile(r"[^\W\d_]")
_LATIN_WORD = re.compile(r"[A-Za-zÀ-ɏ'’]+")
# A message counts as Latin when most of its letters are Latin ones.
LATIN_SHARE = 0.6


@dataclass(frozen=True)
class _Tables:
    digraphs: dict[str, str]
    letters: dict[str, str]
    glide: str
    glide_as: str
    vowels: frozenset[str]
    keep: frozenset[str]
    stems: dict[str, str]
    pattern: re.Pattern[str]


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    data = yaml.safe_load(resources.files(__package__).joinpath("latin_kk.yaml").read_text(encoding="utf-8"))
    keys = sorted([*data["digraphs"], *data["letters"]], key=len, reverse=True)
    glide = data["glide"]
    return _Tables(
        digraphs=data["digraphs"], letters=data["letters"], glide=glide["letter"], glide_as=glide["as"],
        vowels=frozenset(glide["vowels"]), keep=frozenset(data["keep"]), stems=data.get("stems", {}),
        pattern=re.compile("|".join(re.escape(k) for k in keys)),
    )


def script_of(text: str) -> Script:
    """Which alphabet a message is written in (by the share of its letters)."""
    letters = _LETTER.findall(text)
    if not letters:
        return "none"
    latin = sum(1 for ch in letters if ch.isascii() or "LATIN" in unicodedata.name(ch, ""))
    share = latin / len(letters)
    if share >= LATIN_SHARE:
        return "latin"
    return "cyrillic" if share <= 1 - LATIN_SHARE else "mixed"


def to_cyrillic(text: str, doc: Document | None = None) -> str:
    """The message with its Latin-letter words transliterated to Kazakh Cyrillic (an ambiguous letter read as
    the words of ``doc`` know it; ``None`` is the packaged regulation, the public default)."""
    if doc is None:
        from ..regulation.corpus import load_document

        doc = load_document()
    tables, vocabulary = _tables(), _vocabulary(doc)
    return _LATIN_WORD.sub(lambda m: _known_reading(m.group(0), tables, vocabulary), unicodedata.normalize("NFC", text))


# Letters whose Cyrillic value depends on the writer's alphabet: «ı» is і (2021), ы (informal) or
# й (2018); an ASCII «i» may stand for ы, a «y» for й or у. Each reading is tried, and the one the regulation's own
# words know wins (the first reading when none does).
AMBIGUOUS = {"ı": ("і", "ы", "й"), "i": ("і", "ы"), "y": ("ы", "й", "у")}
MAX_READINGS = 32


def _known_reading(word: str, tables: _Tables, vocabulary: frozenset[str]) -> str:
    first = _word(word, tables)
    if not any(ch in AMBIGUOUS for ch in word.lower()) or _is_known(first, vocabulary):
        return first
    for reading in _readings(word.lower(), tables):
        if _is_known(reading, vocabulary):
            return reading.capitalize() if word[:1].isupper() else reading
    return first


def _readings(word: str, tables: _Tables):
    """The word transliterated with every choice for its ambiguous letters (bounded)."""
    from itertools import islice, product

    slots = [i for i, ch in enumerate(word) if ch in AMBIGUOUS]
    for choice in islice(product(*(AMBIGUOUS[word[i]] for i in slots)), MAX_READINGS):
        marked = list(word)
        for i, letter in zip(slots, choice):
            marked[i] = "\0" + letter  # a Cyrillic letter the tables leave alone
        text = "".join(marked)
        yield _word(text, tables).replace("\0", "")


def _is_known(word: str, vocabulary: frozenset[str]) -> bool:
    """Whether a Cyrillic word is a form of a word of the regulation (its ``vocabulary``)."""
    from .textnorm import fold_kazakh

    folded = fold_kazakh(word.casefold())
    if folded in vocabulary:
        return True
    # an inflected form: a known word of 4+ letters followed by a plausible ending
    return any(folded[:n] in vocabulary for n in range(max(4, len(folded) - 8), len(folded)))


_VOCABULARY: dict[str, frozenset[str]] = {}


def _vocabulary(doc: Document) -> frozenset[str]:
    """The folded words of a regulation's clauses and titles (built once per text, by its hash)."""
    if doc.sha256 not in _VOCABULARY:
        _VOCABULARY[doc.sha256] = _words_of(doc)
    return _VOCABULARY[doc.sha256]


def _words_of(doc: Document) -> frozenset[str]:
    from .textnorm import folded_tokens

    words = {t for c in doc.clauses for t in folded_tokens(c.text)}
    words |= {t for p in doc.positions for t in folded_tokens(p.title)}
    return frozenset(w for w in words if len(w) >= 2)


def _word(word: str, tables: _Tables) -> str:
    lower = word.lower().replace("i̇", "i")
    if lower.strip("'’") in tables.keep:
        return word
    stem = next((k for k in tables.stems if lower.startswith(k)), None)
    if stem:  # a loanword the alphabet spells by sound («kolej» колледж): its Cyrillic stem, then the ending
        head, lower = tables.stems[stem], lower[len(stem):]
    lower = _glides(lower, tables)
    converted = (head if stem else "") + tables.pattern.sub(lambda m: tables.digraphs.get(m.group(0)) or tables.letters[m.group(0)], lower)
    converted = converted.replace("'", "").replace("’", "")
    return converted.capitalize() if word[:1].isupper() else converted


def _glides(word: str, tables: _Tables) -> str:
    """«ı» or «i» after another vowel is «й» (2018 «deıingi», ASCII «qandai», «uiym»); «ı» before
    a vowel too («uıym»); elsewhere the table's «і»."""
    chars = list(word)
    others = tables.vowels - {"i", "ı"}
    for i, ch in enumerate(chars):
        if ch not in ("i", tables.glide):
            continue
        before = chars[i - 1] if i else ""
        after = chars[i + 1] if i + 1 < len(chars) else ""
        if before == "u" and not after:  # «bilui», «júrgizui»: the possessive «-уі»
            continue
        if before in others or (ch == tables.glide and after in others - {"a", "ý"}):
            chars[i] = tables.glide_as
    return "".join(chars)


def read_script(text: str, doc: Document | None = None) -> tuple[str, Script]:
    """(the text to read, the script it was written in): Latin Kazakh comes back in Cyrillic; other
    Latin text (English, a URL, an injection attempt) is left as it was. ``doc`` as for :func:`to_cyrillic`."""
    script = script_of(text)
    if script not in ("latin", "mixed") or not _has_latin_words(text):
        return text, script
    converted = to_cyrillic(text, doc)
    return (converted, script) if _reads_as_kazakh(converted) else (text, script)


# Share of words that must read as Kazakh (common words, Kazakh endings) once transliterated.
KAZAKH_SHARE = 0.2


def _reads_as_kazakh(text: str) -> bool:
    from .textnorm import kazakh_marked, tokens

    words = [t for t in tokens(text) if not t.isdigit()]
    marked = sum(1 for t in words if kazakh_marked(t))
    return bool(words) and marked >= max(1, KAZAKH_SHARE * len(words))


def _has_latin_words(text: str) -> bool:
    tables = _tables()
    return any(w.lower() not in tables.keep and len(w) > 1 for w in _LATIN_WORD.findall(text))
