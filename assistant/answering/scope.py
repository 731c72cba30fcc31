"""Scope by evidence: whether the retrieved clauses support what a question asks.

A list of outside topics (:mod:`assistant.answering.routing`) only catches the topics someone thought of.
This module looks at the question's own words instead. The words that say *where* to look —
position names, organisations, clause kinds, levels (all known to the linker and the glossary,
which are built from the regulation's titles) — and the grammar words are set aside; what is
left are the *content words*: what the question is about. Two readings say «not covered»:

* **a role that is not a position**: the question asks what some job must do or know or what
  it requires, no position of the regulation is named, and the few words left name that job
  («Мектеп медбикесінің міндеттері қандай?», «требования к охраннику»). A question that
  describes a position in many words («сотрудник, который водит ребят на экскурсии …») is
  left to retrieval.
* **content not covered**: the question asks no clause kind of a position, and its content
  words are (almost) absent from the retrieved clauses, compared as Kazakh-folded stems with the
  glossary's Kazakh equivalents of Russian words. Two unsupported words at least: one word never
  decides, and a margin (a third of the words supported) keeps a partly covered question in.

Each decision names the words that were not supported, so it can be shown and checked. The names and the
text are those of the regulation passed (``doc``: the assistant's own; ``None`` is the packaged regulation).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from ..search.lexical import document_terms, query_terms
from ..language.textnorm import fold_kazakh, normalise, tokens

if TYPE_CHECKING:
    from ..language.linking import Linker
    from ..regulation.document import Document

# Grammar words of both languages (folded): pronouns, prepositions, conjunctions, particles,
# question words, copulas and modals. A closed class, not a list of topics.
FUNCTION_WORDS = frozenset(fold_kazakh(w) for w in """
    и в во на по к ко с со о об обо от до для из за у при или либо а но как что чтобы чтоб какой какая
    какое какие каких каким каком какую сколько скока где куда когда кто чем чего кого кому зачем почему
    ли же бы ни не нет да ну вот вообще то это этот эта эти этом этой этого этих тот та те того той такой
    такая такие я мне меня мной мы нам нас вы вам вас ты тебе он она оно они его ее её ему ей им их него
    нее неё нему ней ним них мой моя мое моё мои свой своя свои сам сама сами весь вся все всё
    есть быть был была были будет будут является нужно надо нужен нужна нужны можно может могу могут
    должен должна должны обязан обязана обязаны ли также тоже только уже еще ещё очень там тут здесь
    который которая которое которые которого которой которых котором если тогда пожалуйста подскажите
    скажите здравствуйте спасибо
    және мен бен пен немесе не ма ме ба бе па пе ше ал да де та те ғой ғана тек әлде ия иә жоқ бар
    бұл осы сол ол олар оның оған онда одан оны оларға мен менің мені маған менде біз біздің бізге
    сіз сіздің сізге сен сенің сені
    қай қандай қанша неше қалай қашан кім кімге неге нені не үшін бойынша туралы керек қажет
    бола болады болу болса ма екен деп деген сияқты
""".split())
ROLE_KINDS = ("duties", "knowledge", "requirements", "competence")  # «охраннику нужна какая-то квалификация?»
MAX_ROLE_WORDS = 2  # a role is named in a word or two; more words describe a position
# «кто в школе …?», «кім …?», «как называется …»: the question asks which position does something, by
# describing it; the position is then what retrieval must find, not a job outside.
WHO = re.compile(fold_kazakh(r"(?:^|\s)(?:кто|кім|кімге|как называется|что это за|қалай аталады)(?:\s|[?,.!]|$)"))
MIN_UNSUPPORTED = 2  # one unsupported word never decides
SUPPORTED_SHARE = 1 / 3  # at least this share of content words supported keeps a question in


@dataclass
class Scope:
    """The verdict on one question: outside or not, and the evidence."""

    outside: bool
    reason: str = ""
    content: list[str] = field(default_factory=list)
    unsupported: list[str] = field(default_factory=list)


def content_words(text: str, doc: Document | None = None) -> list[str]:
    """The question's words that are not grammar, numbers, or words the linker and the glossary
    know (positions, organisations, clause kinds, levels, target cues), read as the linker reads
    them (typos corrected: «коледже» is the organisation word «колледже»)."""
    linker = _linker(doc)
    question = linker.read(text)
    named = _named_tokens(question, linker)
    return [w for i, (w, folded) in enumerate(zip(question.words, question.folded))
            if i not in named and _is_content(folded, linker)]


def _named_tokens(question, linker: Linker) -> set[int]:
    """The tokens that name something here (a position, an organisation, a kind, a qualifier, a target cue):
    a word that only could be part of a name («детей», «группе» of «… детей-сирот», «… предшкольной группы»)
    but names nothing in this question is what it is about."""
    indexes = (linker.names, linker.contexts, linker.kinds, linker.qualifiers, linker.target_cues)
    return {i for index in indexes for hit in question.find(index) for i in range(hit.start, hit.end)}


def _linker(doc: Document | None) -> Linker:
    from ..language.linking import linker_of

    return linker_of(doc)


@lru_cache(maxsize=8192)
def _is_content(folded: str, linker: Linker) -> bool:
    if len(folded) < 3 or folded.isdigit() or folded in FUNCTION_WORDS:
        return False
    # a level's word in any form («педагога-эксперта», «сарапшыға»): by its beginning, as the linker reads names
    return folded not in _level_words() and not any(folded.startswith(w) for w in _level_words() if len(w) >= 5)



@lru_cache(maxsize=1)
def _level_words() -> frozenset[str]:
    from ..language.glossary import load_glossary

    levels = load_glossary().levels.values()
    return frozenset(fold_kazakh(t) for lv in levels for n in [lv.kk, lv.ru, *lv.aliases] for t in tokens(n))


def _names_a_position_word(text: str, linker: Linker) -> bool:
    """Whether some word is part of a position's name («педагог», «заведующему»): a name the linker
    could not complete is still a position of the regulation, not an outside job."""
    return any(_position_word(f, linker) for f in linker.read(text).folded)


@lru_cache(maxsize=8192)
def _position_word(token: str, linker: Linker) -> bool:
    """A form of a word of the positions' names that is not an organisation word. Compared by a long
    common beginning rather than by the linker's inflection rule, which is stricter on long Russian
    endings («заведующему») and looser on short stems («лицензия» for «лицея»)."""
    if len(token) < 4 or linker.contexts.known(token):
        return False
    return any(len(os.path.commonprefix([token, word])) >= max(5, len(word) - 3)
               for word in linker.names.vocabulary - linker.contexts.vocabulary)


def supported(words: list[str], question: str, clause_texts: list[str], doc: Document | None = None) -> list[bool]:
    """For each content word: whether one of its stems (Kazakh, Russian, or the Kazakh of the
    glossary term it belongs to) occurs in the clauses."""
    terms = {t for text in clause_texts for t in document_terms(text)}
    equivalents = _glossary_equivalents(question, doc)
    return [any(t in terms for t in query_terms(w, expand=False) + equivalents.get(fold_kazakh(normalise(w)), []))
            for w in words]


# A word in more than this share of the regulation's clauses says nothing about what a question is about.
COMMON_SHARE = 0.3


def _everywhere(word: str, doc: Document) -> bool:
    shares = _clause_shares(doc)
    terms = query_terms(word, expand=False)
    return bool(terms) and all(shares.get(t, 0.0) > COMMON_SHARE for t in terms)


_SHARES: dict[str, dict[str, float]] = {}  # by the regulation's sha256: computed once per text


def _clause_shares(doc: Document) -> dict[str, float]:
    """Each term's share of the regulation's clauses that contain it (stems, as the lexical index reads them)."""
    if doc.sha256 not in _SHARES:
        counts: dict[str, int] = {}
        for clause in doc.clauses:
            for term in set(document_terms(clause.text)):
                counts[term] = counts.get(term, 0) + 1
        _SHARES[doc.sha256] = {term: n / len(doc.clauses) for term, n in counts.items()}
    return _SHARES[doc.sha256]


def _glossary_equivalents(question: str, doc: Document | None) -> dict[str, list[str]]:
    """Folded question word → the Kazakh stems the glossary gives for the phrase it stands in."""
    from ..language.glossary import kazakh_spans
    from ..language.textnorm import folded_tokens

    words = folded_tokens(question)
    found: dict[str, list[str]] = {}
    for start, end, kazakh in kazakh_spans(words, doc):
        stems = [t for text in kazakh for t in document_terms(text)]
        for word in words[start:end]:
            found.setdefault(word, []).extend(stems)
    return found


def role_outside(frame, doc: Document | None = None) -> Scope:
    """A job asked about by its duties, knowledge or requirements that is no position here."""
    linker = _linker(doc)
    named = frame.position_id or frame.position_candidates or frame.target
    folded = fold_kazakh(normalise(frame.text))
    asks_a_kind = any(k in frame.kinds for k in ROLE_KINDS)
    # a job named by its form is outside whatever is asked of it («… жүргізушісіне қандай құжаттар керек?»), but
    # only in a question about the regulation: a story told for a verdict names other jobs on the way
    if named or not (asks_a_kind or frame.intent == "regulation") or WHO.search(folded):
        return Scope(False)
    words = content_words(frame.text, linker.doc)
    # a word for a person by its form (an agent noun: «лаборанта», «охраннику», «жүргізушісіне») names a
    # job, whatever else the question says about it (a subject, a place); the form only nominates it: a
    # job the regulation's text names anywhere (ch1.c4's general specialists, «наставник» of its glossary)
    # is left to the answer, and so is a position described instead («сотрудник, который …»)
    from ..language.reader import DESCRIBES

    terms = _glossary_equivalents(frame.text, linker.doc)
    persons = [w for w in words if person_noun(w) and fold_kazakh(normalise(w)) not in terms
               and not _in_regulation(w, linker.doc)]
    if persons and not DESCRIBES.search(folded):
        return Scope(True, "role", words, persons)
    if _names_a_position_word(frame.text, linker) or not asks_a_kind:
        return Scope(False)
    # a job is a noun: ordinals («екінші санатқа») and verbs («қойылады») name none
    nouns = [w for w in words if not _NOT_A_NOUN.search(fold_kazakh(normalise(w)))]
    if not nouns or len(words) > MAX_ROLE_WORDS:
        return Scope(False)
    return Scope(True, "role", words, nouns)


# Agent nouns by their suffixes, with case endings: Russian «-ант, -ист, -тель, -ник, -щик, -чик, -арь»
# (+ «-а, -у, -ом, -ей» …; not «-ент»: «момент»; not «-ар, -ер, -ор»: Kazakh plurals end so), Kazakh
# «-шы/-ші, -паз, -гер/-кер» (+ possessive and case). A closed class of word-forming suffixes, not a
# list of jobs; the general words for «someone who works» are left out, because they describe a
# position rather than name a job.
_RU_PERSON = re.compile(r"^(?P<base>\w{3,}(?:ант|ист|тел|ник|щик|щиц|чик|чиц|арь|ниц))(?:ь|а|у|ом|ем|е|ы|и|ов|ам|ами|ах|ей|ю|ям)?$")
_KK_PERSON = re.compile(fold_kazakh(
    r"^(?P<base>\w{3,}(?:шы|ші)|\w{2,}(?:паз|гер|кер))(?:сы|сі|ы|і)?(?:на|не|ға|ге|қа|ке|ның|нің|ын|ін|мен|да|де|нан|нен|лар|лер)?$"))
_KAZAKH_LETTERS = re.compile(r"[әғқңөұүһі]")
_NOT_A_NOUN = re.compile(fold_kazakh(r"^\w+н(?:шы|ші)\w*$|(?:ады|еді|йды|йді)$"))  # ordinals; Kazakh verbs
# not persons: ordinals («бірінші», «екінші санат»), and the general words for «someone who works»
_NOT_PERSON = re.compile(fold_kazakh(r"^(?:сотрудник|работник|специалист|человек|маман|адам|қызметкер|кісі|педагог)"
                                     r"|^\w+н(?:шы|ші)"))


def _in_regulation(word: str, doc: Document) -> bool:
    """Whether the regulation's text uses the word: an agent noun as itself up to its suffix
    («экономист», not «кітапханашы» for «кітапхана»), any other word by one of its stems."""
    base = _agent_base(word)
    if base is not None:
        return base in _regulation_text(doc)
    return any(t in _regulation_terms(doc) for t in query_terms(word, expand=False))


def _agent_base(word: str) -> str | None:
    plain = normalise(word).lower()
    folded = fold_kazakh(plain)
    m = _KK_PERSON.match(folded) or (None if _KAZAKH_LETTERS.search(plain) else _RU_PERSON.match(folded))
    return m.group("base") if m else None


_TERMS: dict[str, frozenset[str]] = {}
_TEXTS: dict[str, str] = {}


def _regulation_terms(doc: Document) -> frozenset[str]:
    """The stems of a regulation's clauses (once per text, by its hash)."""
    if doc.sha256 not in _TERMS:
        _TERMS[doc.sha256] = frozenset(t for clause in doc.clauses for t in document_terms(clause.text))
    return _TERMS[doc.sha256]


def _regulation_text(doc: Document) -> str:
    """A regulation's clauses folded, as one text (once per text, by its hash)."""
    if doc.sha256 not in _TEXTS:
        _TEXTS[doc.sha256] = " ".join(fold_kazakh(normalise(clause.text)).lower() for clause in doc.clauses)
    return _TEXTS[doc.sha256]


def person_noun(word: str) -> bool:
    plain = normalise(word).lower()
    folded = fold_kazakh(plain)
    if _NOT_PERSON.match(folded):
        return False
    # the Russian suffixes only on Russian words: «өндірісте» is not an «-ист»
    return bool(_KK_PERSON.match(folded) or (not _KAZAKH_LETTERS.search(plain) and _RU_PERSON.match(plain)))


def judge(frame, clause_texts: list[str], doc: Document | None = None) -> Scope:
    """Whether the question is outside the regulation, given the clauses retrieved for it."""
    linker = _linker(doc)
    role = role_outside(frame, linker.doc)
    if role.outside:
        return role
    if _asks_a_kind(frame) or frame.follow_up or _about_regulation(frame) or _asks_what_it_does(frame, linker):
        return Scope(False)
    if _describes_a_position(frame):
        return Scope(False)
    # a word found in most clauses («жұмыс», «работа») supports nothing in particular: it is no evidence either way
    words = [w for w in dict.fromkeys(content_words(frame.text, linker.doc)) if not _everywhere(w, linker.doc)]
    flags = supported(words, frame.text, clause_texts, linker.doc)
    unsupported = [w for w, ok in zip(words, flags) if not ok]
    share = 1 - len(unsupported) / len(words) if words else 1.0
    outside = len(unsupported) >= MIN_UNSUPPORTED and share < SUPPORTED_SHARE
    return Scope(outside, "coverage" if outside else "", words, unsupported)


def _describes_a_position(frame) -> bool:
    """«Кто следит, чтобы ученики … пользовались спецодеждой?»: a position found by the work described
    (the words are the Russian of a duty the Kazakh text words otherwise, so their stems cannot be
    looked up in it)."""
    described = frame.position_id or frame.position_candidates
    return bool(described) and bool(WHO.search(fold_kazakh(normalise(frame.text))))


# A weak cue («квалификация» of «курсы повышения квалификации», «можно ли») names no clause kind on its own,
# unless it is a word of a named post's work («занимается», «знания»).
STRONG_KIND = 1.0


def _asks_a_kind(frame) -> bool:
    """A clause kind asked by a strong cue («какое образование нужно», «обязанности»): the clause of that kind is
    then the evidence, and words it lacks are the details it does not settle. A weak cue alone leaves the
    question to its words' coverage."""
    if any(weight >= STRONG_KIND for weight in frame.kinds.values()):
        return True
    # «Соцпедагог занимается пособиями сирот?»: a weak word of the work of a post named still asks its duties
    named = frame.position_id or frame.position_candidates
    return bool(named) and bool(set(frame.kinds) & {"duties", "knowledge"})


def _about_regulation(frame) -> bool:
    """The regulation itself is the subject (chapter 1: to whom it applies, staff titles, …)."""
    from ..language.reader import ABOUT_REGULATION

    return bool(ABOUT_REGULATION.search(fold_kazakh(normalise(frame.text))))


# «проводит ли», «жүргізе ме»: an action of the named position (a duty question), unless the verb
# is a copula («есть ли», «бар ма»: whether something exists). The modals of obligation and ability
# with a position as subject («должен … следить», «может ли директор наказывать») ask the same.
_DOES = re.compile(r"(\w+) ли\b|(\w+)\s+(?:ма|ме|ба|бе|па|пе)\b")
_MODAL = re.compile(fold_kazakh(r"\b(?:должен|должна|должны|обязан\w*|может|могут|вправе|тиіс\w*|міндетті)\b"))


def _asks_what_it_does(frame, linker: Linker) -> bool:
    if not frame.position_id and not frame.position_candidates:
        return False
    folded = fold_kazakh(normalise(frame.text))
    verbs = [verb for m in _DOES.finditer(folded) for verb in m.groups() if verb]
    return any(_is_content(verb, linker) for verb in verbs) or bool(_MODAL.search(folded))
