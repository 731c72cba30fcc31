"""Telegram HTML: every text escaped, long texts split at sentence boundaries under Telegram's limit.

A message is a list of :class:`Span` (plain, bold or italic text). Splitting works on
sentences of the plain text and measures the rendered HTML, so a tag or an entity
(``&amp;``) is never cut and every message stays within :data:`MESSAGE_LIMIT`. A sentence
longer than a message is split between words, a word longer than that between characters.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

# Telegram counts a message's length in UTF-16 code units, after parsing entities; the
# rendered HTML is never shorter, so measuring it is safe.
MESSAGE_LIMIT = 4096

# A sentence: up to a full stop (or «!», «?», «…») followed by a space, or up to a line
# break; closing quotes and brackets stay with their sentence, the spaces after it too.
SENTENCE_RE = re.compile(r".+?(?:[.!?…]+[»\"')\]]*(?=\s)|\n|$)\s*", re.S)
WORD_RE = re.compile(r"\S+\s*|\s+")

Style = Literal["b", "i"]


@dataclass(frozen=True)
class Span:
    text: str
    style: Style | None = None


def escape(text: str) -> str:
    return html.escape(text, quote=False)


def units(text: str) -> int:
    """The length Telegram counts: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def render(span: Span) -> str:
    """The span as HTML; spaces around a styled text stay outside its tag (a message's ends are stripped)."""
    core = span.text.strip()
    if span.style is None or not core:
        return escape(span.text)
    start = span.text.index(core)
    before, after = span.text[:start], span.text[start + len(core):]
    return f"{before}<{span.style}>{escape(core)}</{span.style}>{after}"


def render_all(spans: Iterable[Span]) -> str:
    return "".join(render(s) for s in spans).strip()


def to_messages(spans: Iterable[Span], limit: int = MESSAGE_LIMIT) -> list[str]:
    """The spans as one or more HTML messages, each at most ``limit`` long, split between sentences."""
    messages, current = [], ""
    for piece in _pieces(spans, limit):
        rendered = render(piece)
        if current.strip() and units((current + rendered).rstrip()) > limit:
            messages.append(current)
            current = ""
        current += rendered
    messages.append(current)
    return [m.strip() for m in messages if m.strip()]


def _pieces(spans: Iterable[Span], limit: int) -> Iterator[Span]:
    """Sentences of the spans, each short enough to fit a message."""
    for span in spans:
        for match in SENTENCE_RE.finditer(span.text):
            yield from _fit(Span(match.group(), span.style), limit)


def _fit(piece: Span, limit: int) -> Iterator[Span]:
    if units(render(piece).strip()) <= limit:
        yield piece
        return
    room = limit - units(render(Span("x", piece.style))) + 1  # what the tags leave for text
    part = ""
    for word in _words(piece.text, room):
        if part.strip() and units(escape((part + word).rstrip())) > room:
            yield Span(part, piece.style)
            part = ""
        part += word
    if part:
        yield Span(part, piece.style)


def _words(text: str, room: int) -> Iterator[str]:
    """The words of ``text`` with their spaces; a word too long for a message is cut into parts."""
    for word in WORD_RE.findall(text):
        while units(escape(word.rstrip())) > room:
            cut = _longest_prefix(word, room)
            yield word[:cut]
            word = word[cut:]
        yield word


def _longest_prefix(text: str, room: int) -> int:
    used = 0
    for i, char in enumerate(text):
        used += units(escape(char))
        if used > room:
            return max(i, 1)
    return len(text)
