"""Entity linking: which position (and which clause kind) a name or a question refers to.

Shared by retrieval (a soft signal: :func:`link_positions`, :func:`detect_kinds`) and
the eligibility checker (a hard reference: :func:`resolve_position`). All names come
from ``corpus/glossary.yaml`` and the parsed regulation; matching is on normalised,
Kazakh-folded tokens (:mod:`assistant.textnorm`) through :class:`~assistant.glossary.PhraseIndex`.

How a name is resolved: a name that fits one position (a title, an alias) links to it;
a generic name («методист», «завуч») is narrowed by the organisation the text names
(«детского сада» → chapter 2), then by its ``default`` when no organisation is named;
when that still leaves several positions the reference is ambiguous.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, Field
from rapidfuzz import fuzz, process

from .corpus import load_document
from .document import Document
from .errors import AmbiguousReference, UnknownReference
from .glossary import Glossary, GenericName, Hit, PhraseIndex, load_glossary, longest_hits
from .textnorm import fold_kazakh, normalise, tokens

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


class Linker:
    """The precomputed indexes (built once, on first use)."""

    def __init__(self, doc: Document, glossary: Glossary):
        self.doc, self.glossary = doc, glossary
        self.titles_kk = {p.id: p.title for p in doc.positions}
        self.exact = self._exact_names()
        self.names = PhraseIndex(self._name_entries(), glossary.false_friends)
        self.contexts = PhraseIndex(
            [(n, _Context(cid)) for cid, c in glossary.contexts.items() for n in c.names], glossary.false_friends
        )
        self.kinds = PhraseIndex(
            [(n, (kind, 1.0)) for kind, cues in glossary.kinds.items() for n in cues.strong]
            + [(n, (kind, 0.5)) for kind, cues in glossary.kinds.items() for n in cues.weak],
            glossary.false_friends,
        )
        self.fuzzy_choices = list(self.exact)

    def _name_entries(self) -> list[tuple[str, object]]:
        generic_keys = {_key(n) for g in self.glossary.generic for n in g.names}
        entries: list[tuple[str, object]] = [
            (n, _Generic(g.id, n)) for g in self.glossary.generic for n in g.names
        ]
        for pid, title in self.titles_kk.items():
            names = self.glossary.positions[pid]
            candidates = [(title, "title_kk"), (names.ru, "title_ru")]
            candidates += [(a, "alias") for a in [*names.ru_aliases, *names.kk_aliases]]
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


def _key(text: str) -> str:
    return " ".join(fold_kazakh(t) for t in tokens(text))


@lru_cache(maxsize=1)
def get_linker() -> Linker:
    """The shared linker over the parsed regulation and the glossary (built on first call)."""
    return Linker(load_document(), load_glossary())


# --- generic names and organisation context ----------------------------------------


def _named_contexts(linker: Linker, toks: list[str], taken: list[Hit]) -> set[str]:
    """The organisations named outside the spans already taken by position names
    (neutral phrases, with no chapters, only keep their words from counting)."""
    hits = [h for h in longest_hits(linker.contexts.find(toks)) if not any(h.overlaps(t) for t in taken)]
    return {h.payload.context_id for h in hits if linker.glossary.contexts[h.payload.context_id].chapters}


def _narrow(linker: Linker, generic: GenericName, context_ids: set[str]) -> tuple[list[str], float]:
    """The candidates of a generic name that the named organisations leave, and how sure that is."""
    if not context_ids:
        return ([generic.default], SCORE_DEFAULT) if generic.default else (generic.candidates, SCORE_AMBIGUOUS)
    picks = sorted({pid for cid in context_ids for pid in _pick(linker, generic, cid)})
    if len(picks) == 1:
        return picks, SCORE_BY_CONTEXT
    return (picks or generic.candidates), SCORE_AMBIGUOUS


def _pick(linker: Linker, generic: GenericName, context_id: str) -> list[str]:
    if context_id in generic.by_context:
        return [generic.by_context[context_id]]
    chapters = linker.glossary.contexts[context_id].chapters
    return [p for p in generic.candidates if _chapter(p) in chapters]


def _chapter(position_id: str) -> int:
    return int(position_id.split(".")[0].removeprefix("ch"))


# --- free-text linking -------------------------------------------------------------------


@dataclass(frozen=True)
class _Found:
    position_ids: list[str]
    score: float
    hit: Hit


def _find_positions(linker: Linker, toks: list[str]) -> list[_Found]:
    hits = longest_hits(linker.names.find(toks))
    context_ids = _named_contexts(linker, toks, hits)
    found = []
    for hit in hits:
        penalty = FUZZY_PENALTY if hit.fuzzy else 1.0
        if isinstance(hit.payload, _Specific):
            found.append(_Found([hit.payload.position_id], SCORE_SPECIFIC * penalty, hit))
        else:
            ids, score = _narrow(linker, linker.glossary.generic_by_id(hit.payload.generic_id), context_ids)
            found.append(_Found(ids, score * penalty, hit))
    return found


def link_positions(question: str, limit: int = 5) -> list[PositionLink]:
    """The positions a question mentions, best first; empty when it names none."""
    linker = get_linker()
    text = normalise(question)
    toks = tokens(text)
    best: dict[str, PositionLink] = {}
    for found in _find_positions(linker, [fold_kazakh(t) for t in toks]):
        matched = " ".join(toks[found.hit.start : found.hit.end])
        for pid in found.position_ids:
            if pid not in best or best[pid].score < found.score:
                best[pid] = PositionLink(position_id=pid, score=round(found.score, 3), matched=matched)
    return sorted(best.values(), key=lambda link: -link.score)[:limit]


def detect_kinds(question: str) -> dict[str, float]:
    """Which clause kinds (duties, knowledge, requirements, competence) a question asks about."""
    linker = get_linker()
    toks = [fold_kazakh(t) for t in tokens(question)]
    taken = longest_hits(linker.names.find(toks))
    taken += longest_hits(linker.contexts.find(toks))
    scores: dict[str, float] = {}
    for hit in longest_hits(linker.kinds.find(toks)):
        if not any(hit.overlaps(t) for t in taken):
            kind, weight = hit.payload
            scores[kind] = max(scores.get(kind, 0.0), weight)
    return scores


# --- resolving one name -----------------------------------------------------------------


def resolve_position(name: str) -> PositionMatch:
    """The one position a name refers to: an id, a title (kk/ru), an alias, or a close variant.

    Raises :class:`AmbiguousReference` (with the candidate ids) when the name fits several
    positions, :class:`UnknownReference` when it fits none.
    """
    linker = get_linker()
    name = name.strip()
    if name in linker.titles_kk:
        return _match(linker, name, name, "id", 1.0)
    key = _key(name)
    if not key:
        raise UnknownReference("a position name is empty; give a title, an alias or an id such as ch2.p2")
    exact = linker.exact.get(key)
    if isinstance(exact, _Specific):
        return _match(linker, exact.position_id, exact.name, exact.how, 1.0)
    return _resolve_by_phrases(linker, name, key.split()) or _resolve_fuzzy(linker, name, key)


def _resolve_by_phrases(linker: Linker, name: str, toks: list[str]) -> PositionMatch | None:
    found = _find_positions(linker, toks)
    ids = list(dict.fromkeys(pid for f in found for pid in f.position_ids))
    if not ids:
        return None
    if len(ids) > 1:
        raise _ambiguous(linker, name, ids)
    best = max(found, key=lambda f: f.hit.length)
    payload = best.hit.payload
    how: How = "fuzzy" if best.hit.fuzzy else (payload.how if isinstance(payload, _Specific) else "alias")
    return _match(linker, ids[0], payload.name, how, min(1.0, best.score + 0.1))


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
