"""Text normalisation for Kazakh and Russian: pure functions, no state.

* :func:`normalise` — one canonical spelling for matching (NFC, casefold, ё→е,
  Latin look-alikes inside Cyrillic words, one dash, single spaces).
* :func:`fold_kazakh` — Kazakh letters to their nearest Russian ones, so that
  Kazakh typed on a Russian keyboard («тарбиеши») meets the real word («тәрбиеші»).
* :func:`tokens` — word tokens after :func:`normalise`; a hyphen splits a word
  («педагог-модератор» → «педагог», «модератор»), so hyphenated and spaced
  spellings («педагог - модератор») give the same tokens.
* :func:`detect_lang` — «kk» or «ru» for a question.
* :func:`sentences` — the tokens grouped by sentence.
* :func:`stem_of` / :func:`token_matches` — a deliberately crude inflection match
  (the dictionary word's stem — Snowball for Russian, possessive-free for Kazakh — is a
  prefix of the question word, with a suffix of plausible length), good enough for both
  languages' suffixing morphology and the short names people type.
"""

from __future__ import annotations

import os
import re
import unicodedata
from functools import lru_cache
from typing import Literal

import Stemmer

Lang = Literal["kk", "ru"]

# Latin letters that look like Cyrillic ones, by case (uppercase H is Н, lowercase h is һ).
_LOOKALIKE = str.maketrans({
    "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "I": "І", "K": "К", "M": "М",
    "O": "О", "P": "Р", "T": "Т", "X": "Х", "Y": "У",
    "a": "а", "c": "с", "e": "е", "h": "һ", "i": "і", "k": "к", "m": "м",
    "o": "о", "p": "р", "t": "т", "x": "х", "y": "у",
})
_KAZAKH_FOLD = str.maketrans("әіңғүұқөһ", "аингуукох")
KAZAKH_LETTERS = frozenset("әіңғүұқөһ")

_WORD = re.compile(r"[^\W_]+")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_LATIN = re.compile(r"[A-Za-z]")
_DASHES = re.compile(r"[\u2010-\u2015\u2212\u00AD-]")
_SPACES = re.compile(r"\s+")


def _fix_mixed_word(match: re.Match[str]) -> str:
    word = match.group(0)
    if _CYRILLIC.search(word) and _LATIN.search(word):
        return word.translate(_LOOKALIKE)
    return word


def normalise(text: str) -> str:
    """Canonical form for matching: «Бiлiктiлiкке  қойылатын—талаптар» → «біліктілікке қойылатын-талаптар»."""
    text = unicodedata.normalize("NFC", text)
    text = _WORD.sub(_fix_mixed_word, text)  # before casefold: the case tells H (Н) from h (һ)
    text = text.casefold().replace("ё", "е")
    text = _DASHES.sub("-", text)
    return _SPACES.sub(" ", text).strip()


def fold_kazakh(text: str) -> str:
    """Kazakh letters → nearest Russian letters (ә→а, і→и, ң→н, ғ→г, ү/ұ→у, қ→к, ө→о, һ→х)."""
    return text.translate(_KAZAKH_FOLD)


def tokens(text: str) -> list[str]:
    """Word tokens (letters and digits) of the normalised text; hyphens and punctuation split."""
    return _WORD.findall(normalise(text))


_SENTENCE_END = re.compile(r"[.!?;]+(?:\s|$)")


def sentences(text: str) -> list[list[str]]:
    """:func:`tokens` grouped by sentence (split at «.», «!», «?», «;» before a space)."""
    parts = (_WORD.findall(part) for part in _SENTENCE_END.split(normalise(text)))
    return [part for part in parts if part]


def folded_tokens(text: str) -> list[str]:
    """:func:`tokens`, folded: the form every lookup in the glossary and the linker uses."""
    return [fold_kazakh(t) for t in tokens(text)]


# --- language detection -------------------------------------------------------------

# Frequent Kazakh words that carry no Kazakh-specific letter once typed on a Russian
# keyboard (compared folded). Only words that are not Russian words too.
_KK_WORDS = frozenset(fold_kazakh(w) for w in """
    қанша неше қандай қалай қайда қашан кім не неге бола болады болса бола ма ме ба бе па пе
    керек жыл жылы жұмыс өтілі өтіл стажы стажым талап талаптар талаптары мен және үшін бойынша
    туралы деген дейін кейін бар жоқ ия иә мектеп мектепте мектептің балабақша балабақшада
    тәрбиеші әдіскер мұғалім мұғалімі директоры меңгерушісі орынбасары жөніндегі ұйымы ұйымының
    білім білімі білуге тиіс міндеттері санат санаты санатқа ауыл ауылда ауылдық қала қалада
    қалалық маған менің мен біз сіз осы сол бұл ол жас жасы алу алуға алады беру береді
    сарапшы зерттеуші шебер қосымша арнайы педагогтің педагогке лауазым лауазымы
    болу болуға болуды болғым боламын болам болып істедім істеймін жұмыс істедім
    ше ал ғой болса болғанда істесем
""".split())
_RU_WORDS = frozenset("""
    и в во на по к ко с со о об от до для из за у при или а но как что какой какие какая каких
    сколько нужно надо нужен нужна можно ли не нет да где когда кто чем чего мне меня я мы вы
    лет год года стаж стажа стажу требования требований обязанности должен должна знать
    школы школе школа детского сада садик колледжа учителя учитель воспитатель воспитателя
    категорию категории категория получить перейти работы работать работаю является это
""".split())
# Suffixes that mark a word as Kazakh or Russian (compared folded, so they must not be
# ordinary Russian endings once folded: no «-ка», «-ге»).
_KK_SUFFIXES = (
    "нын", "нин", "дын", "дин", "тын", "тин", "дагы", "деги", "тагы", "теги",
    "лар", "лер", "дар", "дер", "тар", "тер", "лары", "лери", "дары", "тары",
    "лык", "лик", "дык", "дик", "тык", "тик", "сыз", "сиз", "ында", "инде", "уге", "уга",
)
_RU_SUFFIXES = (
    "ого", "его", "ому", "ему", "ыми", "ими", "ая", "яя", "ое", "ее", "ые", "ие", "ий", "ый", "ой",
    "ия", "ние", "ться", "тся", "ет", "ют", "ит", "ят", "ам", "ям", "ах", "ях", "ов", "ев",
)


def kazakh_marked(token: str) -> bool:
    """A common Kazakh word or a word with a Kazakh ending (its letters aside)."""
    folded = fold_kazakh(token)
    return folded in _KK_WORDS or (len(folded) > 4 and folded.endswith(_KK_SUFFIXES))


# Words of both languages: Kazakh «не» (what) and Russian «не» (not) say nothing about the language.
_BOTH = frozenset({"не"})


def _token_lang(token: str) -> Lang | None:
    if any(ch in KAZAKH_LETTERS for ch in token):
        return "kk"
    folded = fold_kazakh(token)
    if folded in _BOTH:
        return None
    if folded in _KK_WORDS:
        return "kk"
    if token in _RU_WORDS:
        return "ru"
    if len(folded) > 4 and folded.endswith(_KK_SUFFIXES):
        return "kk"
    if len(token) > 4 and token.endswith(_RU_SUFFIXES):
        return "ru"
    return None


# Function words frame a sentence's grammar, so they outvote borrowed nouns: «обязанности
# соцпедагога в балалар үйі» is a Russian question naming a Kazakh institution.
FUNCTION_WORDS = frozenset("""
    в во на по к ко с со о об от до для из за у при или но ли не как что какие какой сколько
    ма ме ба бе па пе ше мен және үшін бойынша туралы қанша қандай неше
""".split())


def _vote_weight(token: str) -> int:
    return 2 if token in FUNCTION_WORDS else 1


def lang_votes(text: str) -> tuple[float, float]:
    """The Kazakh and the Russian votes of a text's marked tokens (see :func:`detect_lang`)."""
    votes = [(lang, _vote_weight(t)) for t in tokens(text) if (lang := _token_lang(t))]
    return sum(w for lang, w in votes if lang == "kk"), sum(w for lang, w in votes if lang == "ru")


def lang_unclear(text: str) -> bool:
    """No marked token, or as many Kazakh as Russian votes: the text alone does not tell its language
    («ch2.p2.c12», «завуч», «педагог-модератор?»), so a channel's chosen language may decide."""
    kk, ru = lang_votes(text)
    return kk == ru


def detect_lang(text: str, default: Lang = "kk") -> Lang:
    """«kk» or «ru» by a majority of marked tokens.

    A Kazakh letter, a common Kazakh word or a Kazakh suffix marks a token as Kazakh;
    a common Russian word or ending as Russian; function words count twice. A tie with some Kazakh evidence is
    Kazakh (Kazakh questions often borrow Russian words: «завуч стажы қанша?»);
    no evidence at all: Cyrillic text is Russian, anything else is ``default``.
    """
    kk, ru = lang_votes(text)
    if kk or ru:
        return "kk" if kk >= ru else "ru"
    return "ru" if _CYRILLIC.search(text) else default


# --- inflection-tolerant token matching ----------------------------------------------

# Kazakh suffixes stack onto an unchanged stem, except the 3rd-person possessive (dropped
# from dictionary forms such as «тәрбиешісі») and a final п/к/қ that voices before a vowel
# («мектеп» → «мектебі»). Folded forms.
_KK_POSSESSIVE = ("сы", "си", "ы", "и")
_KK_VOICING = ("п", "к")


def stem_of(token: str, kazakh: bool) -> str:
    """The part of a folded dictionary token that its inflected forms keep: Snowball's
    Russian stem («детского» → «детск» meets «детских», «детском»), or for Kazakh the
    word without its possessive ending and final voicing consonant."""
    if not kazakh:
        return _russian_stemmer().stemWord(token)
    return _strip(_strip(token, _KK_POSSESSIVE, keep=4), _KK_VOICING, keep=4)


@lru_cache(maxsize=1)
def _russian_stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("russian")


def _strip(token: str, endings: tuple[str, ...], keep: int) -> str:
    for ending in endings:
        if token.endswith(ending) and len(token) - len(ending) >= keep:
            return token[: -len(ending)]
    return token


# How many letters a suffix may add to a stem of 3, 4, 5+ letters: Kazakh stacks suffixes
# («тәрбиеші» → «тәрбиешілерінің»), Russian adds one ending («воспитател» → «воспитателями»).
_MAX_SUFFIX = {False: (2, 4, 5), True: (5, 7, 10)}
# A Russian participle stemmed short keeps its participle suffix before the ending: «завед» → «заведующему».
_PARTICIPLE = re.compile(r"(?:у|ю)?(?:ющ|ащ|ящ|ущ)")
PARTICIPLE_EXTRA = 2


def token_matches(query_token: str, stem: str, word: str, kazakh: bool = False) -> bool:
    """Whether a (folded) question token is an inflected form of the dictionary ``word``
    whose stem is ``stem``: it extends the stem by a suffix of plausible length."""
    if query_token == word:
        return True
    if len(stem) <= 2 or not query_token.startswith(stem):  # «в», «по» match only themselves
        return False
    if not kazakh and _changes_only_the_ending(query_token, stem, word):
        return True  # Snowball stems «обязанности» short («обязан»): «обязанностях» is the same noun
    limit = _MAX_SUFFIX[kazakh][min(len(stem), 5) - 3]
    if not kazakh and _PARTICIPLE.match(query_token, len(stem)) and _PARTICIPLE.match(word, len(stem)):
        limit += PARTICIPLE_EXTRA
    return len(query_token) - len(stem) <= limit


# A Russian form that keeps a dictionary word but for its last letters, and ends no longer than a case ending.
_WORD_ENDING, _FORM_ENDING = 2, 3


def _changes_only_the_ending(query_token: str, stem: str, word: str) -> bool:
    """Only where Snowball cut the word short of what the form keeps («обязан|ности» → «обязанност|ях»); a word
    that is its own stem («лет») is matched by the suffix rule alone («летний» is another word)."""
    kept = len(os.path.commonprefix([query_token, word]))
    return kept > len(stem) and kept >= len(word) - _WORD_ENDING and len(query_token) - kept <= _FORM_ENDING
