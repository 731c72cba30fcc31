"""What gets indexed: the chunks of the regulation, shared by the dense and lexical indexes.

A chunk is a clause (id = clause id). The text puts the position title in front of the
clause text (which starts with its kind heading, «Лауазымдық міндеттері: …»): a question
names the position far more often than any word of the clause body.

Competence levels can also get chunks of their own (id = level id, ``ch2.p2.c13.l5``,
mapped back to their clause): measured on eval/questions.jsonl they did not help (hybrid
MRR 0.955 with them, 0.955 without; lexical-only Russian hit@5 0.80 with, 0.84 without)
and cost 40% more embedding, so the index is built without them.
"""

from __future__ import annotations

import hashlib
import json

from pydantic import BaseModel

from ..regulation.document import Clause, Document

# Bump when the chunk texts change in a way the corpus hash would not show.
SCHEME = "title+clause/v1"


class Chunk(BaseModel):
    id: str
    clause_id: str
    level: int | None = None
    text: str
    kind: str
    chapter: int | None
    paragraph: int | None
    clause: int
    position_id: str | None

    def store_metadata(self) -> dict[str, str | int]:
        """Chroma metadata: scalars only, absent keys instead of None."""
        data = self.model_dump(exclude={"id", "text"}, exclude_none=True)
        return data


def _heading(clause: Clause) -> str:
    if clause.position:
        return clause.position
    return clause.chapter_title or ""


def clause_chunk(clause: Clause) -> Chunk:
    head = _heading(clause)
    return Chunk(
        id=clause.id, clause_id=clause.id, text=f"{head}. {clause.text}" if head else clause.text,
        kind=clause.kind.value, chapter=clause.chapter, paragraph=clause.paragraph,
        clause=clause.clause, position_id=clause.position_id,
    )


def level_chunks(clause: Clause) -> list[Chunk]:
    """One chunk per competence level: «<position>. Кәсіби құзыреттілік: 3) "педагог-сарапшы": …»."""
    base = clause_chunk(clause)
    return [
        base.model_copy(update={
            "id": level.id, "level": level.level.rank,
            "text": f"{_heading(clause)}. Кәсіби құзыреттілік: {level.text}",
        })
        for level in clause.levels
    ]


def build_chunks(doc: Document, levels: bool = False) -> list[Chunk]:
    chunks: list[Chunk] = []
    for clause in doc.clauses:
        chunks.append(clause_chunk(clause))
        if levels:
            chunks.extend(level_chunks(clause))
    return chunks


def chunks_sha256(chunks: list[Chunk]) -> str:
    """One hash over every chunk (id, text, metadata): any change makes the index stale."""
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(json.dumps(chunk.model_dump(), ensure_ascii=False, sort_keys=True).encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()
