"""Position names: a title in the language of the request (Kazakh as printed, Russian from the glossary),
and the positions matching what a person is typing (autocomplete).

Whole names and the common names people use («завуч», «воспитатель детского сада») are
linked by :func:`assistant.language.linking.link_positions`; while a word is still being typed
(«тәрб», «воспит») a position also matches when each typed word begins a word of one of
its names (Kazakh and Russian titles and the glossary's aliases).
"""

from __future__ import annotations

from ..regulation.document import Document
from .glossary import load_glossary, russian_title
from .linking import link_positions
from .textnorm import folded_tokens


def position_title(doc: Document, position_id: str, lang: str) -> str:
    return russian_title(position_id) if lang == "ru" else doc.position(position_id).title


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


def search_positions(doc: Document, query: str, limit: int) -> list[str]:
    linked = [link.position_id for link in link_positions(query, limit=limit, doc=doc)]
    return list(dict.fromkeys(linked + typed_prefix_matches(doc, query)))[:limit]
