"""The kk↔ru glossary (``corpus/glossary.yaml``) and the phrase matcher built on it.

The YAML holds the data (Russian titles and aliases of the 91 positions, names that
fit several positions, organisation contexts, levels, clause-kind cues, kk↔ru term
groups); this module validates it with pydantic, loads it once on first use, and
offers the lookups retrieval needs: :func:`russian_title`, :func:`expand_query`,
:func:`level_from_text`. :class:`PhraseIndex` is the matcher that
:mod:`assistant.language.linking` shares.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from rapidfuzz import fuzz, process

from ..regulation.corpus import CORPUS_DIR, load_document
from ..regulation.document import Document, Level
from ..errors import CorpusError, UnknownReference
from .textnorm import KAZAKH_LETTERS, detect_lang, fold_kazakh, folded_tokens, stem_of, token_matches

GLOSSARY_FILE = CORPUS_DIR / "glossary.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PositionNames(_Strict):
    ru: str
    ru_aliases: list[str] = Field(default_factory=list)
    kk_aliases: list[str] = Field(default_factory=list)


class Qualifier(_Strict):
    """Words that narrow a generic name wherever they stand («... по воспитательной работе»)."""

    names: list[str]
    candidates: list[str] = Field(min_length=1)


class GenericName(_Strict):
    """A name that fits several positions («методист», «завуч»).

    ``absorbs``: generic names whose hits right before or after this one are part of it
    («директорының ... орынбасары» is a deputy, not a head).
    """

    id: str
    names: list[str]
    candidates: list[str] = Field(min_length=2)
    default: str | None = None
    by_context: dict[str, str] = Field(default_factory=dict)
    qualifiers: list[Qualifier] = Field(default_factory=list)
    absorbs: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _targets_are_candidates(self) -> GenericName:
        targets = [*self.by_context.values(), *(p for q in self.qualifiers for p in q.candidates)]
        stray = [t for t in [self.default, *targets] if t and t not in self.candidates]
        if stray:
            raise ValueError(f"generic name {self.id}: {stray} are not among its candidates")
        return self


class Context(_Strict):
    """An organisation named in a question, and the chapters it points to (none: a neutral phrase)."""

    chapters: list[int]
    names: list[str]


class LevelNames(_Strict):
    kk: str
    ru: str
    aliases: list[str] = Field(default_factory=list)


class KindCues(_Strict):
    strong: list[str]
    weak: list[str] = Field(default_factory=list)


class TermGroup(_Strict):
    id: str
    ru: list[str] = Field(min_length=1)
    kk: list[str] = Field(min_length=1)


class Glossary(_Strict):
    positions: dict[str, PositionNames]
    generic: list[GenericName]
    contexts: dict[str, Context]
    false_friends: list[str] = Field(default_factory=list)
    false_friend_words: list[str] = Field(default_factory=list)
    target_cues: dict[Literal["before", "after"], list[str]] = Field(default_factory=dict)
    not_levels: list[str] = Field(default_factory=list)
    levels: dict[Level, LevelNames]
    kinds: dict[str, KindCues]
    terms: list[TermGroup] = Field(min_length=1)

    @model_validator(mode="after")
    def _references_exist(self) -> Glossary:
        for g in self.generic:
            unknown = [p for p in g.candidates if p not in self.positions]
            unknown += [c for c in g.by_context if c not in self.contexts]
            unknown += [a for a in g.absorbs if a not in {other.id for other in self.generic}]
            if unknown:
                raise ValueError(f"generic name {g.id} refers to unknown positions or contexts: {unknown}")
        if set(self.levels) != set(Level):
            raise ValueError("levels must list each of the five levels")
        return self

    def generic_by_id(self, generic_id: str) -> GenericName:
        return next(g for g in self.generic if g.id == generic_id)

    def phrase_index(self, entries: Iterable[tuple[str, Hashable]]) -> PhraseIndex:
        """A :class:`PhraseIndex` that respects this glossary's false friends."""
        return PhraseIndex(entries, self.false_friends, self.false_friend_words)


@lru_cache(maxsize=2)
def load_glossary(path: Path = GLOSSARY_FILE) -> Glossary:
    """The validated glossary; read on first use, then shared."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CorpusError(f"cannot read the glossary at {path}: {exc}") from exc
    try:
        return Glossary.model_validate(data)
    except ValidationError as exc:
        raise CorpusError(f"the glossary at {path} is invalid: {exc}") from exc


def russian_title(position_id: str) -> str:
    try:
        return load_glossary().positions[position_id].ru
    except KeyError:
        raise UnknownReference(f"no position has the id «{position_id}»; ids look like ch2.p2") from None


def is_kazakh(name: str) -> bool:
    return any(ch in KAZAKH_LETTERS for ch in name.casefold())


# --- phrase matching -------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    """A dictionary phrase found at question tokens ``start:end``."""

    start: int
    end: int
    payload: Hashable
    fuzzy: bool = False
    slack: int = 0  # letters of inflection beyond the dictionary words: the smaller, the closer

    @property
    def length(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Hit) -> bool:
        return self.start < other.end and other.start < self.end


class PhraseIndex:
    """Finds dictionary phrases in tokenised text, tolerant of inflection.

    Each dictionary token matches question tokens that extend its stem (see
    :func:`assistant.language.textnorm.token_matches`). Typos are the :class:`Speller`'s job:
    :meth:`search` corrects with this index's own words, :meth:`find` takes tokens a
    shared speller has already corrected.
    """

    def __init__(
        self, entries: Iterable[tuple[str, Hashable]],
        false_friends: Iterable[str] = (), false_friend_words: Iterable[str] = (),
    ):
        self._phrases: dict[str, list[tuple[tuple[str, ...], Hashable]]] = {}
        self._stems: dict[str, set[tuple[str, bool]]] = {}
        for text, payload in entries:
            self._add(text, payload)
        self.vocabulary = frozenset(word for words in self._stems.values() for word, _ in words)
        self._false_friends = tuple(fold_kazakh(f.casefold()) for f in false_friends)
        self._false_words = frozenset(fold_kazakh(f.casefold()) for f in false_friend_words)
        self.known = lru_cache(maxsize=8192)(self._known)
        self._speller: Speller | None = None

    def _add(self, text: str, payload: Hashable) -> None:
        kazakh = detect_lang(text) == "kk"
        toks = tuple(folded_tokens(text))
        if not toks:
            return
        self._phrases.setdefault(toks[0], []).append((toks, payload))
        for tok in toks:
            self._stems.setdefault(stem_of(tok, kazakh), set()).add((tok, kazakh))

    def _known(self, token: str) -> frozenset[str]:
        """The dictionary tokens a (folded) question token is an inflected form of."""
        return frozenset(
            word
            for end in range(1, len(token) + 1)
            for word, kazakh in self._stems.get(token[:end], ())
            if self._matches(token, token[:end], word, kazakh)
        )

    def _matches(self, token: str, stem: str, word: str, kazakh: bool) -> bool:
        if token in self._false_words and token != word:
            return False
        blocked = any(token.startswith(f) and not word.startswith(f) for f in self._false_friends)
        return not blocked and token_matches(token, stem, word, kazakh)

    def is_false_friend(self, token: str) -> bool:
        """A known word that only looks like a dictionary word (never a typo to correct)."""
        return token in self._false_words or token.startswith(self._false_friends)

    def find(self, tokens: list[str], corrected: frozenset[int] = frozenset()) -> list[Hit]:
        """Every phrase occurrence (overlapping ones included); ``corrected``: the positions
        of tokens that a speller changed (their hits are marked fuzzy)."""
        known = [self.known(t) for t in tokens]
        hits = []
        for i, words in enumerate(known):
            for first in words:
                for toks, payload in self._phrases.get(first, ()):
                    end = i + len(toks)
                    if end <= len(tokens) and all(t in known[k] for k, t in enumerate(toks, i)):
                        slack = sum(abs(len(q) - len(t)) for q, t in zip(tokens[i:end], toks))
                        fuzzy = any(k in corrected for k in range(i, end))
                        hits.append(Hit(i, end, payload, fuzzy, slack))
        return hits

    def search(self, tokens: list[str]) -> list[Hit]:
        """:meth:`find` after correcting typos against this index's own words."""
        if self._speller is None:
            self._speller = Speller([self])
        return self.find(*self._speller.correct(tokens))


class Speller:
    """Corrects question words that no index knows to the closest dictionary word
    («восптатель» → «воспитатель», «дедского» → «детского»).

    Cautious, because a wrong correction invents a position: only words of
    :attr:`MIN_LEN` letters or more, at most about one edit away, starting with the same
    letter, and never a word that is a prefix of the other or the other way round (that
    is another form or another word: «зерттеу» is research, «зерттеуші» a researcher).
    """

    MIN_LEN = 6
    CUTOFF = 87.0

    def __init__(self, indexes: Sequence[PhraseIndex]):
        self._indexes = list(indexes)
        self._vocabulary = sorted(frozenset().union(*(index.vocabulary for index in self._indexes)))
        self._longest = max(map(len, self._vocabulary), default=0)
        self._fix = lru_cache(maxsize=8192)(self._fix_uncached)

    def _fix_uncached(self, token: str) -> str | None:
        indexes = self._indexes
        # a «word» far longer than any of the dictionary's is no typo of one (and comparing it costs its length)
        if len(token) > self._longest + 3:
            return None
        if len(token) < self.MIN_LEN or any(i.known(token) or i.is_false_friend(token) for i in indexes):
            return None
        for cut in range(0, 4):  # the whole word, then without an ending of up to three letters («метадистом»)
            stem, ending = (token[:-cut], token[-cut:]) if cut else (token, "")
            if len(stem) < self.MIN_LEN:
                break
            close = process.extract(stem, self._vocabulary, scorer=fuzz.ratio, score_cutoff=self.CUTOFF, limit=5)
            word = next((word for word, _, _ in close if self._plausible_typo(stem, word)), None)
            if word is not None:
                return word + ending
        return None

    @staticmethod
    def _plausible_typo(token: str, word: str) -> bool:
        return token[0] == word[0] and not (word.startswith(token) or token.startswith(word))

    def correct(self, tokens: list[str]) -> tuple[list[str], frozenset[int]]:
        """The tokens with typos corrected, and the positions corrected."""
        fixes = [self._fix(t) for t in tokens]
        return [f or t for f, t in zip(fixes, tokens)], frozenset(i for i, f in enumerate(fixes) if f)


def longest_hits(hits: Iterable[Hit]) -> list[Hit]:
    """Non-overlapping hits, longest first (then exact before fuzzy, closest form, leftmost), in text order."""
    chosen: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (-h.length, h.fuzzy, h.slack, h.start)):
        if not any(hit.overlaps(c) for c in chosen):
            chosen.append(hit)
    return sorted(chosen, key=lambda h: h.start)


# --- query expansion and levels ----------------------------------------------------------


@lru_cache(maxsize=1)
def _expansion_index() -> PhraseIndex:
    """Russian phrases → the Kazakh words to append (payload: a tuple of Kazakh strings)."""
    g = load_glossary()
    entries: list[tuple[str, Hashable]] = []
    for term in g.terms:
        entries += [(ru, tuple(term.kk)) for ru in term.ru]
    for pid, names in g.positions.items():
        entries += [(ru, (pid,)) for ru in [names.ru, *names.ru_aliases]]
    for gen in g.generic:
        kk = tuple(n for n in gen.names if is_kazakh(n))
        entries += [(n, kk) for n in gen.names if not is_kazakh(n) and kk]
    for level, names in g.levels.items():
        entries += [(n, (names.kk,)) for n in [names.ru, *names.aliases] if not is_kazakh(n)]
    return g.phrase_index(entries)


@lru_cache(maxsize=16)
def _term_index(term_id: str) -> PhraseIndex:
    g = load_glossary()
    group = next(t for t in g.terms if t.id == term_id)
    return g.phrase_index([(phrase, term_id) for phrase in (*group.ru, *group.kk)])


def names_term(term_id: str, text: str) -> bool:
    """Whether a text names a term group of the glossary: any form of any of its phrases, in either language
    («ғылым кандидатымын», «кандидат наук» → ``academic_degree``)."""
    return bool(_term_index(term_id).find(folded_tokens(text)))


def expand_query(text: str, doc: Document | None = None) -> str:
    """Russian text + the Kazakh equivalents of the terms and positions it names.

    For the lexical retriever over the Kazakh-only regulation. Kazakh text is returned
    unchanged. A position named by a Russian alias contributes its Kazakh title in ``doc``
    (``None``: the packaged regulation, the public default; the search passes its own).
    """
    if detect_lang(text) == "kk":
        return text
    additions: list[str] = []
    for hit in longest_hits(_expansion_index().search(folded_tokens(text))):
        additions += [_kazakh_of(item, doc) for item in hit.payload]
    extra = " ".join(dict.fromkeys(a for a in additions if a))
    return f"{text} {extra}" if extra else text


def kazakh_spans(words: list[str], doc: Document | None = None) -> list[tuple[int, int, list[str]]]:
    """The glossary phrases among folded words: (start, end, their Kazakh equivalents; a position's is its title
    in ``doc``, as for :func:`expand_query`)."""
    hits = longest_hits(_expansion_index().search(words))
    return [(hit.start, hit.end, [_kazakh_of(item, doc) for item in hit.payload]) for hit in hits]


def naming_kazakh(text: str, doc: Document | None = None) -> tuple[list[str], list[str]]:
    """The Kazakh equivalents a Russian question's glossary phrases add, split in two: those of phrases
    that only name what the question is about (with the naming words themselves) (a position, an organisation, a clause kind — «воспитатель
    детского сада», «в школе», «что должен знать») and those of the other phrases (what is asked).

    The first say nothing of which items of a clause answer: «детского сада» adds «білім беру ұйымы»
    and «должен знать» adds «білуге міндетті», words many items share."""
    if detect_lang(text) == "kk":
        return [], []
    words = folded_tokens(text)
    naming = _naming_index().search(words)
    named = [" ".join(words[n.start:n.end]) for n in naming]  # the naming words themselves too («учитель»)
    asked: list[str] = []
    for hit in longest_hits(_expansion_index().search(words)):
        kk = [_kazakh_of(item, doc) for item in hit.payload]
        (named if any(hit.overlaps(n) for n in naming) else asked).extend(k for k in kk if k)
    return named, asked


@lru_cache(maxsize=1)
def _naming_index() -> PhraseIndex:
    """The Russian phrases that name a position, an organisation or a clause kind."""
    g = load_glossary()
    phrases = [n for c in g.contexts.values() for n in c.names]
    phrases += [n for cues in g.kinds.values() for n in cues.strong]
    phrases += [n for names in g.positions.values() for n in [names.ru, *names.ru_aliases]]
    phrases += [n for gen in g.generic for n in gen.names]
    return g.phrase_index([(n, None) for n in phrases if not is_kazakh(n)])


def _kazakh_of(item: str, doc: Document | None) -> str:
    """A payload item is Kazakh text, or a position id standing for its Kazakh title in ``doc`` (``None``: the
    packaged regulation, the public default of :func:`expand_query`, :func:`kazakh_spans`, :func:`naming_kazakh`)."""
    if item in load_glossary().positions:
        return (doc if doc is not None else load_document()).position(item).title
    return item


@lru_cache(maxsize=1)
def _level_index() -> PhraseIndex:
    """Level names, plus every position name (payload None) so that «мастер производственного
    обучения» or «өндірістік оқыту шебері» is not read as the level «шебер»."""
    g = load_glossary()
    entries: list[tuple[str, Hashable]] = [
        (n, level) for level, names in g.levels.items() for n in [names.kk, names.ru, *names.aliases]
        if n != "педагог"  # bare «педагог» is every teacher, not the level
    ]
    entries += [(n, None) for names in g.positions.values() for n in [*names.ru_aliases, *names.kk_aliases]]
    entries += [(n, None) for gen in g.generic for n in gen.names]
    entries += [(n, None) for n in g.not_levels]
    return g.phrase_index(entries)


def level_from_text(text: str) -> Level | None:
    """The qualification level a text names; the highest one when it names several
    («с модератора на эксперта» → expert), None when it names none."""
    hits = longest_hits(_level_index().search(folded_tokens(text)))
    levels = [h.payload for h in hits if isinstance(h.payload, Level)]
    return max(levels, key=lambda lv: lv.rank) if levels else None
