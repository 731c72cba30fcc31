"""Positions by what they do: a description of the work matched against every position's duties.

People often describe a job instead of naming it («кто в садике готовит утренники?», «мектепте
оқушыларға мамандық таңдауға көмектесетін педагог»). The regulation lists each position's duties
item by item («…; …»), so each duty item is embedded with its position title in front, and a
description is scored against a position by its best item. The regulation is Kazakh only; the
multilingual embedder places a Russian description near the Kazakh item (cross-lingual).

The scores of one question are read against each other, never as absolute values: a position is
*chosen* only when it leads the runner-up by a clear margin, measured in standard deviations of
that question's scores over all positions (how much a question resembles duties in general varies
a lot; how far one position stands out of the crowd is comparable across questions). Otherwise the
leading few are offered as candidates, so the assistant asks which.

Embedding every duty item (about 1,250, with their titles) takes minutes on two CPU cores, so it is
never done while a question is read: :meth:`DutyIndex.ensure` embeds them once, where the search
index is built (``assistant index``, the retriever's first load), and stores them beside the index
keyed by the corpus, the item scheme and the embedder (``duties.npz``); reading a question only
loads that file (milliseconds) and, when it is absent, simply does without descriptions. The vectors
come from the file shipped with the corpus (:mod:`assistant.search.shipped`) for every item it holds.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..answering.extract import items_of
from ..regulation.document import ClauseKind, Document
from ..regulation.ids import item_id
from ..settings import Settings
from .embeddings import Embedder, make_embedder, query_vector
from .shipped import ShippedVectors, vectors_for

# Bump when the item texts change in a way the corpus hash would not show.
SCHEME = "title+duty-item/v1"
FILE_NAME = "duties.npz"
# A position is chosen when it leads the runner-up by this many standard deviations of the question's
# scores over all positions (measured on eval/dev: the describing questions whose first position was
# right led by 0.9–2.5, the wrong leaders by at most 0.6).
CHOOSE_MARGIN = 0.8
OFFERED = 3  # the leading positions offered when none is chosen: the assistant asks which
# The best of many duties is closer to any description by chance than the best of a few: a head's thirty duties
# outscored the described post's ten. Each position's best cosine is lowered by this times the log of its number
# of duties (on the dev describing questions, 61: first position right 40 → 44, chosen right 24 → 26, none wrong;
# 0.02 ranked one more first but chose two fewer).
MANY_DUTIES = 0.01
LEXICAL_WEIGHT = 0.3  # the words' lead beside the meaning's (dense): on the dev describing questions (44) the first
# position right 0.52 → 0.64 and chosen 11 → 15, every one right; 0.5 chose 22, 4 of them wrong


@dataclass(frozen=True)
class DutyItem:
    """One duty of a position («ch3.p13.c88.i3»), embedded with the position's title in front."""

    id: str
    position_id: str
    text: str


def duty_items(doc: Document, positions: set[str] | None = None) -> list[DutyItem]:
    """Every duty item of the regulation (of ``positions`` only, when given), in document order."""
    return [
        DutyItem(item_id(clause.id, n), clause.position_id, f"{clause.position}. {item.text}")
        for clause in doc.clauses
        if clause.kind is ClauseKind.DUTIES and (positions is None or clause.position_id in positions)
        for n, item in enumerate(items_of(clause), start=1)
    ]


@dataclass(frozen=True)
class Description:
    """How a description ranks the positions: ids best first, with each one's lead in standard deviations."""

    ranked: list[str]
    leads: list[float]  # the score of each ranked position above the question's mean, in standard deviations

    @property
    def margin(self) -> float:
        return self.leads[0] - self.leads[1] if len(self.leads) > 1 else float("inf")

    @property
    def chosen(self) -> str | None:
        """The position the description names, when it stands out clearly; otherwise None."""
        return self.ranked[0] if self.ranked and self.margin >= CHOOSE_MARGIN else None

    @property
    def offered(self) -> list[str]:
        """The leading positions no clear margin separates from the first (at most a few)."""
        return [p for p, lead in zip(self.ranked, self.leads) if lead > self.leads[0] - CHOOSE_MARGIN][:OFFERED]


class DutyIndex:
    """The duty items' vectors for one embedder, stored beside the search index."""

    file_name = FILE_NAME
    scheme = SCHEME

    def __init__(self, settings: Settings, embedder: Embedder | None = None, document: Document | None = None,
                 positions: set[str] | None = None) -> None:
        self.settings = settings
        self._embedder = embedder
        self._document = document
        self._positions = positions
        # re-entrant: reading the stored vectors may open the search, whose load ensures these very vectors
        self._lock = threading.RLock()
        self._items: list[DutyItem] | None = None
        self._owners: np.ndarray | None = None
        self._counts: dict[str, int] = {}  # duties per position
        self._vectors: np.ndarray | None = None
        self._lexical: PositionWords | None = None

    @property
    def path(self) -> Path:
        return Path(self.settings.index_dir) / self.file_name

    shared_embedder: Callable[[], Embedder] | None = None  # where the process's embedder comes from, if set

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = self.shared_embedder() if self.shared_embedder else make_embedder(self.settings)
        return self._embedder

    def items(self) -> list[DutyItem]:
        if self._items is None:
            if self._document is None:
                from ..regulation.corpus import load_document

                self._document = load_document(self.settings.corpus_path)
            self._items = self._make_items(self._document)
        return self._items

    def _make_items(self, document: Document) -> list:
        return duty_items(document, self._positions)

    def key(self) -> str:
        """Changes whenever the stored vectors would: the item texts, their scheme, the embedder."""
        digest = hashlib.sha256(json.dumps([self.scheme, self.embedder.identity]).encode())
        for item in self.items():
            digest.update(f"{item.id}\t{item.text}\n".encode())
        return digest.hexdigest()

    # -- building (once, where the index is built) and loading ----------------------------
    def ensure(self, rebuild: bool = False) -> float:
        """Loads the stored vectors, making and storing them first (from the shipped file, embedding what it lacks)
        when missing or stale; the seconds spent making them."""
        with self._lock:
            if not rebuild and (self._vectors is not None or self._load()):
                return 0.0
            started = time.perf_counter()
            shipped, _ = ShippedVectors.open(self.settings, self.embedder)  # only the items it lacks are embedded
            vectors = vectors_for([i.text for i in self.items()], self.embedder, shipped).vectors
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp.npz")
            np.savez(tmp, key=np.array(self.key()), vectors=vectors)
            tmp.replace(self.path)
            self._use(vectors)
            return time.perf_counter() - started

    def ready(self) -> bool:
        """Whether the vectors are at hand (loading them if stored); never embeds the items."""
        with self._lock:
            return self._vectors is not None or self._load()

    def _load(self) -> bool:
        if not self.path.exists():
            return False
        try:
            with np.load(self.path) as data:
                if str(data["key"]) != self.key():
                    return False
                self._use(data["vectors"])
        except (OSError, ValueError, KeyError):
            return False  # a partial or foreign file: rebuilt by ensure()
        return True

    @property
    def vectors(self) -> np.ndarray | None:
        """One row per item of :meth:`items` once loaded (what ``assistant index --ship`` writes)."""
        return self._vectors

    def _use(self, vectors: np.ndarray) -> None:
        self._owners = np.array([i.position_id for i in self.items()])
        self._counts = {str(p): int(n) for p, n in zip(*np.unique(self._owners, return_counts=True))}
        self._vectors = vectors

    # -- matching ---------------------------------------------------------------------------
    def describe(self, text: str, chapters: set[int] | None = None, served: frozenset[str] = frozenset()) -> Description:
        """The positions ranked by their best duty item for a description (within ``chapters`` when the
        text names an organisation: «в садике» keeps to chapter 2), the meaning of the words (dense, across
        languages) and the words themselves (BM25 over each position's duties and names) read together.
        ``served``: posts the description names as those the work is for («помогает воспитателям»), left out."""
        scores = self._vectors @ np.asarray(query_vector(self.embedder, text), dtype=np.float32)
        best = {str(pid): float(scores[self._owners == pid].max()) - MANY_DUTIES * float(np.log(self._counts[pid]))
                for pid in dict.fromkeys(self._owners)}
        dense = _standardised(best)
        words = _standardised(self._words().scores(text, list(best)))
        lead = {p: dense[p] + LEXICAL_WEIGHT * words[p] for p in best}
        allowed = [p for p in best if (not chapters or _chapter(p) in chapters) and p not in served]
        ranked = sorted(allowed, key=lambda p: -lead[p])
        return Description(ranked, [lead[p] for p in ranked])

    def _words(self) -> PositionWords:
        if self._lexical is None:
            self._lexical = PositionWords(self.items(), self._document)
        return self._lexical


class PositionWords:
    """BM25 with one document per position: its duty items, its title and its names in both languages (the
    glossary's), so that «музыкальные занятия» meets «Музыкальный руководитель» and «ән үйрету» its duties."""

    def __init__(self, items: list[DutyItem], document: Document | None) -> None:
        import bm25s

        from ..language.glossary import load_glossary
        from .lexical import document_terms

        texts: dict[str, list[str]] = {}
        for item in items:
            texts.setdefault(item.position_id, []).append(item.text)
        names = load_glossary().positions
        self.ids, self._document = list(texts), document
        docs = [" ".join([*texts[p], *([names[p].ru, *names[p].ru_aliases, *names[p].kk_aliases] if p in names else [])])
                for p in self.ids]
        self._bm25 = bm25s.BM25()
        self._bm25.index([document_terms(d) for d in docs], show_progress=False)

    def scores(self, text: str, positions: list[str]) -> dict[str, float]:
        from .lexical import query_terms

        terms = [t for t in query_terms(text, doc=self._document) if t in self._bm25.vocab_dict]
        values = self._bm25.get_scores(terms) if terms else np.zeros(len(self.ids))
        found = dict(zip(self.ids, (float(v) for v in values)))
        return {p: found.get(p, 0.0) for p in positions}


def _standardised(scores: dict[str, float]) -> dict[str, float]:
    """Each score above the question's mean over all positions, in standard deviations (0 when all are equal)."""
    values = np.array(list(scores.values()))
    spread = float(values.std())
    return {p: (v - float(values.mean())) / spread if spread else 0.0 for p, v in scores.items()}


def _chapter(position_id: str) -> int:
    return int(position_id.split(".")[0].removeprefix("ch"))


def get_duty_index() -> DutyIndex:
    """The process-wide duty index: the search's own (one copy of the vectors, one embedder per process)."""
    from .retrieval import get_retriever

    return get_retriever().duty_index
