"""Numbers as people and the regulation write them: digits, «2,5», Kazakh and Russian words."""

from __future__ import annotations

import re

# The longest service anyone plausibly has: a larger figure is no length of service (an age, a year, a typo).
MAX_YEARS = 60.0

KK_UNITS = {"бір": 1, "екі": 2, "үш": 3, "төрт": 4, "бес": 5, "алты": 6, "жеті": 7, "сегіз": 8, "тоғыз": 9, "он": 10}
RU_UNITS = {
    "один": 1, "одного": 1, "одна": 1, "год": 1, "два": 2, "двух": 2, "две": 2, "три": 3, "трех": 3, "трёх": 3,
    "четыре": 4, "четырех": 4, "четырёх": 4, "пять": 5, "пяти": 5, "шесть": 6, "шести": 6, "семь": 7, "семи": 7,
    "восемь": 8, "восьми": 8, "девять": 9, "девяти": 9, "десять": 10, "десяти": 10,
}
HALF_WORDS = {"жарым": 0.5, "с половиной": 0.5}
WORD_NUMBERS = {k: v for k, v in {**KK_UNITS, **RU_UNITS}.items() if k != "год"}
NUMBER_WORD_RE = "|".join(sorted(map(re.escape, WORD_NUMBERS), key=len, reverse=True))


def mentions_number(text: str, number: float) -> bool:
    """Whether ``text`` states ``number`` as digits or as a Kazakh number word («бес», «3», «5жыл»)."""
    if number != int(number):
        return re.search(rf"(?<![\d,.]){str(number).replace('.', '[.,]')}(?!\d)", text) is not None
    n = int(number)
    if re.search(rf"(?<![\d,.]){n}(?![\d,.]\d|\d)", text):
        return True
    words = [w for w, v in KK_UNITS.items() if v == n]
    return any(re.search(rf"(?<!\w){w}(?!\w)", text.lower()) for w in words)
