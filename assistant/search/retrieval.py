"""Hybrid retrieval of clauses: dense (Chroma) + lexical (BM25), fused, with the question's
position and clause kind as signals.

The regulation is a grid (91 positions × duties / knowledge / requirements / competence),
and most questions name a position (often colloquially or in Russian) and ask about one
kind. :mod:`assistant.language.linking` finds both; they raise the fused score of the clauses in
that cell of the grid instead of filtering, because a question may name neither.

Fusion: weighted reciprocal rank fusion of the two rankings (chunks mapped to their
clauses, best rank kept), plus the linker's position score and the kind score. The weights
(:class:`Fusion`) were chosen on eval/questions.jsonl (``assistant eval retrieval``).

:class:`Retriever` is built once per process (:func:`get_retriever`); it loads nothing
until first used. :class:`RegulationRetriever` wraps it as a LangChain ``BaseRetriever``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from typing import Literal

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document as LCDocument
from langchain_core.retrievers import BaseRetriever
from pydantic import BaseModel, ConfigDict, Field

from .chunking import Chunk, build_chunks
from ..regulation.corpus import load_document
from ..regulation.document import Clause, ClauseKind, Document
from .duties import CHOOSE_MARGIN, DutyIndex
from ..language.frame import Frame
from .embeddings import Embedder, make_embedder, query_vector
from .items import ItemIndex
from .lexical import LexicalIndex, query_terms
from ..settings import Settings, get_settings
from .vectorstore import BuildReport, VectorIndex

Mode = Literal["hybrid", "lexical", "dense"]


class Fusion(BaseModel):
    """How the signals are combined; chosen on eval/questions.jsonl (see the module docstring).

    score = Σ weight · (rrf_k + 1) / (rrf_k + rank)      over the dense and lexical rankings
          + position_weight · link score of the clause's position   (0.3 … 1)
          + kind_weight · score of the clause's kind                (0.5 weak cue, 1 strong)

    The RRF terms are scaled so that rank 1 contributes exactly the retriever's weight: a
    confidently linked position (≈0.9 · 3) outweighs any agreement of the two rankings, an
    ambiguous one (0.3 · 3) does not.
    """

    depth: int = Field(50, description="candidates taken from each retriever")
    rrf_k: float = 10.0
    dense_weight: float = 0.5
    lexical_weight: float = 1.0
    position_weight: float = 3.0
    kind_weight: float = 0.9


class Hit(BaseModel):
    """One retrieved clause, with its fused score and where it came from."""

    clause_id: str
    score: float
    kind: ClauseKind
    chapter: int | None
    paragraph: int | None
    clause: int
    position_id: str | None
    position: str | None
    text: str
    dense_rank: int | None = None
    lexical_rank: int | None = None
    # the clause item that scored best for the question in the dense half («ch2.p2.c11.i3»,
    # «ch2.p2.c13.l5.i2»), when item vectors are on (settings.item_vectors) and the item beat the clause's vector
    item_id: str | None = None

    def metadata(self) -> dict:
        return self.model_dump(mode="json", exclude={"text"}) | {"id": self.clause_id}


# The kinds of the regulation's clauses about itself (chapter 1, the order).
OWN_KINDS = ("intro", "order")
# A position a description leads to without a clear margin: a signal weaker than a name's (0.7–1.0).
OFFERED_SIGNAL = 0.5


class Signals(BaseModel):
    """What the question names: positions and clause kinds, with the linker's scores."""

    positions: dict[str, float] = Field(default_factory=dict)
    kinds: dict[str, float] = Field(default_factory=dict)


def question_signals(question: str, doc: Document | None = None, duties: DutyIndex | None = None) -> Signals:
    """The signals of a question, from its one reading (:func:`assistant.language.reader.read`): ``doc`` the
    regulation the names are read against, ``duties`` the duty items a described job is matched on (``None``:
    the packaged ones)."""
    from ..language.reader import read

    return frame_signals(read(question, doc=doc, duties=duties))


# A position the person holds or held («я воспитатель, хочу стать методистом»): the subject's setting, not
# what is asked; a weaker signal than the target's.
CONTEXT_SHARE = 0.5


def frame_signals(frame: Frame) -> Signals:
    """What the reading of a message says of the grid: the position asked about (its candidates, with the
    linker's scores), the positions the person holds (less), a described job's candidates, the kinds asked."""
    positions: dict[str, float] = {}

    def lift(position_id: str, score: float) -> None:
        positions[position_id] = max(positions.get(position_id, 0.0), score)

    for candidate in frame.target:
        lift(candidate.position_id, candidate.score)
    for candidate in frame.context:
        lift(candidate.position_id, CONTEXT_SHARE * candidate.score)
    if frame.described and not frame.target and frame.offered:
        # a description with no clear leader: its leading few, each by how far it trails the first (a lead
        # short of the first by the whole choosing margin is worth half the first's)
        first = frame.offered[0].score
        for candidate in frame.offered:
            lift(candidate.position_id, OFFERED_SIGNAL * (1 - 0.5 * (first - candidate.score) / CHOOSE_MARGIN))
    return Signals(positions=positions, kinds=dict(frame.kinds))


def _ranks(ranked_chunk_ids: Iterable[str], clause_of: dict[str, str]) -> dict[str, int]:
    """Best 1-based rank of each clause in a ranking of chunks."""
    ranks: dict[str, int] = {}
    for rank, chunk_id in enumerate(ranked_chunk_ids, start=1):
        ranks.setdefault(clause_of[chunk_id], rank)
    return ranks


class Retriever:
    """Dense + lexical retrieval over one regulation; thread-safe, loaded on first use."""

    def __init__(self, settings: Settings | None = None, *, embedder: Embedder | None = None,
                 document: Document | None = None, fusion: Fusion | None = None) -> None:
        self.settings = settings or get_settings()
        self.fusion = fusion or Fusion()
        self._embedder = embedder
        self._document = document
        self._duty_index: DutyIndex | None = None
        self.items: ItemIndex | None = None  # every clause item's vectors, opened by load()
        self._lock = threading.Lock()
        self._loaded = False
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="embed")

    # -- loading ------------------------------------------------------------------
    def load(self, rebuild: bool = False, progress: bool = True) -> BuildReport:
        """Open (building if stale or asked) the dense index and build the lexical one."""
        with self._lock:
            if self._loaded and not rebuild:
                return BuildReport(rebuilt=False, reason="up to date", chunks=len(self.chunks), seconds=0.0)
            report = self._open_index(rebuild, progress)
            self.lexical = LexicalIndex(self.chunks)
            self._chunk = {c.id: c for c in self.chunks}
            self._clause_of = {c.id: c.clause_id for c in self.chunks}
            self._loaded = True
            return report

    def open_index(self, rebuild: bool = False, progress: bool = True) -> BuildReport:
        """Only the dense index, built if missing, stale or asked (``assistant index``)."""
        with self._lock:
            return self._open_index(rebuild, progress)

    def _open_index(self, rebuild: bool, progress: bool) -> BuildReport:
        if self._document is None:
            self._document = load_document(self.settings.corpus_path)
        if self._embedder is None:
            self._embedder = make_embedder(self.settings)
        self.chunks: list[Chunk] = build_chunks(self._document)
        self.vectors = VectorIndex(self.settings, self._embedder, self.chunks, self._document.sha256)
        report = self.vectors.ensure(rebuild=rebuild, progress=progress)
        # the duty items' vectors live beside the index and are built with it, never while a question waits
        self.duty_index.ensure(rebuild=rebuild)
        # so are the vectors of every clause item (assistant/search/items.py), used when settings.item_vectors
        self.items = ItemIndex(self.settings, self._embedder, self._document)
        self.items.ensure(rebuild=rebuild)
        return report

    @property
    def duty_index(self) -> DutyIndex:
        """The duty items' vectors stored beside this index: one copy per process, shared by the search and
        the reading (:func:`assistant.search.duties.get_duty_index`); opened on first use, never embedded then."""
        if self._duty_index is None:
            index = DutyIndex(self.settings, self._embedder, self._document)
            # the search's one embedder, once loaded (inside a load, the one just made: no lock taken again)
            index.shared_embedder = lambda: self._embedder or self.embedder
            self._duty_index = index
        return self._duty_index

    @property
    def ready(self) -> bool:
        """Loaded, and its vector store answers (a Chroma server may go away and come back)."""
        return self._loaded and self.vectors.heartbeat() is None

    def _ready(self) -> None:
        if not self._loaded:
            self.load()

    @property
    def document(self) -> Document:
        self._ready()
        return self._document

    @property
    def embedder(self) -> Embedder:
        self._ready()
        return self._embedder

    # -- the two retrievers ---------------------------------------------------------
    def _where(self, kinds: list[str] | None, position_ids: list[str] | None) -> dict | None:
        parts = []
        if kinds:
            parts.append({"kind": {"$in": list(kinds)}})
        if position_ids:
            parts.append({"position_id": {"$in": list(position_ids)}})
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else {"$and": parts}

    def _allowed(self, chunk: Chunk, kinds: list[str] | None, position_ids: list[str] | None) -> bool:
        return (not kinds or chunk.kind in kinds) and (not position_ids or chunk.position_id in position_ids)

    def dense_ranking(self, vector: list[float], kinds=None, position_ids=None) -> list[str]:
        return self._dense(vector, kinds, position_ids)[0]

    def _dense(self, vector: list[float], kinds=None, position_ids=None) -> tuple[list[str], dict[str, str]]:
        """The dense ranking (chunk ids, best first) and, with item vectors, the item that carried each clause.

        With ``settings.item_vectors`` a clause scores max(its own cosine, its pooled items' score): the
        clause's own cosine for the clauses Chroma returns among the ``depth`` nearest, its items' for all."""
        found = self.vectors.search(vector, self.fusion.depth, where=self._where(kinds, position_ids))
        if not self.settings.item_vectors or not self.items.ready():
            return [chunk_id for chunk_id, _ in found], {}
        scores = {self._clause_of[chunk_id]: cosine for chunk_id, cosine in found}
        matched: dict[str, str] = {}
        pooled = self.items.clause_scores(np.asarray(vector, dtype=np.float32), kinds, position_ids,
                                          self.settings.item_pooling, self.settings.item_temperature)
        for clause_id, (score, item_id) in pooled.items():
            if score > scores.get(clause_id, float("-inf")):
                scores[clause_id] = score
                matched[clause_id] = item_id
        ranked = sorted(scores, key=lambda c: (-scores[c], c))[: self.fusion.depth]
        return ranked, {c: matched[c] for c in ranked if c in matched}

    def lexical_ranking(self, question: str, kinds=None, position_ids=None) -> list[str]:
        scores = self.lexical.scores(query_terms(question, doc=self._document))
        order = scores.argsort()[::-1]
        ranked = [self.chunks[i] for i in order if scores[i] > 0]
        return [c.id for c in ranked if self._allowed(c, kinds, position_ids)][: self.fusion.depth]

    # -- search ---------------------------------------------------------------------
    def item_closeness(self, question: str, clause_id: str) -> list[float] | None:
        """How close each item of a clause is to the question (cosines in the clause's order); None while the
        item vectors are not there (they are built with the index, never while a question waits)."""
        if self._embedder is None or self.items is None or not self.items.ready():
            return None
        return self.items.within(np.asarray(query_vector(self._embedder, question)), clause_id)

    def search(self, question: str, k: int = 5, kinds: list[str] | None = None,
               position_ids: list[str] | None = None, mode: Mode = "hybrid", frame: Frame | None = None) -> list[Hit]:
        """The k best clauses for a question; ``kinds``/``position_ids`` restrict the results. ``frame``: the
        question's reading when the caller has it (the assistant's), else the question is read here.

        Kazakh typed in Latin letters is searched as the Cyrillic it stands for."""
        from ..language.script import read_script

        self._ready()
        original, question = question, read_script(question, self._document)[0]
        kinds = [str(getattr(k_, "value", k_)) for k_ in kinds] if kinds else None
        # The query embedding runs in the C engine without the GIL, beside the lexical side; its input
        # is bounded and its vector cached (embeddings.query_vector).
        vector = self._pool.submit(query_vector, self._embedder, question) if mode != "lexical" else None
        lexical = self.lexical_ranking(question, kinds, position_ids) if mode != "dense" else []
        uses_links = self.fusion.position_weight or self.fusion.kind_weight
        signals = Signals()
        if mode == "hybrid" and uses_links:
            signals = frame_signals(frame) if frame is not None else question_signals(original, self._document,
                                                                                        self.duty_index)
        dense, matched = self._dense(list(vector.result()), kinds, position_ids) if vector else ([], {})
        return self._fuse(dense, lexical, signals, k, kinds, position_ids, matched)

    def _fuse(self, dense: list[str], lexical: list[str], signals: Signals, k: int,
              kinds: list[str] | None, position_ids: list[str] | None,
              matched: dict[str, str] | None = None) -> list[Hit]:
        f = self.fusion
        dense_ranks = _ranks(dense, self._clause_of)
        lexical_ranks = _ranks(lexical, self._clause_of)
        candidates = set(dense_ranks) | set(lexical_ranks) | self._grid_cells(signals, kinds, position_ids)
        scored = []
        for clause_id in candidates:
            clause = self._document.clause(clause_id)
            score = sum(w * (f.rrf_k + 1) / (f.rrf_k + ranks[clause_id]) for w, ranks in
                        ((f.dense_weight, dense_ranks), (f.lexical_weight, lexical_ranks)) if clause_id in ranks)
            score += f.position_weight * signals.positions.get(clause.position_id or "", 0.0)
            score += f.kind_weight * signals.kinds.get(clause.kind.value, 0.0)
            scored.append((score, clause_id))
        scored.sort(key=lambda item: (-item[0], item[1]))
        return [self._hit(cid, s, dense_ranks, lexical_ranks, (matched or {}).get(cid)) for s, cid in scored[:k]]

    def _grid_cells(self, signals: Signals, kinds, position_ids) -> set[str]:
        """Clauses of the linked positions, and the regulation's own clauses when it is asked about (a dozen):
        candidates even when neither retriever found them."""
        clauses = [c for position_id in signals.positions for c in self._document.clauses_of(position_id)]
        clauses += [c for c in self._document.clauses if c.kind.value in OWN_KINDS and c.kind.value in signals.kinds]
        return {c.id for c in clauses if self._allowed(self._chunk[c.id], kinds, position_ids)}

    def _hit(self, clause_id: str, score: float, dense_ranks, lexical_ranks, item_id: str | None = None) -> Hit:
        clause: Clause = self._document.clause(clause_id)
        return Hit(
            clause_id=clause_id, score=score, kind=clause.kind, chapter=clause.chapter,
            paragraph=clause.paragraph, clause=clause.clause, position_id=clause.position_id,
            position=clause.position, text=clause.text, dense_rank=dense_ranks.get(clause_id),
            lexical_rank=lexical_ranks.get(clause_id), item_id=item_id,
        )


class RegulationRetriever(BaseRetriever):
    """LangChain retriever over :class:`Retriever`: Documents whose metadata carry the clause."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    engine: Retriever
    k: int = 5
    kinds: list[str] | None = None
    position_ids: list[str] | None = None

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[LCDocument]:
        hits = self.engine.search(query, k=self.k, kinds=self.kinds, position_ids=self.position_ids)
        return [LCDocument(page_content=h.text, metadata=h.metadata(), id=h.clause_id) for h in hits]


@lru_cache(maxsize=1)
def get_retriever() -> Retriever:
    """The process-wide retriever for :func:`get_settings` (loaded on first search)."""
    return Retriever(get_settings())
