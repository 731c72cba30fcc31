"""``GET /api/positions``: the 91 positions, or those matching what a person is typing (autocomplete).

Whole names and the common names people use («завуч», «воспитатель детского сада») are
linked by :func:`assistant.language.linking.link_positions`; while a word is still being typed
(«тәрб», «воспит») a position also matches when each typed word begins a word of one of
its names (Kazakh and Russian titles and the glossary's aliases).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from ....answering.answer import Lang
from ....regulation.document import Document
from ....language.glossary import load_glossary
from ....language.linking import link_positions
from ....language.textnorm import folded_tokens
from ..deps import DocumentDep
from ..guards import rate_limit
from ..naming import position_title
from ..problems import PROBLEM_RESPONSES

router = APIRouter(prefix="/api", tags=["positions"], dependencies=[Depends(rate_limit)])


class PositionOut(BaseModel):
    id: str
    name: str = Field(description="the title in the requested language")
    title: str = Field(description="the Kazakh title as printed")
    title_ru: str
    chapter: int
    chapter_title: str
    paragraph: int | None


_NAME_WORDS: dict[str, dict[str, list[list[str]]]] = {}


def name_words(doc: Document) -> dict[str, list[list[str]]]:
    """Each position's names as folded word lists (titles in both languages, then aliases); built once."""
    if doc.sha256 not in _NAME_WORDS:
        _NAME_WORDS[doc.sha256] = _name_words(doc)
    return _NAME_WORDS[doc.sha256]


def _name_words(doc: Document) -> dict[str, list[list[str]]]:
    glossary = load_glossary()
    words: dict[str, list[list[str]]] = {}
    for position in doc.positions:
        names = glossary.positions[position.id]
        all_names = [position.title, names.ru, *names.ru_aliases, *names.kk_aliases]
        words[position.id] = [folded_tokens(name) for name in all_names]
    return words


def _prefix_rank(typed: list[str], name: list[str]) -> tuple[int, int] | None:
    """Where the typed words begin words of the name (earlier and shorter names first), or None."""
    at = [next((i for i, word in enumerate(name) if word.startswith(t)), None) for t in typed]
    return None if None in at else (sum(at), len(name))


def typed_prefix_matches(doc: Document, query: str) -> list[str]:
    typed = folded_tokens(query)
    ranked = []
    for pid, names in name_words(doc).items():
        ranks = [r for name in names if (r := _prefix_rank(typed, name)) is not None]
        if typed and ranks:
            ranked.append((min(ranks), pid))
    return [pid for _, pid in sorted(ranked, key=lambda item: item[0])]


def search(doc: Document, query: str, limit: int) -> list[str]:
    linked = [link.position_id for link in link_positions(query, limit=limit)]
    return list(dict.fromkeys(linked + typed_prefix_matches(doc, query)))[:limit]


def position_out(doc: Document, position_id: str, lang: str) -> PositionOut:
    position = doc.position(position_id)
    return PositionOut(
        id=position.id, name=position_title(doc, position.id, lang), title=position.title,
        title_ru=position_title(doc, position.id, "ru"), chapter=position.chapter,
        chapter_title=position.chapter_title, paragraph=position.paragraph,
    )


@router.get("/positions", response_model=list[PositionOut], responses=PROBLEM_RESPONSES)
def positions(
    doc: DocumentDep,
    q: Annotated[str, Query(max_length=200, description="what is typed so far; empty lists every position")] = "",
    lang: Annotated[Lang, Query()] = "kk",
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
) -> list[PositionOut]:
    ids = search(doc, q, limit) if q.strip() else [p.id for p in doc.positions][:limit]
    return [position_out(doc, pid, lang) for pid in ids]
