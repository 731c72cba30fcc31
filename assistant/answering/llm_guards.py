"""What an LLM reply must pass before anyone sees it: the model phrases, the facts come from the
checker and the clauses.

A reply is *rejected* as a whole (the caller shows the extractive answer with a notice) when it is
empty, holds chat-template tokens, is too long, loops, echoes the question, is in another language
or quotes text that no clause shown with it contains. Otherwise it is read sentence by sentence, and
a sentence is *removed* when it states a verdict (only the checker gives one), states a figure that
is not a rule figure of the clauses the reply cites, or cites a clause that was not retrieved.
What is left must still say something and cite a clause. The word lists are data
(``llm_guards.yaml``); every function here is pure.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

import yaml

from ..regulation.document import Clause
from ..regulation.ids import CITED_RE
from ..eligibility.rules import load_rules
from ..language.textnorm import detect_lang, lang_votes, normalise, tokens

DATA_FILE = Path(__file__).with_name("llm_guards.yaml")
# A reply's sentences must say something: fewer words than this is not an answer.
MIN_WORDS = 3
# A loop: some run of LOOP_N words recurs LOOP_TIMES times, or the reply is mostly repeats. Long
# enough that the regulation's own lists («… біліктілік санатты басшысының орынбасары немесе …»)
# are no loop.
LOOP_N, LOOP_TIMES, LOOP_MIN_DISTINCT = 8, 3, 0.5
# The question echoed: the reply's words are mostly the question's, in its order.
ECHO_RATIO = 0.7
# A «quote» this short is a term («педагог-шебер»), not a quotation to check.
QUOTE_MIN_WORDS = 4

_SENTENCE_SPLIT = re.compile(r"(?<=[.!?…])\s+(?=\S)(?!\d)")
# «1. …», «- …», «• …» at the start of a line: a list marker, not a figure.
_LIST_MARK = re.compile(r"^\s*(?:\d{1,2}[.)]|[-•*–])\s+")
_QUOTE = re.compile(r"«([^«»]{1,600})»|\"([^\"]{1,600})\"|“([^“”]{1,600})”")
_LATIN_LETTER = re.compile(r"[a-z]")
_LETTER = re.compile(r"[^\W\d_]")

# Citations in any form the model writes them. A clause number alone («пункт 12», «12-тармақ»)
# is resolved within the retrieved clauses only: the regulation numbers clauses 1–6 twice.
_ID_CITE = CITED_RE
_TRIPLE_CITE = re.compile(r"[\[(]?(?<![\d.,])(\d{1,2})\.(\d{1,2})\.(\d{1,3})(?![\d.,]\d)[\])]?")
_NUMBER_CITE = re.compile(r"\b(?:пункт\w*|п\.|тармақ\w*)\s*(\d{1,3})\b|\b(\d{1,3})\s*-?\s*тармақ\w*", re.IGNORECASE)


class Rejected(Exception):
    """The reply cannot be shown; ``reason`` names why (a key of the notices in llm_guards.yaml)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Mention:
    """A figure stated in a sentence: its value and whether it measures time (years, months)."""

    value: float
    duration: bool
    date: bool = False


@dataclass
class Kept:
    """What survives the guards: the sentences shown, the clauses they cite, and what was removed."""

    text: str
    cited: list[str]
    removed: dict[str, list[str]] = field(default_factory=dict)


@lru_cache(maxsize=1)
def _data() -> dict:
    return yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))


def notice(reason: str, lang: str) -> str:
    """The notice of an extractive answer shown instead of a rejected reply, in the answer's language."""
    data = _data()
    return data["notices"][lang].format(reason=data["reasons"][reason][0 if lang == "kk" else 1])


# -- whole-reply checks ---------------------------------------------------------------------


def reject_junk(text: str, question: str, lang: str, sources: list[str], max_chars: int) -> None:
    """Raise :class:`Rejected` when the reply is no answer at all. ``sources``: the texts its
    quotations may come from (the retrieved clauses and the assistant's own rendered text)."""
    stripped = text.strip()
    if not _LETTER.search(stripped):
        raise Rejected("empty")
    if has_template_tokens(stripped):
        raise Rejected("template")
    if len(stripped) > max_chars:
        raise Rejected("too_long")
    words = tokens(without_citations(stripped))
    if loops(words):
        raise Rejected("repetitive")
    if echoes(words, tokens(question)):
        raise Rejected("echo")
    if not in_language(stripped, lang):
        raise Rejected("language")
    if unsupported_quote(stripped, sources):
        raise Rejected("unsupported_quote")


def has_template_tokens(text: str) -> bool:
    """Whether a text holds chat-template or special tokens (``<|im_start|>``, ``</s>``, ``assistant:`` …)."""
    return any(re.search(p, text, re.IGNORECASE | re.MULTILINE) for p in _data()["template_tokens"])


def loops(words: list[str]) -> bool:
    """An n-gram loop: the same run of words over and over (a small model's failure mode)."""
    grams = [tuple(words[i:i + LOOP_N]) for i in range(len(words) - LOOP_N + 1)]
    if not grams:
        return False
    if Counter(grams).most_common(1)[0][1] >= LOOP_TIMES:
        return True
    return len(grams) >= 20 and len(set(grams)) / len(grams) < LOOP_MIN_DISTINCT


def echoes(words: list[str], question: list[str]) -> bool:
    """The question given back: its words make up most of the reply, in the same order."""
    if not words or not question:
        return False
    matcher = SequenceMatcher(None, words, question, autojunk=False)
    same = sum(block.size for block in matcher.get_matching_blocks())
    return same / len(words) >= ECHO_RATIO and same / len(question) >= ECHO_RATIO


def in_language(text: str, lang: str) -> bool:
    """Whether the reply is written in ``lang`` (quotations aside: a Russian answer may quote the
    Kazakh text). The project's own detector decides between Kazakh and Russian; Latin letters
    outnumbering Cyrillic ones mean another language altogether."""
    own = normalise(_QUOTE.sub(" ", without_citations(text)))
    letters = _LETTER.findall(own)
    if not letters:
        return False
    if sum(bool(_LATIN_LETTER.match(ch)) for ch in letters) * 2 > len(letters):
        return False
    kk, ru = lang_votes(own)
    return detect_lang(own, default=lang) == lang or (kk == ru == 0)


def unsupported_quote(text: str, sources: list[str]) -> str | None:
    """The first quotation of a few words or more that none of ``sources`` contains."""
    haystack = [_plain(s) for s in sources]
    for match in _QUOTE.finditer(text):
        quoted = next(g for g in match.groups() if g is not None)
        words = tokens(quoted)
        if len(words) >= QUOTE_MIN_WORDS and not any(" ".join(words) in h for h in haystack):
            return quoted
    return None


def _plain(text: str) -> str:
    return " ".join(tokens(text))


# -- sentence checks -----------------------------------------------------------------------


def split_sentences(line: str) -> list[str]:
    """Sentences of one line at «.», «!», «?» before a space (not before a digit: «п. 12»)."""
    return [s.strip() for s in _SENTENCE_SPLIT.split(line) if s and s.strip()]


def states_verdict(sentence: str, lang: str) -> bool:
    """Whether a sentence of an answer in ``lang`` says yes or no about the person."""
    text = normalise(without_citations(sentence))
    data = _data()
    # Kazakh «иә / жоқ» are no Russian words: in a Russian answer they are a verdict anywhere («… саду Иә.»); the
    # Russian «да» is a Kazakh particle, so in a Kazakh answer only the sentence-initial patterns catch it
    yes_no = [data["yes_no"][lang], *([data["yes_no"]["kk"]] if lang == "ru" else [])]
    patterns = [*data["verdict_patterns"]["ru"], *data["verdict_patterns"]["kk"], *yes_no]
    return any(re.search(p, text) for p in patterns)


def cited_clauses(sentence: str, retrieved: dict[str, Clause]) -> tuple[list[str], bool]:
    """The retrieved clauses a sentence cites, and whether it cites anything else (a clause not
    retrieved, or a number several retrieved clauses share)."""
    ids: list[str] = []
    foreign = False
    for m in _ID_CITE.finditer(sentence):
        cid = next((c for c in retrieved if c.lower() == m.group(1).lower()), None)
        foreign |= cid is None
        ids += [cid] if cid else []
    for m in _TRIPLE_CITE.finditer(sentence):
        key = tuple(int(g) for g in m.groups())
        found = [c.id for c in retrieved.values() if (c.chapter, c.paragraph, c.clause) == key]
        foreign |= len(found) != 1
        ids += found[:1] if len(found) == 1 else []
    for m in _NUMBER_CITE.finditer(sentence):
        number = int(m.group(1) or m.group(2))
        found = [c.id for c in retrieved.values() if c.clause == number]
        foreign |= len(found) != 1
        ids += found[:1] if len(found) == 1 else []
    return list(dict.fromkeys(ids)), foreign


def without_citations(text: str) -> str:
    """The text with every citation taken out (a clause number is no figure)."""
    for pattern in (_ID_CITE, _NUMBER_CITE, _TRIPLE_CITE):
        text = pattern.sub(" ", text)
    return text


@lru_cache(maxsize=1)
def _figure_pattern() -> re.Pattern[str]:
    data = _data()
    words = {**data["number_words"]["ru"], **data["number_words"]["kk"]}
    kk = set(data["number_words"]["kk"])
    forms = []
    for word in sorted(words, key=len, reverse=True):
        ending = "(?:" + "|".join(data["kk_case_endings"]) + ")" if word in kk else ""
        guard = rf"(?=\s+(?:{data['time_units']}))" if word in data["unit_only"] else ""
        forms.append(rf"{re.escape(word)}{ending}{guard}")
    half = "|".join(data["half_after"])
    number = rf"(?P<digits>\d+(?:[.,]\d+)?)(?:\s*-\s*(?:х|ти|ми|и|ы|ге|ке|та|те))?|(?P<word>{'|'.join(forms)})"
    return re.compile(rf"(?<![\w.,])(?:{number})(?!\w|[.,]\d)(?P<half>\s+(?:{half}))?"
                      rf"(?P<unit>\s+(?:\w+\s+)?(?:{data['time_units']}))?")


def figures_in(text: str) -> list[Mention]:
    """Every figure a text states: digits («3», «2,5», «3-х»), number words («пяти», «бес»,
    «полтора», «жарты»), each marked as a duration when a unit of time follows. A year such as
    «1995 жылға» is a date, not 1995 years."""
    data = _data()
    words = {**data["number_words"]["ru"], **data["number_words"]["kk"]}
    out = []
    for m in _figure_pattern().finditer(normalise(without_citations(text))):
        if m.group("digits"):
            value = float(m.group("digits").replace(",", "."))
        else:
            value = float(words[_word_stem(m.group("word"), words)])
        value += 0.5 if m.group("half") else 0.0
        date = m.group("digits") is not None and 1900 <= value <= 2100 and value == int(value)
        out.append(Mention(value, duration=bool(m.group("unit")) and not date, date=date))
    return out


def _word_stem(form: str, words: dict) -> str:
    return next(w for w in sorted(words, key=len, reverse=True) if form.startswith(w))


def rule_figures(clause: Clause) -> frozenset[float]:
    """The figures a clause sets: its experience rules (``corpus/rules``) and the durations printed
    in its text. These, and nothing the person said, are what a reply citing it may state."""
    return _clause_figures(clause.id, clause.text)[0]


def printed_numbers(clause: Clause) -> frozenset[float]:
    """Every number printed in a clause (class ranges, dates of orders …): what a non-duration
    figure of a reply citing it may be."""
    return _clause_figures(clause.id, clause.text)[1]


@lru_cache(maxsize=512)
def _clause_figures(clause_id: str, text: str) -> tuple[frozenset[float], frozenset[float]]:
    rules = {float(c.min_years) for p in load_rules().positions.values() if p.clause == clause_id
             for r in p.routes for c in r.requires if c.min_years is not None}
    mentions = figures_in(text)
    return frozenset(rules | {m.value for m in mentions if m.duration}), frozenset(m.value for m in mentions)


def figure_allowed(mention: Mention, cited: list[Clause], durations: dict[str, frozenset[float]]) -> bool:
    """A duration must be a rule figure of a cited clause (``durations`` narrows a clause's to those
    the checker applied to the person); any other number must be printed in a cited clause and be
    none of its rule figures (a rule figure said without its unit is still that rule figure)."""
    for clause in cited:
        allowed = durations.get(clause.id, rule_figures(clause))
        if mention.value in allowed:
            return True
        if not mention.duration and mention.value in printed_numbers(clause) - rule_figures(clause):
            return True
    return False


# -- the whole pass ------------------------------------------------------------------------


def keep_supported(text: str, lang: str, retrieved: dict[str, Clause],
                   durations: dict[str, frozenset[float]] | None = None) -> Kept:
    """The sentences of a reply that state no verdict, cite only retrieved clauses and state only
    rule figures of the clauses the kept text cites (repeated until nothing more is removed: taking
    a sentence out may take a cited clause, and so a figure, away from another). ``durations``: the
    figures allowed for some clauses instead of all their rule figures (see :func:`figure_allowed`)."""
    durations = durations or {}
    removed: dict[str, list[str]] = {"verdict": [], "citation": [], "figure": []}
    sentences = []  # (line number, sentence, clauses it cites)
    for n, line in enumerate(text.splitlines()):
        for sentence in split_sentences(_LIST_MARK.sub("• ", line) if _LIST_MARK.match(line) else line):
            ids, foreign = cited_clauses(sentence, retrieved)
            if states_verdict(sentence, lang):
                removed["verdict"].append(sentence)
            elif foreign:
                removed["citation"].append(sentence)
            else:
                sentences.append((n, sentence, ids))
    while True:
        cited = [retrieved[c] for c in dict.fromkeys(i for *_, ids in sentences for i in ids)]
        bad = [s for s in sentences if not all(figure_allowed(m, cited, durations) for m in figures_in(s[1]))]
        if not bad:
            break
        removed["figure"] += [s for _, s, _ in bad]
        sentences = [s for s in sentences if s not in bad]
    return Kept(_join(sentences), [c.id for c in cited], {k: v for k, v in removed.items() if v})


def _join(sentences: list[tuple[int, str, list[str]]]) -> str:
    """Kept sentences, those of one line joined by a space and lines by a line break."""
    lines: dict[int, list[str]] = {}
    for n, sentence, _ in sentences:
        lines.setdefault(n, []).append(sentence)
    return "\n".join(" ".join(parts) for parts in lines.values())


def guard_reply(text: str, question: str, lang: str, retrieved: dict[str, Clause], own_text: str,
                max_chars: int, durations: dict[str, frozenset[float]] | None = None) -> Kept:
    """The reply as it may be shown, or :class:`Rejected`. ``own_text``: what the assistant itself
    renders with it (titles, the verdict), which the reply may quote too."""
    sources = [c.text for c in retrieved.values()] + [own_text]
    reject_junk(text, question, lang, sources, max_chars)
    kept = keep_supported(text, lang, retrieved, durations)
    if len(tokens(without_citations(kept.text))) < MIN_WORDS:
        raise Rejected("nothing_left")
    if not kept.cited:
        raise Rejected("no_citation")
    return kept
