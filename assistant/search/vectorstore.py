"""The dense index: the regulation's chunks in Chroma (through ``langchain-chroma``).

Embedded ``PersistentClient`` under ``index_dir/chroma`` by default; a Chroma server
(``chroma run``) when ``Settings.chroma_host`` is set. Vector ids are chunk ids (clause
ids, and level ids for competence levels), so re-indexing is an idempotent upsert.

The collection's metadata records what it was built from (corpus sha256, embedder
identity, chunk scheme, a hash of every chunk) and ``state: ready`` once complete; an
index that is missing, half-built, built from something else or unreadable is rebuilt.
A local index also gets ``index_dir/manifest.json`` (the same record, for people).

The vectors come from the file shipped with the corpus where it holds them
(:mod:`assistant.search.shipped`); only the chunks it lacks are embedded, and a Chroma server is
filled the same way.
"""

from __future__ import annotations

import json
import logging
import shutil
import time
from contextlib import nullcontext
from datetime import datetime, timezone
from pathlib import Path

import chromadb
import numpy as np
from chromadb.api.models.Collection import Collection
from chromadb.api.shared_system_client import SharedSystemClient
from chromadb.config import Settings as ChromaSettings
from chromadb.errors import NotFoundError
from filelock import FileLock
from langchain_chroma import Chroma
from pydantic import BaseModel

from .chunking import SCHEME, Chunk, chunks_sha256
from .embeddings import Embedder
from ..errors import NotReady
from ..settings import Settings
from .shipped import ShippedVectors, vectors_for

log = logging.getLogger(__name__)

BATCH = 64  # chunks per embedding call and Chroma upsert: fewer round trips, still a live progress bar
# The HNSW graph of a few hundred clauses: built by one thread, so that every process that loads the index
# searches the same graph (with Chroma's default of one thread per core the graph, rebuilt from the log on
# every open below the sync threshold, differed between processes and a busy machine's search missed a
# clause another process found), and searched with a candidate list as long as the collection, so that
# the «approximate» search returns the exact nearest neighbours.
HNSW = {"space": "cosine", "num_threads": 1, "ef_construction": 400, "ef_search": 400, "max_neighbors": 32}
MANIFEST = "manifest.json"
LOCK = ".build.lock"


class IndexManifest(BaseModel):
    corpus_sha256: str
    embedder: str
    scheme: str
    chunks: int
    chunks_sha256: str
    hnsw: str = json.dumps(HNSW, sort_keys=True)

    def collection_metadata(self) -> dict[str, str | int]:
        return {**self.model_dump(), "state": "ready"}


class BuildReport(BaseModel):
    rebuilt: bool
    reason: str
    chunks: int
    seconds: float
    shipped: int = 0  # chunk vectors taken from the shipped file
    embedded: int = 0  # chunks embedded here
    note: str = ""  # where the vectors came from, or why the shipped file was not used

    def summary(self) -> str:
        """«built (why): N chunks (where the vectors came from)» or «up to date: N chunks», for people."""
        if not self.rebuilt:
            return f"up to date: {self.chunks} chunks"
        return f"built ({self.reason}): {self.chunks} chunks ({self.shipped} shipped, {self.embedded} embedded; {self.note})"


def chroma_client(settings: Settings) -> chromadb.ClientAPI:
    """A Chroma client for the settings, telemetry off; a server that cannot be reached is NotReady."""
    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if not settings.chroma_host:
        path = settings.index_dir / "chroma"
        path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(path), settings=chroma_settings)
    try:
        client = chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings)
        client.heartbeat()
    except Exception as exc:  # chromadb raises plain ValueError/httpx errors for an absent server
        raise NotReady(
            f"the Chroma server at {settings.chroma_host}:{settings.chroma_port} cannot be reached ({exc})"
        ) from exc
    return client


class VectorIndex:
    """The chunks of one corpus, embedded by one embedder, in one Chroma collection."""

    def __init__(self, settings: Settings, embedder: Embedder, chunks: list[Chunk], corpus_sha256: str) -> None:
        self.settings = settings
        self.embedder = embedder
        self.chunks = chunks
        self.manifest = IndexManifest(
            corpus_sha256=corpus_sha256, embedder=embedder.identity, scheme=SCHEME,
            chunks=len(chunks), chunks_sha256=chunks_sha256(chunks),
        )
        self._client: chromadb.ClientAPI | None = None
        self._store: Chroma | None = None
        self._coll: Collection | None = None
        self._beat: tuple[float, str | None] = (float("-inf"), None)  # (when, why not) of the last heartbeat

    @property
    def local(self) -> bool:
        return not self.settings.chroma_host

    # -- opening and checking ---------------------------------------------------
    def client(self) -> chromadb.ClientAPI:
        if self._client is None:
            self._client = chroma_client(self.settings)
        return self._client

    def staleness(self) -> str | None:
        """Why the stored index cannot be used as it is, or None when it is current."""
        client = self.client()
        if self.settings.collection not in {c.name for c in client.list_collections()}:
            return "no index yet"
        collection = client.get_collection(self.settings.collection)
        metadata = dict(collection.metadata or {})
        if metadata.get("state") != "ready":
            return "the last build did not finish"
        for key, expected in self.manifest.model_dump().items():
            if metadata.get(key) != expected:
                return f"{key} changed"
        if collection.count() != len(self.chunks):
            return "the collection does not hold every chunk"
        return self._probe(collection)

    def _probe(self, collection) -> str | None:
        # A stored vector must come back as its own nearest neighbour: catches broken HNSW files.
        probe = self.chunks[0].id
        got = collection.get(ids=[probe], include=["embeddings"])
        if not got["ids"]:
            return "a chunk is missing"
        found = collection.query(query_embeddings=[got["embeddings"][0]], n_results=1, include=[])
        return None if found["ids"][0][:1] == [probe] else "the vector index does not answer"

    def _checked_staleness(self) -> str | None:
        try:
            return self.staleness()
        except NotReady:
            raise
        except Exception as exc:  # a damaged store raises anything from sqlite to the Rust bindings
            if not self.local:
                raise NotReady(f"the Chroma server's collection cannot be read ({exc})") from exc
            log.warning("index under %s is corrupted (%s): rebuilding it", self.settings.index_dir, exc)
            self._wipe_local()
            return f"the index was unreadable ({type(exc).__name__})"

    def _wipe_local(self) -> None:
        self._client = None
        self._store = self._coll = None
        SharedSystemClient.clear_system_cache()
        shutil.rmtree(self.settings.index_dir / "chroma", ignore_errors=True)
        (self.settings.index_dir / MANIFEST).unlink(missing_ok=True)

    # -- building -----------------------------------------------------------------
    def ensure(self, rebuild: bool = False, progress: bool = True) -> BuildReport:
        """Build the index if it is missing, stale or corrupted (or if asked to); else do nothing."""
        start = time.perf_counter()
        reason = "rebuild requested" if rebuild else self._checked_staleness()
        built: dict = {}
        if reason is not None:
            with self._build_lock():
                # Another process (the web service, a second CLI) may have built it meanwhile.
                if rebuild or self._checked_staleness() is not None:
                    log.info("building the index: %s", reason)
                    built = self._build(progress)
                else:
                    reason = None
        return BuildReport(rebuilt=reason is not None, reason=reason or "up to date",
                           chunks=len(self.chunks), seconds=time.perf_counter() - start, **built)

    def _build_lock(self) -> FileLock | nullcontext:
        if not self.local:
            return nullcontext()
        self.settings.index_dir.mkdir(parents=True, exist_ok=True)
        return FileLock(self.settings.index_dir / LOCK)

    def _build(self, progress: bool) -> dict:
        """Fills a new collection; returns where its vectors came from (BuildReport's fields)."""
        shipped, note = ShippedVectors.open(self.settings, self.embedder)
        got = vectors_for([c.text for c in self.chunks], self.embedder, shipped, progress, "embedding the regulation")
        client = self.client()
        if self.settings.collection in {c.name for c in client.list_collections()}:
            client.delete_collection(self.settings.collection)
        collection = client.create_collection(
            self.settings.collection, metadata={"state": "building"},
            configuration={"hnsw": HNSW},
        )
        self._store, self._coll = None, collection
        for i in range(0, len(self.chunks), BATCH):
            batch = self.chunks[i : i + BATCH]
            collection.upsert(ids=[c.id for c in batch], embeddings=got.vectors[i : i + BATCH],
                              metadatas=[c.store_metadata() for c in batch], documents=[c.text for c in batch])
        collection.modify(metadata=self.manifest.collection_metadata())
        if self.local:
            self._write_manifest()
        return {"shipped": got.shipped, "embedded": got.embedded, "note": note}

    def stored_vectors(self) -> np.ndarray:
        """The vectors of the chunks as the collection holds them, in chunk order (what ``--ship`` writes)."""
        ids = [c.id for c in self.chunks]
        got = self._collection().get(ids=ids, include=["embeddings"])
        by_id = dict(zip(got["ids"], got["embeddings"]))
        return np.asarray([by_id[i] for i in ids], dtype=np.float32)

    def _write_manifest(self) -> None:
        record = {**self.manifest.model_dump(), "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds")}
        path: Path = self.settings.index_dir / MANIFEST
        path.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

    # -- searching ----------------------------------------------------------------
    def store(self) -> Chroma:
        if self._store is None:
            self._store = Chroma(
                client=self.client(), collection_name=self.settings.collection,
                embedding_function=self.embedder, create_collection_if_not_exists=False,
            )
        return self._store

    def heartbeat(self) -> str | None:
        """None when the vector store answers, else why not. A local store always answers; a
        server's answer is remembered for a second, so that every request can ask."""
        if self.local:
            return None
        now = time.monotonic()
        if now - self._beat[0] > 1.0:
            try:
                self.client().heartbeat()
                self._beat = (now, None)
            except Exception as exc:  # noqa: BLE001 - chromadb raises ValueError/httpx errors for a gone server
                self._beat = (now, f"the Chroma server at {self.settings.chroma_host}:{self.settings.chroma_port} "
                                   f"cannot be reached ({type(exc).__name__})")
        return self._beat[1]

    def search(self, vector: list[float], k: int, where: dict | None = None) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) of the k nearest chunks, best first.

        A Chroma server that stops answering is NotReady (503 with a reason, never a stack
        trace); the same client reconnects by itself once the server is back.
        """
        try:
            return self._search(vector, k, where)
        except NotReady:
            raise
        except Exception as exc:
            if self.local:
                raise
            self._beat = (time.monotonic(), None)
            log.warning("Chroma server %s:%s failed a search: %s", self.settings.chroma_host,
                        self.settings.chroma_port, exc)
            raise NotReady(f"the vector store (a Chroma server) cannot be reached ({type(exc).__name__}); "
                           "try again shortly") from exc

    def _search(self, vector: list[float], k: int, where: dict | None) -> list[tuple[str, float]]:
        # Asks Chroma for ids and distances only: fetching the documents and metadata too
        # (what the LangChain wrapper does) costs four times as long as the search itself.
        k = min(k, len(self.chunks))
        try:
            found = self._collection().query(query_embeddings=[vector], n_results=k, where=where, include=["distances"])
        except NotFoundError:  # another process rebuilt the collection under a new id: reopen it
            self._store = self._coll = None
            found = self._collection().query(query_embeddings=[vector], n_results=k, where=where, include=["distances"])
        return [(chunk_id, 1.0 - distance) for chunk_id, distance in zip(found["ids"][0], found["distances"][0])]

    def _collection(self) -> Collection:
        if self._coll is None:
            self._coll = self.client().get_collection(self.settings.collection)
        return self._coll
