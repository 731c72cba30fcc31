"""Numbers of years in a message, each with what it measures.

A figure is experience only where an experience word governs it: «стаж 3 года», «3 жыл
өтілім бар», «работаю 3 года», «3 жыл мұғалім болдым», «3 года в школе». Every other
figure is read for what it is — an age («мне 42 года», «42 жастамын»), a time ago or ahead
(«10 лет назад», «через 3 года», «3 жылдан кейін»), a figure quoted from a rule («по пункту
66 требуется 10 лет», «кемінде 5 жыл керек»), a denied one («стажа 5 лет у меня нет»),
years of study, a contract, children's ages, work outside teaching («5 лет продавцом») —
and is never taken for the person's experience. Figures no word governs («а у меня 2
года», «сейчас 2 года») are kept as *bare*: usable as experience only when nothing better
is said and the message talks about experience.

The cues are grammar, not topics: they name the words that govern a number (need,
negation, time, age, study), so they hold for positions and stories nobody listed.
Text is read normalised and Kazakh-folded (see :mod:`assistant.language.textnorm`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

from ..eligibility.numbers import HALF_WORDS, MAX_YEARS, NUMBER_WORD_RE, WORD_NUMBERS
from .textnorm import fold_kazakh

FigureKind = Literal[
    "experience",      # governed by an experience word: the main experience
    "pedagogical",     # named pedagogical experience («педстаж», «педагогикалық өтіл», «общий педстаж»)
    "role",            # years in a teaching job («3 года учителем», «5 жыл мұғалім болып»)
    "total",           # all work, not only teaching («трудовой стаж», «еңбек өтілі»)
    "nested",          # of the last years / of which in a setting («соңғы 2 жыл», «из них 2 года в саду»)
    "leadership",      # as a head or deputy
    "civil_service",
    "other_job",       # work the regulation does not count («5 лет продавцом»)
    "sum",             # a total the person adds up («итого 6 лет», «барлығы 6 жыл»): the experience
    "corrected",       # the figure a denial puts right («не 3 года, а 6», «2 жыл емес, 4 жыл»): the experience
    "extra",           # years added to what was said before («ещё 2 года», «тағы 2 жыл»): not the experience
    "own",             # no experience word, but the person's own («а у меня 2 года», «қазір 3»)
    "part",            # a part of a total stated, of a kind not said («стаж 12 лет: 9 лет в магазине, …»)
    "bare",            # no governing word at all
    "age", "ago", "ahead", "quoted", "denied", "study", "contract", "children",
]
# The kinds that may be the person's experience, strongest first.
EXPERIENCE_KINDS = ("corrected", "sum", "pedagogical", "experience", "role", "own", "bare")


_C = fold_kazakh
_NUMBER = rf"(?P<num>\d+(?:[.,]\d+)?|{_C(NUMBER_WORD_RE)})"
_HALF = rf"(?:\s+(?P<half>{_C('|'.join(HALF_WORDS))}))?"
# «5-ти лет», «3-х», and the Kazakh particles of «only» on the number («5-ақ жыл», «5 ғана жыл»)
_UNIT = r"(?:\s*-?\s*(?:х|ти|ми|ақ|ғана)?)?\s*(?P<unit>жыл\w*|жы\b|год\w*|лет\b|летн\w*|г\.)"  # «5-летний стаж»
# «3 жыл 2 ай», «3 года 2 месяца», «3 г. 5 мес.»: months after the years are part of the figure
_MONTHS = r"(?:\s*(?:и\s+|және\s+)?(?P<months>\d{1,2})\s*(?:ай\w*|месяц\w*|мес\b\.?))?"
_FULL = r"(?:\s+(?:полных|полные|полного|целых|толық))?"  # «2 полных года», «3 толық жыл»
_FIGURE = re.compile(_C(rf"(?<![\w.,]){_NUMBER}{_HALF}{_FULL}{_UNIT}{_MONTHS}|(?P<oneandhalf>полтора\s+год\w*)|(?P<halfyear>полгода|жарты жыл)"
                        r"|(?:(?<=у меня )|(?<=сейчас )|(?<=қазір )|(?<=менде )|(?<=а все )|(?<=только )|(?<=всего ))"
                        r"(?P<unitless>\d{1,2}(?:[.,]5)?)(?![\w%-]|[.,]\d|\s*(?:тыс|мың|%|процент|ребен|бала|дет|сағат|час|класс|сынып))"
                        r"|(?:(?<=ровно )|(?<=целый )|(?<=всего )|(?<=только )|(?<=уже )|(?<=\s)(?=год\s+(?:тому\s+)?назад))"
                        r"(?P<oneyear>год)\b"))
_WORDS = {_C(w): v for w, v in WORD_NUMBERS.items()}
_HALVES = {_C(w): v for w, v in HALF_WORDS.items()}

# Clause boundaries: a governing word acts within its clause.
# A full stop ends a clause unless it ends an abbreviation («доп. образование», «г. Алматы»).
_ABBREVIATION = r"(?<!\bдоп)(?<!\bг)(?<!\bгг)(?<!\bобл)(?<!\bим)(?<!\bт)(?<!\bд)(?<!\bпр)(?<!\bдр)(?<!\bж)(?<!\bжж)(?<!\bказ)"
# A dash is no boundary: «педагогикалық өтілім — 1 жыл», «стаж — 5 лет» (a copula, normalised to «-»).
_CLAUSE_SPLIT = re.compile(rf"(?<!\d)[,;:](?!\d)|{_ABBREVIATION}\.\s*|[!?()\n]\s*|\s(?:а|но|однако|ал|бірақ|и|және)\s")


SUM = re.compile(_C(r"итого|в сумме|в общей сложности|всего получается|суммарно|барлығы|жиыны|жалпы алғанда|қосқанда"))
EXTRA = re.compile(_C(r"(?:ещё|еще|плюс|тағы|және де|дополнительно)\s*$"))
# «у меня», «есть», «сейчас», «менде», «қазір»: the figure after them is the person's.
OWN = re.compile(_C(r"(?:у меня|у нее|у него|есть|сейчас|теперь|менде|менің|қазір|бар|с моими|с её|с ее|с его)\s*(?:только|всего|уже|ғана)?\s*$"))


def _cue(pattern: str) -> re.Pattern[str]:
    return re.compile(_C(pattern))


# Words before the figure in its clause, or right after it, that say what it measures.
NEED = _cue(r"требу|нужн|надо\b|необходим|\bдолжн(?:о|а|ы|ен)\b|минимум|не менее|кемінде|керек|қажет|талап|положено|согласно"
            r"|пункт|тармақ|по правил|по закон|ереже|\bпо норм")
# Reported speech: figures of a sentence that says what someone said or wrote are the rule's, not the person's.
REPORTED = _cue(r"слышал|говорят|сказал|пишут|написано|указано|читал|естідім|естіп|айтады|айтты|жазылған|жазыпты")
# (not one that asks: «с моими 2 годами на эксперта тоже нет?» asks whether the answer is «no» again)
NEGATION_AFTER = _cue(r"^(?:\S+\s){0,3}(?:у меня\s)?(?:нет|не было|не набира|жоқ|емес|болмаған|толмаған"
                      # «госслужащим 5 лет я не был», «5 жыл мемлекеттік қызметте болмадым»: the verb denies the figure
                      r"|не (?:был|была|были|работал\w*|служил\w*|проработал\w*)|болмадым|істемедім|істеген жоқ)\b(?!\s*\?)")
# «без учёта декрета 2,5 года» is not a denial: «без» denies only «без стажа» (read elsewhere).
NEGATION_BEFORE = _cue(r"\b(?:нет|не|еще не|ещё не|әлі)\s+(?:\S+\s){0,2}$")
AHEAD_BEFORE = _cue(r"через\s*$|будет\b|исполнится|станет|наберу|наберется|в следующем|келесі")
AHEAD_AFTER = _cue(r"^\s*(?:\S+\s)?(?:кейін|спустя|толады|толмақ|будет|исполнится)")
ARRIVED = _cue(r"пришл|пришёл|пришел|устроил|пошл\w* работ|начал\w* работ|келдім|келген|орналас|жұмысқа тұр|жұмыс істей бастад")
AGO = _cue(r"^\s*(?:назад|тому назад|бұрын|бурын|бұрын)")
AGE_BEFORE = _cue(r"(?:^|\s)(?:мне|жасым|возраст\w*|исполнилось|ребенку|ребёнку|детям|детей|детьми|баланың|балаға|балалар|сыну|дочери|дочке"
                  r"|қызыма|ұлыма|младш\w*|старш\w*|внуку|внучке|кішісіне|үлкеніне|балама)"
                  r"\s*(?:уже\s|было\s|сейчас\s|от\s)?(?:\d+\s*-\s*)?$")
AGE_AFTER = _cue(r"^\s*(?:жаста|жастағы|жастамын|жаспын|от роду|летн|ребен|детей|дети|балалар|бала\b)")
STUDY = _cue(r"учусь|училась|учился|обучени|курс\b|курсе\b|оқыдым|оқимын|оқып|студент|институт\w* оқы|окончил|закончил|бітір|выпуск|диплом")
CONTRACT = _cue(r"договор|контракт|шарт\w*\b|срок\w* труд")
TOTAL = _cue(r"трудов|общ\w* стаж|общий|жалпы (?:еңбек )?өтіл|еңбек өтіл|всего стаж|барлық жұмыс")
PEDAGOGICAL = _cue(r"педстаж|педагогическ\w* стаж|стаж\w* педагог|педагогикалық (?:жұмыс )?өтіл|по специальности|мамандығ\w* бойынша"
                  # «общий 11 лет, педагогического — 2 года»: the experience's noun left out after the other figure
                  r"|педагогическ\w*\s*[—–:-]|педагогикалық\s*[—–:-]"
                  # «педагогический из них 4 года», «оның 3 жылы ғана педагогикалық.»: the adjective said of the figure
                  r"|педагогическ\w*\s+(?:из них|в том числе)|\d\D{0,25}(?:педагогическ\w*|педагогикалық)\s*(?:[.,;)]|$)"
                  r"|мамандық бойынша")
ROLE = _cue(r"учител|преподава|воспитател|тәрбиеші|мұғалім|оқытушы|педагог\w* болып|педагогом")
EXPERIENCE = _cue(r"стаж|өтіл|опыт|тәжірибе|\bработ\w*|тружусь|проработ|отработ|істеймін|істедім|істеп|должност|лауазым"
                  r"|жұмыс|болып|болдым|боламын|қызмет|в школе|в саду|в садике|в колледже|мектепте|балабақшада|колледжде")
# Fallback when no position reader is given: words of head and deputy positions.
LEADERSHIP = _cue(r"орынбасар|директор|басшы|меңгеруш|замдиректор|заместител|завуч|заведующ|замом")
CIVIL = _cue(r"госслужб|госслужащ|мемлекеттік қызмет|государственн\w* служб")
NESTED = _cue(r"соңғы|последн|из них|оның ішінде|в том числе|весь стаж|бүкіл")
TARGET = _cue(r"стать|стану|хочу|претенд|на должность|назнач|болу|бола\b|болғым|боламын ба|перейти|орнына|алады ма|возьмут|примут")
# A job named right after the figure («5 лет продавцом», «5 жыл сатушы болып»): a noun in the
# Russian instrumental case or a Kazakh noun before «болып/болдым».
# An adjective may stand before the noun («15 лет главным инженером», «3 года старшим продавцом»).
_ROLE_AFTER = _cue(r"^\s*(?:[а-я-]+(?:ым|им|ой|ей)\s+)?(?P<role>[а-яәіңғүұқөһ-]+(?:ом|ем|ой|ей|ью))\b"
                   r"|^\s*(?P<kkrole>[а-яәіңғүұқөһ-]+)\s+(?:болып|болдым)")


# Any job named in a clause: a Russian masculine noun in the instrumental («помощником», «воспитателем»; not a
# folded Kazakh conditional «істесем», nor a word after a preposition: «на крупном предприятии», «с учителем»)
# or a Kazakh noun before «болып/болдым» («көмекшісі болып»).
_ROLE_ANYWHERE = _cue(r"(?<!\bв )(?<!\bво )(?<!\bна )(?<!\bо )(?<!\bоб )(?<!\bпри )(?<!\bс )(?<!\bсо )"
                      r"(?<!\w)([а-я-]{4,}(?<!с)(?:ом|ем))(?!\w)|(?<!\w)([а-яәіңғүұқөһ-]{3,})\s+(?:болып|болдым)")


@dataclass(frozen=True)
class Figure:
    """One number of years, what it measures, and the words it came from."""

    value: float
    kind: FigureKind
    evidence: str
    start: int
    end: int
    bounds: tuple[float, float] | None = None  # «почти 5», «около 3», «3-4 года», «5 жылдан астам»: the range meant
    said: tuple[int, int] | None = None  # with bounds: the span with the words that make it approximate («почти 5 лет»)
    dated: bool = False  # counted from a start date («с сентября 2021 года»), not said as a number


# Approximate figures: the range a figure may mean. «почти 5» is under 5, «около 3» is either side of
# it, «более 5» / «5 жылдан астам» is over 5, «3-4 года» is between.
ALMOST = re.compile(_C(r"(?:почти|без малого|чуть меньше|жуық|таяу|толмаған)\s*$"))
ABOUT = re.compile(_C(r"(?:около|примерно|приблизительно|где-то|порядка|шамамен|шамасында)\s*$"))
OVER = re.compile(_C(r"(?:более|больше|свыше|чуть больше|с лишним)\s*$|^\s*(?:с лишним|с небольшим|астам|артық)"))
RANGE = re.compile(r"(\d{1,2})\s*-\s*$")


def read_figures(folded: str, is_position_word=None, is_leadership=None) -> list[Figure]:
    """Every «N жыл / N лет» of a normalised, folded message with its kind, in text order.

    ``is_position_word(word) -> bool`` tells a job the regulation covers («учителем») from one
    it does not («продавцом»); without it, every named job counts. ``is_leadership(clause) ->
    bool`` tells whether a clause names a head or deputy position (the regulation's titles say
    which: «музыкальный руководитель» is not one); without it, a word list decides.
    """
    figures = []
    bounds = _clause_bounds(folded)
    reported = _reported(folded, bounds)
    for m in _FIGURE.finditer(folded):
        value = _value(m)
        if value is None or value > MAX_YEARS:
            continue
        start, end = m.span()
        lo, hi = next(((a, b) for a, b in bounds if a <= start < b), (0, len(folded)))
        # (the clause's own mark too: a «нет?» asks)
        kind = _kind(folded[lo:start], folded[end:hi + 1], folded[lo:hi], is_position_word, is_leadership)
        if kind == "bare" and _THAT_IS.search(folded[lo:start]) and _about_study(folded, start):
            kind = "study"  # «дипломды 2021 жылы алғанмын, яғни 5 жыл болды»: the years since a diploma
        if kind == "bare" and OWN.search(folded[lo:start]):
            kind = "own"
        if m.group("unitless") and kind in EXPERIENCE_KINDS:
            kind = "own" if OWN.search(folded[lo:start]) else "bare"
        if kind in ("bare", "experience") and any(a <= start < b for a, b in reported):
            kind = "quoted"
        bounds_meant = _range(value, folded[lo:start], folded[end:hi])
        said = _qualified(folded, lo, start, end, hi) if bounds_meant else None
        figures.append(Figure(value, kind, folded[start:end].strip(), start, end, bounds_meant, said=said))
    figures = sorted(figures + _since_dates(folded, bounds, is_position_word, is_leadership), key=lambda f: f.start)
    return _parts_of_total(_corrections(_ahead_clauses(figures, bounds), folded), folded)


# «не 3 года, как пишут в справке, а все 6», «2 жыл емес, 4 жыл», «не 4, а 3», «5 лет у меня нет, есть
# только 2»: a denied figure and the one that replaces it, with at most a short remark between.
_CONTRAST = re.compile(_C(r"^[^.!?]{0,60}?(?:(?:,|\s)\s*(?:а|ал|а вот)\s+(?:\S+\s+)?$|емес\s*[,-]?\s*$"
                          r"|(?:есть|бар|у меня|менде)?\s*(?:только|всего|лишь|ғана|тек|тек қана)\s*$)"))
_CONTRAST_NUMBER = re.compile(_C(r"[^.!?\d]{0,60}?(?:,|\s)\s*(?:а|ал)\s+(?:все|уже|только|целых|всего)?\s*"
                                 r"(\d{1,2}(?:[.,]5)?)(?![\w%]|[.,]\d|\s*(?:тыс|мың|ребен|бала|дет|класс|сынып))"))
_OVERRULED = ("quoted", "bare", "own", "experience", "role", "pedagogical")


def _corrections(figures: list[Figure], text: str) -> list[Figure]:
    """The figure after a denied one that it replaces is the person's experience, even when the remark
    between reports what someone wrote («… кадр бөлімі қате жазыпты»)."""
    fixed = list(figures)
    for i, denied in enumerate(figures):
        if denied.kind != "denied":
            continue
        after = figures[i + 1] if i + 1 < len(figures) else None
        if after is not None and after.kind in _OVERRULED and _CONTRAST.search(text[denied.end:after.start]):
            fixed[i + 1] = replace(after, kind="corrected")
        elif (m := _CONTRAST_NUMBER.match(text, denied.end)) and (after is None or m.end(1) <= after.start):
            # «не 4 года, как я думала, а 3»: the unit is the denied figure's
            fixed.append(Figure(float(m.group(1).replace(",", ".")), "corrected", m.group(1), m.start(1), m.end(1)))
    return sorted(fixed, key=lambda f: f.start)


def _parts_of_total(figures: list[Figure], text: str) -> list[Figure]:
    """«Трудовой стаж 12 лет: 9 лет в магазине, последние 3 года учитель»: beside a total, a figure no word
    governs is one part of it, of a kind not said; it is never the experience (unless its clause speaks of
    teaching: «…, педагогический 2 года»)."""
    if not any(f.kind == "total" for f in figures):
        return figures
    return [replace(f, kind="part")
            if f.kind == "bare" and not _TEACHING.search(clause_of(text, f)) else f for f in figures]


_TEACHING = _cue(r"педагог|учител|преподава|воспитател|мұғалім|оқытушы|тәрбиеші")


def _range(value: float, before: str, after: str) -> tuple[float, float] | None:
    span = RANGE.search(before)
    if span:
        return float(span.group(1)), value
    if ALMOST.search(before) or re.match(_C(r"\s*(?:жуық|таяу)"), after):
        return value - 1, value - 0.01
    if ABOUT.search(before):
        return value - 0.5, value + 0.5
    if OVER.search(before) or OVER.search(after):
        return value + 0.01, value + 1
    return None


_AFTER_QUALIFIER = re.compile(_C(r"\s*(?:жуық|таяу|с лишним|с небольшим|астам|артық)\w*"))


def _qualified(folded: str, lo: int, start: int, end: int, hi: int) -> tuple[int, int]:
    """The span of an approximate figure with the words that make it so («почти 5 лет», «5 жылға жуық»)."""
    before = folded[lo:start]
    m = next((found for p in (ALMOST, ABOUT, OVER, RANGE) if (found := p.search(before))), None)
    after = _AFTER_QUALIFIER.match(folded, end, hi)
    return (lo + m.start() if m else start), (after.end() if after else end)


def _ahead_clauses(figures: list[Figure], bounds: list[tuple[int, int]]) -> list[Figure]:
    """«через 3 года будет 5 лет», «3 жылдан кейін 5 жыл болады»: a clause about the future
    speaks of the future in all its figures."""
    def clause(f: Figure) -> tuple[int, int]:
        return next(((a, b) for a, b in bounds if a <= f.start < b), (0, 0))

    ahead = {clause(f) for f in figures if f.kind == "ahead"}
    return [replace(f, kind="ahead") if clause(f) in ahead else f for f in figures]


def clause_of(text: str, figure: Figure) -> str:
    """The clause a figure stands in."""
    lo, hi = next(((a, b) for a, b in _clause_bounds(text) if a <= figure.start < b), (0, len(text)))
    return text[lo:hi]


def _reported(text: str, bounds: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Clauses that report what someone said or wrote: the one with the verb, and the one it
    introduces («слышала, что в одном месте 5 лет»; «написано, что …»)."""
    spans = []
    for i, (lo, hi) in enumerate(bounds):
        if REPORTED.search(text[lo:hi]):
            spans.append((lo, hi))
            if i + 1 < len(bounds) and _COMPLEMENT.match(text[bounds[i + 1][0]:bounds[i + 1][1]]):
                spans.append(bounds[i + 1])
    return spans


_COMPLEMENT = re.compile(_C(r"\s*(?:что|будто|якобы|деп|мол)\b"))


def _clause_bounds(text: str) -> list[tuple[int, int]]:
    bounds, last = [], 0
    for m in _CLAUSE_SPLIT.finditer(text):
        bounds.append((last, m.start()))
        last = m.end()
    bounds.append((last, len(text)))
    return bounds


_THAT_IS = _cue(r"(?:яғни|демек|то есть|т\.\s?е\.|значит|получается)")  # a figure restating the clause before it


def sentence_of(text: str, start: int, end: int | None = None) -> tuple[int, int]:
    """The bounds of the sentence around ``text[start:end]`` (up to the next «.», «?» or «!»)."""
    end = start if end is None else end
    before = max(text.rfind(mark, 0, start) for mark in ".?!") + 1
    after = [i for i in (text.find(mark, end) for mark in ".?!") if i != -1]
    return before, min(after) if after else len(text)


def _about_study(folded: str, at: int) -> bool:
    """Whether the sentence of a figure no word governs speaks of study and of no work."""
    start, end = sentence_of(folded, at)
    sentence = folded[start:end]
    return bool(STUDY.search(sentence)) and not EXPERIENCE.search(sentence)


def _since_dates(folded: str, bounds: list[tuple[int, int]], is_position_word, is_leadership) -> list[Figure]:
    """«с сентября 2021 года», «2018 жылдан бері»: the years since, read for what their clause says
    (a job, study, a contract …) like any other figure."""
    from .dates import read_dates

    found = []
    for span in read_dates(folded):
        lo, hi = next(((a, b) for a, b in bounds if a <= span.start < b), (0, len(folded)))
        kind = _kind(folded[lo:span.start], folded[span.end:hi + 1], folded[lo:hi], is_position_word, is_leadership)
        found.append(Figure(span.value, kind, folded[span.start:span.end].strip(), span.start, span.end, span.bounds,
                            dated=True))
    return found


def _kind(before: str, after: str, clause: str, is_position_word, is_leadership) -> FigureKind:
    """What a figure measures, from the words of its own clause (order matters: the
    exclusions first, because «стаж» in «через 3 года будет 5 лет стажа» governs a future)."""
    if AGO.search(after):  # «пришла в сад год назад» is the time since, «окончила 10 лет назад» is not
        return _experience_kind(clause, is_leadership) if ARRIVED.search(clause) else "ago"
    if AGE_AFTER.search(after) or AGE_BEFORE.search(before):
        return "age"
    if AHEAD_BEFORE.search(before) or AHEAD_AFTER.search(after):
        return "ahead"
    if NEED.search(clause):
        return "quoted"
    if NEGATION_AFTER.search(after.lstrip()) or NEGATION_BEFORE.search(before):
        return "denied"
    if CONTRACT.search(clause):
        return "contract"
    if SUM.search(before):
        return "sum"
    role = _role_after(after)
    other_job = bool(role and is_position_word is not None and not is_position_word(role) and not EXPERIENCE.search(role))
    roles = [m.group(1) or m.group(2) for m in _ROLE_ANYWHERE.finditer(clause)]
    # («тренером-преподавателем»: a compound with a post's word in it is not outside)
    outside = [is_position_word is not None and not any(is_position_word(part) for part in r.split("-"))
               and not EXPERIENCE.search(r) for r in roles]
    if EXTRA.search(before):  # «ещё 2 года воспитателем» adds experience; «ещё 3 года было помощником воспитателя» none
        return "other_job" if any(outside) else "extra"
    if STUDY.search(clause) and not EXPERIENCE.search(clause):
        return "study"
    # «7 лет работала бухгалтером в школе»: every job its clause names is outside the regulation
    if other_job or (outside and all(outside)):
        return "other_job"
    return _experience_kind(clause, is_leadership)


def _experience_kind(clause: str, is_leadership) -> FigureKind:
    if CIVIL.search(clause):
        return "civil_service"
    if PEDAGOGICAL.search(clause):  # «оның ішінде мамандығым бойынша 1 жыл», «орынбасар орнына 3 жыл педстажбен»
        return "pedagogical"
    leads = is_leadership(clause) if is_leadership is not None else bool(LEADERSHIP.search(clause))
    if leads and not TARGET.search(clause):
        return "leadership"
    if NESTED.search(clause):
        return "nested"
    if TOTAL.search(clause):
        return "total"
    if ROLE.search(clause) and not re.search(_C(r"стаж|өтіл"), clause):
        return "role"
    if EXPERIENCE.search(clause):
        return "experience"
    return "bare"


def _role_after(after: str) -> str | None:
    m = _ROLE_AFTER.search(after)
    if not m:
        return None
    return m.group("role") or m.group("kkrole")


def _value(m: re.Match[str]) -> float | None:
    if m.group("oneandhalf"):
        return 1.5
    if m.group("halfyear"):
        return 0.5
    if m.group("oneyear"):
        return 1.0
    if m.group("unitless"):  # «У меня 3», «қазір 3» after years were talked about: read as years, weakest
        return float(m.group("unitless").replace(",", "."))
    if m.group("unit") == "г." and not re.fullmatch(r"\d{1,2}(?:[.,]\d{1,2})?", m.group("num") or ""):
        return None
    raw = m.group("num")
    number = _WORDS.get(raw)
    if number is None:
        try:
            number = float(raw.replace(",", "."))
        except ValueError:
            return None
    months = int(m.group("months")) / 12 if m.group("months") and int(m.group("months")) < 12 else 0.0
    return round(float(number) + _HALVES.get(m.group("half") or "", 0.0) + months, 2)


@dataclass(frozen=True)
class Experience:
    """The person's experience as the figures say it: a value, or the candidates when two
    figures of the same strength disagree (then it is asked, never picked)."""

    value: float | None
    figure: Figure | None = None
    candidates: tuple[float, ...] = ()


DATE_SLACK = 0.25  # years: a start date remembered a season off still agrees with the years said


def _agree(counted: Figure, said: float) -> bool:
    low, high = counted.bounds or (counted.value, counted.value)
    return low - DATE_SLACK <= said <= high + DATE_SLACK


def main_experience(figures: list[Figure], talks_of_experience: bool) -> Experience:
    """The strongest experience figures: one value, or the values to ask between."""
    told = [f for f in figures if f.kind in EXPERIENCE_KINDS]
    counted = [f for f in told if f.dated]
    said = {f.value for f in told if not f.dated}
    if counted and said and not any(_agree(c, v) for c in counted for v in said):
        # «с 2022-го, 2 полных года»: the years said and the years counted from the date disagree (the date
        # may be remembered wrong, or the message written on another day): which is meant is asked
        return Experience(None, None, tuple(sorted(said | {c.value for c in counted})))
    if counted and said:  # «ровно 3 года (с 1 сентября 2021)»: the date agrees, the years said are the figure
        figures = [f for f in figures if not f.dated]
    quoting = any(f.kind == "quoted" for f in figures)
    for kind in EXPERIENCE_KINDS:
        if kind in ("own", "bare") and not talks_of_experience:
            break
        if kind == "bare" and quoting:  # «в одном месте 5 лет, а в другом 3 года»: whose figure is unclear
            break
        found = [f for f in figures if f.kind == kind]
        values = tuple(dict.fromkeys(f.value for f in found))
        if len(values) == 1:
            return Experience(values[0], found[0])
        if len(values) > 1:
            return Experience(None, None, values)
    nested = [f for f in figures if f.kind == "nested"]
    if nested and not any(f.kind in ("total", "leadership") for f in figures) and len({f.value for f in nested}) == 1:
        # «последние 2 года работаю в организациях образования»: the experience stated is at least those years
        return Experience(nested[0].value, nested[0])
    total = [f for f in figures if f.kind == "total"]
    # «6 лет трудового стажа» alone: all work counted as experience, as people mean it.
    if total and not any(f.kind in ("other_job", "nested", "part") for f in figures) and len({f.value for f in total}) == 1:
        return Experience(total[0].value, total[0])
    return Experience(None)
