"""Where the corpus lives and how it is loaded (once per process)."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from .document import Document
from ..errors import CorpusError
from .parse import parse_text

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CORPUS_DIR = PROJECT_ROOT / "corpus"
REGULATION_FILE = CORPUS_DIR / "regulation.kk.txt"


def read_corpus(path: Path = REGULATION_FILE) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise CorpusError(f"cannot read the regulation text at {path}: {exc.strerror}") from exc


def corpus_sha256(path: Path = REGULATION_FILE) -> str:
    return hashlib.sha256(read_corpus(path)).hexdigest()


@lru_cache(maxsize=4)
def load_document(path: Path = REGULATION_FILE) -> Document:
    """The parsed regulation; parsed on first use, then shared."""
    return parse_text(read_corpus(path))


def corpus_lines(path: Path = REGULATION_FILE) -> list[str]:
    return read_corpus(path).decode("utf-8").splitlines()
