"""Entity linking: which position (and which clause kind) a name or a question refers to.

Shared by retrieval (a soft signal: :func:`link_positions`, :func:`detect_kinds`) and
the eligibility checker (a hard reference: :func:`resolve_position`). All names come
from ``corpus/glossary.yaml`` and the parsed regulation; matching is on normalised,
Kazakh-folded tokens (:mod:`assistant.language.textnorm`) through :class:`~assistant.language.glossary.PhraseIndex`.

How a name is resolved: a name that fits one position (a title, an alias) links to it;
a generic name («методист», «завуч») is narrowed by the organisation the text names
(«детского сада» → chapter 2), then by its ``default`` when no organisation is named;
when that still leaves several positions the reference is ambiguous.

The names are those of one regulation text: each function takes the parsed ``doc`` (a linker is built per
text, by its hash); ``None`` is the packaged regulation, the public default for a caller with no settings.
"""

from __future__ import annotations

import re

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, Field
from rapidfuzz import fuzz, process

from ..regulation.corpus import load_document
from ..regulation.document import Document
from ..errors import AmbiguousReference, UnknownReference
from .glossary import GenericName, Glossary, Hit, PhraseIndex, Speller, load_glossary, longest_hits
from .textnorm import fold_kazakh, sentences, tokens

How = Literal["id", "title_kk", "title_ru", "alias", "fuzzy"]


class PositionMatch(BaseModel):
    """What :func:`resolve_position` found for a name."""

    position_id: str
    title_kk: str
    title_ru: str
    matched: str = Field(description="the dictionary name (or id) the input matched")
    how: How
    score: float = Field(ge=0, le=1)


class PositionLink(BaseModel):
    """A position a free-text question mentions (a soft retrieval signal)."""

    position_id: str
    score: float = Field(ge=0, le=1)
    matched: str = Field(description="the words of the question that named it")
    targeted: bool = Field(default=False, description="a target cue stands right by it («стать …», «… болғым»)")
    source: bool = Field(default=False, description="named as the post one moves from («с воспитателя», «тәрбиешіден»)")


# Payloads of the phrase index.
@dataclass(frozen=True)
class _Specific:
    position_id: str
    how: How
    name: str


@dataclass(frozen=True)
class _Generic:
    generic_id: str
    name: str


@dataclass(frozen=True)
class _Context:
    context_id: str


# Scores of link_positions: a name that fits one position, a generic name narrowed to
# one by the organisation or by its default, and the candidates of an unresolved one.
SCORE_SPECIFIC = 0.9
SCORE_BY_CONTEXT = 0.85
SCORE_DEFAULT = 0.7
SCORE_AMBIGUOUS = 0.3
FUZZY_PENALTY = 0.85
FUZZY_NAME_CUTOFF = 85.0
FUZZY_MARGIN = 3.0
SCORE_NEAREST = 0.75
TARGET_BONUS = 1.08
TARGET_WINDOW = 2
QUALIFIER_WINDOW = 6
SENTENCE_GAP = 1000
ABSORB_WINDOW = 4  # words between «директорының» and «орынбасары» («... оқу ісі жөніндегі ...»)


class Linker:
    """The precomputed indexes of one regulation text (built once per text, on first use)."""

    def __init__(self, doc: Document, glossary: Glossary):
        self.doc, self.glossary = doc, glossary
        self.titles_kk = {p.id: p.title for p in doc.positions}
        self.exact = self._exact_names()
        self.names = glossary.phrase_index(self._name_entries())
        self.contexts = glossary.phrase_index(
            [(n, _Context(cid)) for cid, c in glossary.contexts.items() for n in c.names]
        )
        self.kinds = glossary.phrase_index(
            [(n, (kind, 1.0)) for kind, cues in glossary.kinds.items() for n in cues.strong]
            + [(n, (kind, 0.5)) for kind, cues in glossary.kinds.items() for n in cues.weak]
        )
        self.qualifiers = glossary.phrase_index(
            [(n, (g.id, i)) for g in glossary.generic for i, q in enumerate(g.qualifiers) for n in q.names]
        )
        self.target_cues = glossary.phrase_index(
            [(n, side) for side, names in glossary.target_cues.items() for n in names]
        )
        self.speller = Speller([self.names, self.contexts, self.kinds, self.qualifiers, self.target_cues])
        self.absorptions = [
            (set(glossary.generic_by_id(a).candidates), set(g.candidates)) for g in glossary.generic for a in g.absorbs
        ]
        self.fuzzy_choices = list(self.exact)
        self.read = lru_cache(maxsize=256)(lambda text: _Question.read(text, self.speller))

    def _name_entries(self) -> list[tuple[str, object]]:
        generic_keys = {_key(n) for g in self.glossary.generic for n in g.names}
        entries: list[tuple[str, object]] = [
            (v, _Generic(g.id, n)) for g in self.glossary.generic for n in g.names for v in (n, *head_variants(n))
        ]
        for pid, title in self.titles_kk.items():
            names = self.glossary.positions[pid]
            candidates = [(title, "title_kk"), (names.ru, "title_ru")]
            candidates += [(a, "alias") for a in [*names.ru_aliases, *names.kk_aliases]]
            candidates += [(v, "alias") for a in names.ru_aliases for v in (*deputy_variants(a), *head_variants(a))]
            entries += [(n, _Specific(pid, how, n)) for n, how in candidates if _key(n) not in generic_keys]
        return entries

    def _exact_names(self) -> dict[str, _Specific | _Generic]:
        """Folded full name → what it names; generic names win over a title they equal."""
        exact: dict[str, _Specific | _Generic] = {}
        for pid, title in self.titles_kk.items():
            names = self.glossary.positions[pid]
            exact[_key(title)] = _Specific(pid, "title_kk", title)
            exact.setdefault(_key(names.ru), _Specific(pid, "title_ru", names.ru))
            for alias in [*names.ru_aliases, *names.kk_aliases]:
                exact.setdefault(_key(alias), _Specific(pid, "alias", alias))
        for g in self.glossary.generic:
            exact.update({_key(n): _Generic(g.id, n) for n in g.names})
        return exact


# The ways a deputy head is called in Russian; an alias written with one of them is known with every other
# («заместитель директора по учебно-воспитательной работе» → «зам по учебно-воспитательной работе»).
DEPUTY_HEADS = ("заместитель директора", "замдиректора", "заместитель", "зам")
_DEPUTY_ALIAS = re.compile(r"^(?:заместитель директора|замдиректора|заместитель|зам)\s+(по\s.+)$")


def deputy_variants(alias: str) -> list[str]:
    """The alias with each other deputy head word (only «… по <area>» aliases: the area names the post)."""
    m = _DEPUTY_ALIAS.match(alias.lower())
    return [f"{head} {m.group(1)}" for head in DEPUTY_HEADS if m and not alias.lower().startswith(f"{head} ")] if m else []


# «зав.» is how Russian shortens «заведующий/заведующая» before what is headed («зав учебной мастерской», «зав кафедрой»).
_HEAD = re.compile(r"^заведующ(?:ий|ая)\s+(.+)$")


def head_variants(name: str) -> list[str]:
    m = _HEAD.match(name.lower())
    return [f"зав {m.group(1)}"] if m else []


def _key(text: str) -> str:
    return " ".join(fold_kazakh(t) for t in tokens(text))


_LINKERS: dict[str, Linker] = {}


def get_linker(doc: Document) -> Linker:
    """The linker over a parsed regulation and the glossary: built on first use for each text (by its hash)."""
    if doc.sha256 not in _LINKERS:
        _LINKERS[doc.sha256] = Linker(doc, load_glossary())
    return _LINKERS[doc.sha256]


def linker_of(doc: Document | None) -> Linker:
    """The linker of ``doc``; ``None`` is the packaged regulation (the public default of this module's
    functions: the assistant passes the document its settings name)."""
    return get_linker(doc if doc is not None else load_document())


# --- generic names and organisation context ----------------------------------------


def _inside(inner: Hit, outer: Hit) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


def _chapter(position_id: str) -> int:
    return int(position_id.split(".")[0].removeprefix("ch"))


def _chapters_of(linker: Linker, context: Hit) -> list[int]:
    return linker.glossary.contexts[context.payload.context_id].chapters


def _hit_ids(linker: Linker, hit: Hit) -> set[str]:
    if isinstance(hit.payload, _Specific):
        return {hit.payload.position_id}
    return set(linker.glossary.generic_by_id(hit.payload.generic_id).candidates)


def _consistent(linker: Linker, q: _Question, raw: list[Hit], contexts: list[Hit]) -> list[Hit]:
    """Drops a name that fits one position when the organisation named disagrees with it,
    if a generic name covers the same words: «арнайы мектептегі логопед» is not the
    school's «мектептегі логопед», «учитель математики в специальной школе» not chapter 3.
    An organisation speaks of the name nearest to it: in «бұрын мектепте мұғалім болдым, қазір
    тәрбиеші-ана болып …» the school is the teacher's, not the foster mother's."""
    def conflicts(hit: Hit) -> bool:
        if not isinstance(hit.payload, _Specific):
            return False
        if any(c.overlaps(hit) and not _inside(c, hit) for c in contexts):
            return True
        if any(_inside(c, hit) for c in contexts):
            return False  # the name says its organisation itself («воспитатель детского сада»)
        outside = {ch for c in contexts if not c.overlaps(hit) and _speaks_of(q, c, hit, names)
                   for ch in _chapters_of(linker, c)}
        return bool(outside) and _chapter(hit.payload.position_id) not in outside

    # a head that is part of a deputy's name («колледж директорының … орынбасарына») names no one apart
    names = [h for h in raw if not _absorbed(linker, q, h, raw)]
    bad = [h for h in raw if conflicts(h)]
    good = [h for h in raw if h not in bad]
    return good + [h for h in bad if not any(h.overlaps(g) for g in good)]


def _speaks_of(q: _Question, context: Hit, hit: Hit, names: list[Hit]) -> bool:
    """Whether no other name (apart from those overlapping this one) stands nearer the organisation."""
    others = [n for n in names if not n.overlaps(hit) and not n.overlaps(context)]
    return all(q.distance(context, hit) <= q.distance(context, n) for n in others)


def _absorbed(linker: Linker, q: _Question, hit: Hit, hits: list[Hit]) -> bool:
    """«колледж директорының ... орынбасарына»: the head is part of the deputy's name (within a
    sentence: «орынбасар болмадым. Мектеп директоры …» names two positions)."""
    ids = _hit_ids(linker, hit)
    return any(
        ids <= heads and _hit_ids(linker, other) <= deputies and q.distance(hit, other) <= ABSORB_WINDOW
        and (0 <= other.start - hit.end <= ABSORB_WINDOW or 0 <= hit.start - other.end <= ABSORB_WINDOW)
        for heads, deputies in linker.absorptions for other in hits if other is not hit
    )


def _named_contexts(linker: Linker, contexts: list[Hit], taken: list[Hit]) -> list[Hit]:
    """The organisations named outside the position names (neutral phrases, with no
    chapters, only keep their words from counting)."""
    return [c for c in contexts if not any(c.overlaps(t) for t in taken) and _chapters_of(linker, c)]


@dataclass(frozen=True)
class _Question:
    """Tokens of a text as shown, folded for matching, and the sentence of each."""

    words: list[str]
    folded: list[str]
    corrected: frozenset[int]
    sentence_of: list[int]

    @classmethod
    def read(cls, text: str, speller: Speller) -> _Question:
        parts = sentences(text)
        words = [w for part in parts for w in part]
        folded, corrected = speller.correct([fold_kazakh(w) for w in words])
        return cls(words, folded, corrected, [i for i, part in enumerate(parts) for _ in part])

    def find(self, index: PhraseIndex) -> list[Hit]:
        """The longest non-overlapping occurrences of an index's phrases."""
        return longest_hits(index.find(self.folded, self.corrected))

    def distance(self, a: Hit, b: Hit) -> int:
        """Words between two hits; hits in different sentences are far apart."""
        gap = max(a.start - b.end, b.start - a.end, 0)
        return gap if self._sentences(a) & self._sentences(b) else gap + SENTENCE_GAP

    def _sentences(self, hit: Hit) -> set[int]:
        return {self.sentence_of[i] for i in range(hit.start, hit.end)}


def _qualified(q: _Question, generic: GenericName, hit: Hit, qualifiers: list[Hit]) -> list[str]:
    """The candidates left by the qualifiers of this generic name found near it."""
    kept = set(generic.candidates)
    for qualifier in qualifiers:
        generic_id, index = qualifier.payload
        if generic_id == generic.id and q.distance(qualifier, hit) <= QUALIFIER_WINDOW:
            kept &= set(generic.qualifiers[index].candidates)
    return [p for p in generic.candidates if p in kept] or generic.candidates


def _narrow(
    linker: Linker, q: _Question, generic: GenericName, hit: Hit, candidates: list[str], contexts: list[Hit]
) -> tuple[list[str], float]:
    """The candidates the named organisations leave, and how sure that is. When several
    organisations are named, the one nearest the name decides («Балалар үйінде тәрбие ісі
    жөніндегі орынбасар ..., мектептегі өтілім ...»)."""
    picks = {c: _pick(linker, generic, candidates, c.payload.context_id) for c in contexts}
    found = sorted({pid for ids in picks.values() for pid in ids})
    if len(found) == 1:
        return found, SCORE_BY_CONTEXT
    nearest = min((q.distance(c, hit) for c, ids in picks.items() if ids), default=None)
    near = sorted({pid for c, ids in picks.items() if q.distance(c, hit) == nearest for pid in ids})
    if len(near) == 1:
        return near, SCORE_NEAREST
    candidates = found or candidates
    if len(candidates) == 1:
        return candidates, SCORE_BY_CONTEXT
    if not contexts and generic.default in candidates:
        return [generic.default], SCORE_DEFAULT
    return candidates, SCORE_AMBIGUOUS


def _pick(linker: Linker, generic: GenericName, candidates: list[str], context_id: str) -> list[str]:
    target = generic.by_context.get(context_id)
    if target in candidates:
        return [target]
    chapters = linker.glossary.contexts[context_id].chapters
    return [p for p in candidates if _chapter(p) in chapters]  # by the organisation's chapters


# --- free-text linking -------------------------------------------------------------------


@dataclass(frozen=True)
class _Found:
    position_ids: list[str]
    score: float
    hit: Hit
    targeted: bool = False
    source: bool = False


def _find_positions(linker: Linker, q: _Question) -> list[_Found]:
    contexts = q.find(linker.contexts)
    hits = longest_hits(_consistent(linker, q, linker.names.find(q.folded, q.corrected), contexts))
    hits = [h for h in hits if not _absorbed(linker, q, h, hits)]
    named = _named_contexts(linker, contexts, hits)
    qualifiers, cues = q.find(linker.qualifiers), q.find(linker.target_cues)
    return [_found(linker, q, hit, (named, qualifiers, cues)) for hit in hits]


def _found(linker: Linker, q: _Question, hit: Hit, around: tuple[list[Hit], list[Hit], list[Hit]]) -> _Found:
    contexts, qualifiers, cues = around
    targeted = _is_target(hit, cues)
    source = _is_source(q, hit)
    score = (FUZZY_PENALTY if hit.fuzzy else 1.0) * (TARGET_BONUS if targeted else 1.0)
    if isinstance(hit.payload, _Specific):
        return _Found([hit.payload.position_id], min(1.0, SCORE_SPECIFIC * score), hit, targeted, source)
    generic = linker.glossary.generic_by_id(hit.payload.generic_id)
    ids, sure = _narrow(linker, q, generic, hit, _qualified(q, generic, hit, qualifiers), contexts)
    return _Found(ids, min(1.0, sure * score), hit, targeted, source)


# The post one moves from, by its grammar: the Russian «с/из/от» + genitive («с воспитателя», «с должности
# логопеда», «из учителей»; «с логопедом» is «with», instrumental), the Kazakh ablative («тәрбиешіден»).
_FROM = frozenset({"с", "со", "из", "от"})
_INSTRUMENTAL = re.compile(r"(?:ом|ем|ём|ой|ей|ью|ами|ями)$")
_ABLATIVE = re.compile(r"\w{3,}(?:дан|ден|тан|тен|нан|нен)$")


def _is_source(q: _Question, hit: Hit) -> bool:
    before = q.folded[max(0, hit.start - 2): hit.start]
    last = q.folded[hit.end - 1]
    preposition = before[-1] if before and before[-1] in _FROM else before[0] if len(before) == 2 and \
        before[0] in _FROM and before[1].startswith("должност") else None
    if preposition:  # only «с» also means «with» (with the instrumental); «из учителей» is a genitive plural
        return preposition not in ("с", "со") or not _INSTRUMENTAL.search(last)
    return bool(_ABLATIVE.fullmatch(last))


def _is_target(hit: Hit, cues: list[Hit]) -> bool:
    """«хочу стать методистом», «меңгерушісі болғым келеді»: the position asked about, not the one held."""
    return any(
        (cue.payload == "before" and 0 <= hit.start - cue.end <= TARGET_WINDOW)
        or (cue.payload == "after" and 0 <= cue.start - hit.end <= TARGET_WINDOW)
        for cue in cues
    )


def link_positions(question: str, limit: int = 5, doc: Document | None = None) -> list[PositionLink]:
    """The positions a question mentions, best first; empty when it names none."""
    linker = linker_of(doc)
    q = linker.read(question)
    best: dict[str, PositionLink] = {}
    for found in _find_positions(linker, q):
        matched = " ".join(q.words[found.hit.start : found.hit.end])
        for pid in found.position_ids:
            # a post named as the one left anywhere («работаю воспитателем, хочу перейти с воспитателя …») is left
            source = found.source or (pid in best and best[pid].source)
            if pid not in best or best[pid].score < found.score:
                best[pid] = PositionLink(position_id=pid, score=round(found.score, 3), matched=matched,
                                         targeted=found.targeted, source=source)
            best[pid].source = source
    return sorted(best.values(), key=lambda link: -link.score)[:limit]


def generic_candidates(words: str, doc: Document | None = None) -> list[str]:
    """Every position a generic name among ``words`` may mean («психолог» → the kindergarten's, the
    school's, …), before any default or organisation narrows it; empty when the words name none."""
    linker = linker_of(doc)
    q = linker.read(words)
    found = [h.payload for h in q.find(linker.names) if isinstance(h.payload, _Generic)]
    return list(dict.fromkeys(p for g in found for p in linker.glossary.generic_by_id(g.generic_id).candidates))


def named_chapters(question: str, doc: Document | None = None) -> set[int]:
    """The chapters of the organisations a question names («в садике» → {2}); empty when it names none."""
    linker = linker_of(doc)
    return {ch for hit in linker.read(question).find(linker.contexts) for ch in _chapters_of(linker, hit)}


def named_contexts(question: str, doc: Document | None = None) -> dict[str, list[int]]:
    """The organisations a question names (glossary context ids) with their chapters."""
    linker = linker_of(doc)
    return {hit.payload.context_id: _chapters_of(linker, hit) for hit in linker.read(question).find(linker.contexts)}


# «білім беру» (education as a service: «мемлекеттік білім беру тапсырысы»), «білім алушы» (a learner): «білім» there
# is half of a compound noun, not the education a post requires
_COMPOUND_SECOND = re.compile(r"(?:бер|алуш)\w*")


def _compound_noun(q: _Question, hit: Hit) -> bool:
    return hit.end < len(q.folded) and bool(_COMPOUND_SECOND.fullmatch(q.folded[hit.end]))


def detect_kinds(question: str, doc: Document | None = None) -> dict[str, float]:
    """Which clause kinds (duties, knowledge, requirements, competence) a question asks about."""
    linker = linker_of(doc)
    q = linker.read(question)
    taken = q.find(linker.names) + q.find(linker.contexts)
    scores: dict[str, float] = {}
    for hit in q.find(linker.kinds):
        if not any(hit.overlaps(t) for t in taken) and not _compound_noun(q, hit):
            kind, weight = hit.payload
            scores[kind] = max(scores.get(kind, 0.0), weight)
    return scores


# --- resolving one name -----------------------------------------------------------------


def resolve_position(name: str, doc: Document | None = None) -> PositionMatch:
    """The one position a name refers to: an id, a title (kk/ru), an alias, or a close variant.

    Raises :class:`AmbiguousReference` (with the candidate ids) when the name fits several
    positions, :class:`UnknownReference` when it fits none.
    """
    linker = linker_of(doc)
    name = name.strip()
    if name in linker.titles_kk:
        return _match(linker, name, name, "id", 1.0)
    key = _key(name)
    if not key:
        raise UnknownReference("a position name is empty; give a title, an alias or an id such as ch2.p2")
    exact = linker.exact.get(key)
    if isinstance(exact, _Specific):
        return _match(linker, exact.position_id, exact.name, exact.how, 1.0)
    return _resolve_by_phrases(linker, name, exact) or _resolve_fuzzy(linker, name, key)


def _resolve_by_phrases(linker: Linker, name: str, exact: _Generic | None) -> PositionMatch | None:
    """A name made of dictionary phrases: a generic name with its organisation, a typo, …"""
    found = _find_positions(linker, linker.read(name))
    ids = list(dict.fromkeys(pid for f in found for pid in f.position_ids))
    if not ids:
        return None
    if len(ids) > 1:
        raise _ambiguous(linker, name, ids)
    best = max(found, key=lambda f: f.hit.length)
    payload = best.hit.payload
    how: How = "fuzzy" if best.hit.fuzzy else (payload.how if isinstance(payload, _Specific) else "alias")
    matched = exact.name if exact else payload.name
    return _match(linker, ids[0], matched, how, min(1.0, best.score + 0.1))


def _resolve_fuzzy(linker: Linker, name: str, key: str) -> PositionMatch:
    results = process.extract(key, linker.fuzzy_choices, scorer=fuzz.ratio, score_cutoff=FUZZY_NAME_CUTOFF, limit=20)
    if not results:
        raise UnknownReference(
            f"no position matches «{name}»; use a position title, a common name such as «завуч» or an id such as ch2.p2"
        )
    top = results[0][1]
    close = [linker.exact[choice] for choice, score, _ in results if score >= top - FUZZY_MARGIN]
    ids = list(dict.fromkeys(pid for p in close for pid in _ids_of(linker, p)))
    if len(ids) > 1:
        raise _ambiguous(linker, name, ids)
    return _match(linker, ids[0], close[0].name, "fuzzy", top / 100)


def _ids_of(linker: Linker, payload: _Specific | _Generic) -> list[str]:
    if isinstance(payload, _Specific):
        return [payload.position_id]
    generic = linker.glossary.generic_by_id(payload.generic_id)
    return [generic.default] if generic.default else generic.candidates


def _match(linker: Linker, pid: str, matched: str, how: How, score: float) -> PositionMatch:
    return PositionMatch(
        position_id=pid, title_kk=linker.titles_kk[pid], title_ru=linker.glossary.positions[pid].ru,
        matched=matched, how=how, score=round(score, 3),
    )


def _ambiguous(linker: Linker, name: str, ids: list[str]) -> AmbiguousReference:
    listed = "; ".join(
        f"{pid} «{linker.titles_kk[pid]}» / «{linker.glossary.positions[pid].ru}»" for pid in ids
    )
    return AmbiguousReference(
        f"«{name}» may mean {len(ids)} positions: {listed}; name the organisation "
        f"(e.g. «... детского сада», «мектеп ...», «... колледжа») or use a position id",
        ids,
    )
