"""Unofficial Russian translations of the Kazakh items a Russian answer quotes (issue 15, item 4).

The official text is Kazakh and stays what is quoted and cited. With an LLM configured, the quoted
items of a Russian answer are sent to it in one request, numbered, and each translation is shown
after its Kazakh item, marked «неофициальный перевод», only when it passes :func:`check`: every
number of the item (digits and number words, clause references) is in it and it adds none, the length ratio is bounded,
it is Russian, and it holds no chat-template tokens and no loop. A translation that fails, is
missing, or a request that fails, leaves the Kazakh item alone (a log line says why). The answer's
text, citations and verdict are otherwise untouched.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from .answer import Answer
from ..errors import LLMUnavailable
from .llm import complete
from .llm_guards import figures_in, has_template_tokens, in_language, loops
from ..language.textnorm import tokens

if TYPE_CHECKING:
    from .chain import Assistant

log = logging.getLogger(__name__)

MARK = "неофициальный перевод"
# A translation's length over its original's, in characters.
MIN_RATIO, MAX_RATIO = 0.5, 2.0
QUOTE_PREFIX = "> "
_NUMBERED = re.compile(r"^\s*(\d{1,3})[.)]\s*(.*)$")
_DIGITS = re.compile(r"\d+(?:[.,]\d+)?")

SYSTEM_PROMPT = (
    "Переведи пронумерованные фрагменты нормативного текста с казахского языка на русский. "
    "Ответь только переводами, по одному на строку, с теми же номерами: «1. перевод». "
    "Все числа и номера пунктов пиши цифрами, как в оригинале; ничего не добавляй и не пропускай."
)
BLOCK_TITLE = "Неофициальный перевод цитат (официальный текст — казахский):"


def translate_answer(assistant: Assistant, answer: Answer, ends: float) -> Answer:
    """``answer`` with checked translations of its quoted Kazakh items, when it is Russian; asked in
    one request that must end by the monotonic time ``ends``. Unchanged when nothing passes or the
    request fails."""
    if answer.lang != "ru" or answer.abstained:
        return answer
    units = quoted_items(answer, assistant.settings.llm_max_prompt_chars)
    if not units:
        return answer
    user = "\n".join(f"{n}. {item}" for n, item in enumerate(units, 1))
    try:
        draft = complete(assistant.chat_model(), SYSTEM_PROMPT, user, ends, assistant.settings.llm_timeout_s)
    except LLMUnavailable as exc:
        log.warning("translation not shown: %s", exc)
        out = answer.model_copy()
        out._translations = (0, len(units))
        return out
    replies = split_reply(draft.text)
    passed: dict[str, str] = {}
    for n, item in enumerate(units, 1):
        translation = replies.get(n)
        reason = "missing" if translation is None else check(item, translation)
        if reason:
            log.warning("translation of quoted item %d not shown: %s", n, reason)
        else:
            passed[item] = translation
    tokens_used = (answer.llm_tokens or 0) + draft.tokens
    out = with_translations(answer, passed) if passed else answer
    out = out.model_copy(update={"llm_tokens": tokens_used})
    out._translations = (len(passed), len(units) - len(passed))
    return out


def quoted_items(answer: Answer, budget: int) -> list[str]:
    """The Kazakh items the answer quotes: its «> » lines, then the items of its citations' quotes,
    each once, within ``budget`` characters."""
    lines = [line[len(QUOTE_PREFIX):].strip() for line in answer.answer.splitlines() if line.startswith(QUOTE_PREFIX)]
    items = [*lines, *(i for c in answer.citations for i in citation_items(c.quote))]
    out, used = [], 0
    for item in dict.fromkeys(i for i in items if i):
        if used + len(item) > budget:
            break
        out.append(item)
        used += len(item)
    return out


def citation_items(quote: str) -> list[str]:
    """The items of a citation's quote («a; b; c …»)."""
    return [i.strip() for i in quote.removesuffix(" …").split("; ") if i.strip()]


def split_reply(text: str) -> dict[int, str]:
    """The numbered translations of a reply; a line without a number continues the one before it.
    A number given twice is ambiguous, so neither is kept."""
    out: dict[int, str] = {}
    twice: set[int] = set()
    current: int | None = None
    for line in text.splitlines():
        m = _NUMBERED.match(line)
        if m:
            current = int(m.group(1))
            twice |= {current} if current in out else set()
            out[current] = m.group(2).strip()
        elif current is not None and line.strip():
            out[current] = f"{out[current]} {line.strip()}"
    return {n: t for n, t in out.items() if n not in twice and t}


def check(original: str, translation: str) -> str | None:
    """Why ``translation`` of the Kazakh ``original`` may not be shown, or None when it may."""
    if not translation.strip():
        return "empty"
    if has_template_tokens(translation):
        return "template tokens"
    if loops(tokens(translation)):
        return "repetitive"
    ratio = len(translation) / max(1, len(original))
    if not MIN_RATIO <= ratio <= MAX_RATIO:
        return f"length ratio {ratio:.2f}"
    if not in_language(translation, "ru"):
        return "not Russian"
    if numbers(original) != numbers(translation):
        return "numbers differ"  # figures, clause and article numbers, dates: all of them, no more
    return None


def numbers(text: str) -> frozenset[float]:
    """Every number a text states: its digits («3», «2,5», «5-тармақ», «пункт 5», «2019») and its number
    words of either language («бес жыл», «пяти лет»), as values."""
    digits = {float(d.replace(",", ".")) for d in _DIGITS.findall(text)}
    return frozenset(digits | {m.value for m in figures_in(_DIGITS.sub(" ", text))})


def with_translations(answer: Answer, passed: dict[str, str]) -> Answer:
    """The answer with each passed translation after its «> » line, the citations' translations set
    where every item of the quote passed, and the citations whose quote is not on «> » lines listed
    with their translation at the end."""
    lines = []
    inline = set()
    for line in answer.answer.splitlines():
        lines.append(line)
        item = line[len(QUOTE_PREFIX):].strip() if line.startswith(QUOTE_PREFIX) else None
        if item in passed:
            lines.append(f"  ({MARK}) {passed[item]}")
            inline.add(item)
    citations, block = [], []
    for c in answer.citations:
        items = citation_items(c.quote)
        if items and all(i in passed for i in items):
            text = "; ".join(passed[i] for i in items) + (" …" if c.quote.endswith(" …") else "")
            c = c.model_copy(update={"translation": text})
            if not all(i in inline for i in items):
                block.append(f"• {c.label}: {text}")
        citations.append(c)
    text = "\n".join(lines)
    if block:
        text += f"\n\n{BLOCK_TITLE}\n" + "\n".join(block)
    return answer.model_copy(update={"answer": text, "citations": citations})
