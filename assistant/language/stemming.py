"""Stems for lexical matching: a light Kazakh suffix stripper and Russian Snowball.

Kazakh is agglutinative: stem + plural + possessive + case («мұғалім-дер-і-нің»), with
vowel harmony and assimilation giving each suffix several shapes. The stripper removes
known inflectional suffixes from the end, longest first, again and again while the stem
keeps at least :data:`MIN_STEM` letters. Repeating to a fixed point makes it consistent:
«білім», «білімі», «білімін» end the same, whatever the stem happens to end with.
Derivational suffixes (-лық, -шы, …) are kept: they make different words.

Kazakh stems come out folded (Kazakh letters → Russian ones, «өтіл» → «отил»), so text typed
on a Russian keyboard meets the real spelling. After either stemmer a final voiced б/г
becomes п/к, as Kazakh writes it before a vowel suffix («мектеп» → «мектебі»).
"""

from __future__ import annotations

from functools import lru_cache

import Stemmer

from .textnorm import fold_kazakh

MIN_STEM = 3

# Grouped by what they mark; every shape the harmony rules give.
_PLURAL = "лар лер дар дер тар тер"
_POSSESSIVE = "ым ім ың ің ы і сы сі мыз міз ымыз іміз ңыз ңіз ыңыз іңіз лары лері дары дері тары тері"
_CASE = (
    "ның нің дың дің тың тің "          # genitive
    "ға ге қа ке на не ына іне "         # dative (на/не after a possessive)
    "ны ні ды ді ты ті ын ін "           # accusative (н after a possessive)
    "да де та те нда нде ында інде "     # locative
    "дан ден тан тен нан нен "           # ablative
    "мен бен пен менен бенен пенен "     # instrumental
    "дай дей тай тей "                   # similative
    "дағы дегі тағы тегі ндағы ндегі"    # locative-attributive («мектептегі»)
)
_PREDICATE = "мын мін бын бін пын пін сың сің мыз міз быз біз пыз піз"

# Matched on folded words (Kazakh letters → Russian ones, as textnorm.fold_kazakh does), so
# Kazakh typed on a Russian keyboard («тарбиешиси») stems like the real spelling («тәрбиешісі»).
KAZAKH_SUFFIXES: tuple[str, ...] = tuple(sorted(
    {fold_kazakh(s) for s in " ".join([_PLURAL, _POSSESSIVE, _CASE, _PREDICATE]).split()},
    key=len, reverse=True,
))
_VOWELS = frozenset("аеёиоуыэюя")
_VOICELESS = frozenset("кпстфхцчшщбгд")  # final б/г/д of loanwords sound voiceless («педагогтің», «логопедтің»)
_NASALS = frozenset("мн")


def _fits(stem: str, suffix: str) -> bool:
    """Whether the suffix's initial consonant agrees with the end of the stem.

    Kazakh picks the shape of a suffix by the sound before it: т/қ/к/п after a voiceless
    consonant, д/ғ/г after a vowel or voiced one, н after a vowel or nasal, л after a vowel
    or р/й/у. Checking it keeps «санат-ы» from being read as «сана-ты».
    """
    last, first = stem[-1], suffix[0]
    if first in "ткп":
        return last in _VOICELESS
    if first in "дг":
        return last not in _VOICELESS
    if first == "н":
        return last in _VOWELS or last in _NASALS
    if first == "л":
        return last in _VOWELS or last in "рй"
    return True
_DEVOICE = str.maketrans({"б": "п", "г": "к"})


def _has_vowel(text: str) -> bool:
    return any(ch in _VOWELS for ch in text)


def _strip_once(word: str) -> str | None:
    for suffix in KAZAKH_SUFFIXES:
        if word.endswith(suffix):
            stem = word[: -len(suffix)]
            if len(stem) >= MIN_STEM and _has_vowel(stem) and _fits(stem, suffix):
                return stem
    return None


def _devoice_final(stem: str) -> str:
    return stem[:-1] + stem[-1].translate(_DEVOICE) if stem else stem


@lru_cache(maxsize=65536)
def stem_kk(word: str) -> str:
    """Folded Kazakh stem of a normalised (lower-case) word: «өтілінің», «өтіліне», «өтілі» → «отил»."""
    word = fold_kazakh(word)
    if word.isdigit():
        return word
    while (shorter := _strip_once(word)) is not None:
        word = shorter
    return _devoice_final(word)


@lru_cache(maxsize=1)
def _russian() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("russian")


@lru_cache(maxsize=65536)
def stem_ru(word: str) -> str:
    """Russian Snowball stem of a normalised word: «воспитателя» → «воспитател»."""
    if word.isdigit():
        return word
    return _devoice_final(_russian().stemWord(word))
