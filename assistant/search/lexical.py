"""Lexical retrieval: BM25 (bm25s) over the chunks, with Kazakh and Russian normalisation.

Terms: :func:`assistant.language.textnorm.tokens` (case folding, ё/е, Latin look-alikes inside
Cyrillic words, hyphens split), then stems (:mod:`assistant.language.stemming`). The regulation is
Kazakh, so its terms are Kazakh stems. A question's words get the Kazakh stem, and words
without a Kazakh letter also the Russian Snowball stem (Russian questions, Russian
loanwords in either language: «логопеда» meets «логопедтің»). A Russian question is
first expanded with the Kazakh equivalents of its terms (:func:`assistant.language.glossary.expand_query`).
"""

from __future__ import annotations

import bm25s
import numpy as np

from typing import TYPE_CHECKING

from .chunking import Chunk
from ..language.stemming import stem_kk, stem_ru
from ..language.textnorm import KAZAKH_LETTERS, tokens

if TYPE_CHECKING:
    from ..regulation.document import Document

# Question words that BM25 would otherwise reward wherever they happen to occur.
_QUESTION_WORDS = frozenset(stem_kk(w) for w in """
    қанша неше қандай қалай қайда қашан кім не неге ма ме ба бе па пе керек бола болады
    болу үшін мен менің маған бар жоқ
""".split())


def document_terms(text: str) -> list[str]:
    """Index terms of a Kazakh text: folded Kazakh stems."""
    return [stem_kk(t) for t in tokens(text)]


def _word_terms(word: str) -> list[str]:
    kk = stem_kk(word)
    if any(ch in KAZAKH_LETTERS for ch in word):
        return [kk]
    ru = stem_ru(word)
    return [kk] if ru == kk else [kk, ru]


def query_terms(question: str, expand: bool = True, doc: Document | None = None) -> list[str]:
    """Search terms of a question in either language (Kazakh equivalents of Russian terms added; a position's
    is its title in ``doc``, see :func:`~assistant.language.glossary.expand_query`)."""
    if expand:
        from ..language.glossary import expand_query

        question = expand_query(question, doc)
    terms: list[str] = []
    for word in tokens(question):
        terms.extend(t for t in _word_terms(word) if t not in _QUESTION_WORDS)
    return terms


class LexicalIndex:
    """BM25 over the chunk texts; built in memory (a few hundred chunks take milliseconds)."""

    def __init__(self, chunks: list[Chunk], k1: float = 1.2, b: float = 0.75) -> None:
        self.chunks = chunks
        self._bm25 = bm25s.BM25(k1=k1, b=b)
        self._bm25.index([document_terms(c.text) for c in chunks], show_progress=False)

    def scores(self, terms: list[str]) -> np.ndarray:
        """BM25 score of every chunk (in chunk order) for the terms."""
        known = [t for t in terms if t in self._bm25.vocab_dict]
        if not known:
            return np.zeros(len(self.chunks), dtype=np.float32)
        return np.asarray(self._bm25.get_scores(known), dtype=np.float32)

    def search(self, question: str, k: int, expand: bool = True) -> list[tuple[str, float]]:
        """(chunk id, BM25 score) of the k best chunks with a positive score, best first."""
        scores = self.scores(query_terms(question, expand=expand))
        order = np.argsort(-scores, kind="stable")[:k]
        return [(self.chunks[i].id, float(scores[i])) for i in order if scores[i] > 0]
