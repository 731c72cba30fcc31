"""Facts about the person, read from the segments of a message: categories held, facts stated as
absent, the place.

* **Categories held** are matched by the words of their names in the rules' vocabulary
  (``corpus/rules/vocabulary.yaml``: «екінші біліктілік санатты басшының орынбасары», «педагог-
  сарапшы», …), in any order within a segment, the most specific name winning («deputy head of
  the second category» is not also «the second category»). A segment that says the person has
  it («бар», «есть», «у меня», «санатым», «уже») holds it; one that asks for it does not.
* **Absent facts**: a denied segment («…жоқ», «не работал», «болмағанмын», «ни … ни …») sets the
  fact its topic words name to zero or none — civil service, leadership, enterprises, categories.
* **Place**: a city or village word, or a city's name (``places.yaml``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import yaml

from ..eligibility.cues import negated_segments
from .textnorm import fold_kazakh, stem_of

_C = fold_kazakh
LEVELS = {"moderator", "expert", "researcher", "master"}
# Words every category name shares: they choose nothing between categories.
_GENERIC = {_C(w) for w in ("біліктілік", "квалификационная", "квалификационной", "педагог")}
POSSESSION = re.compile(_C(r"\bбар\b|\bесть\b|у меня|у нее|у неё|у него|имею|имеет|присвоен|берілген|имеется|являюсь"
                           r"|\bуже\b|\bқазір\b|санатым|біліктілігім|категорией|категория у|\bменде\b|\bмой\b|\bмоя\b"))
# A condition supposes the person holds it, even in a question: «педагог-сарапшы болсам ше?», «а если я эксперт?»
SUPPOSED = re.compile(_C(r"болсам|болсақ|\bесли я\b|если у меня|если бы у меня"))
ASKING = re.compile(_C(r"стать|получить|претенд|на\s+(?:\w+\s+)?(?:педагог|категори|уровень)|бола\b|болу|болғым|алу\b|алуға"
                       r"|ала ма|аламын|беріле|присво(?:ят|ить)|перейти|хочу|можно\b|могу\b|жете ме|жетеді ме|\?"))
# «Категория — педагог-модератор», «санатым: бірінші»: the category word and its value are one
# statement, and it says what the person has (read as «категория бар …»).
_CATEGORY_COLON = re.compile(_C(r"(категори\w*|санат\w*|біліктілігім|квалификаци\w*)\s*(?:[—:–-]\s*|(?=[«\"]))"
                                 # «…, категория педагог-эксперт, …»: the noun in the nominative names the one held
                                 r"|(категория|санатым|біліктілік санатым)\s+(?=педагог|модератор|эксперт|исследоват"
                                 r"|мастер|сарапшы|зерттеуші|шебер)"))
TOPICS = {
    "civil_service_years": re.compile(_C(r"госслужб|госслужащ|государственн\w* служб|мемлекеттік қызмет")),
    "enterprise_years": re.compile(_C(r"кәсіпорын|предприят|өндіріс|производств")),
    "leadership_years": re.compile(_C(r"басшы|орынбасар|руковод|директор|заведующ|меңгеруш|\bзам\w*|завуч")),
    "categories_held": re.compile(_C(r"санат|категори|біліктіліг|квалификац|эксперт|исследоват|мастер|модератор|сарапшы"
                                     r"|зерттеуші|шебер")),
}


@lru_cache(maxsize=1)
def _category_stems() -> list[tuple[str, frozenset[str]]]:
    """Each category with the stems of its names' distinctive words, most specific first."""
    from ..eligibility.rules import load_rules

    vocabulary = load_rules().vocabulary
    entries = []
    for cid, names in vocabulary.categories.items():
        for name in (names.kk, names.ru):
            kazakh = name == names.kk
            words = [w for w in re.findall(r"[^\W\d_]+", _C(name.casefold())) if w not in _GENERIC]
            if words:
                entries.append((cid, frozenset(stem_of(w, kazakh)[:5] for w in words)))
    return sorted(entries, key=lambda e: -len(e[1]))


def categories_in(segment: str) -> list[str]:
    """The categories a folded segment names (a name's words in any order; specific names first)."""
    words = re.findall(r"[^\W\d_]+", segment)
    found, used = [], set()
    for cid, stems in _category_stems():
        hits = {s for s in stems if any(w.startswith(s) for w in words)}
        if hits == stems and not stems <= used and cid not in found:
            found.append(cid)
            used |= stems
    return found


def _marked(folded: str) -> str:
    """The text with «бар» after each category word that states the category held («санатым — модератор»)."""
    return _CATEGORY_COLON.sub(lambda m: f"{m.group(1) or m.group(2)} бар ", folded)


# The Kazakh first-person copula on a category's name says the person holds it («педагог-сарапшымын» = I am an expert).
_COPULA = re.compile(r"(?:мын|мін|пын|пін|бын|бін)$")


def _claims(segment: str) -> bool:
    """Whether the segment says the person has a category: a word of possession, or a category's name
    said of oneself with the Kazakh copula («…, бірақ педагог-сарапшымын»)."""
    if POSSESSION.search(segment):
        return True
    words = re.findall(r"[^\W\d_]+", segment)
    return any(_COPULA.search(w) and categories_in(_COPULA.sub("", w)) for w in words)


def held_categories(folded: str) -> list[str] | None:
    """Categories the person holds; ``[]`` when they say they hold none; None when not said."""
    held: list[str] = []
    denied = False
    for segment, negated in negated_segments(_marked(folded)):
        named = categories_in(segment)
        if negated and TOPICS["categories_held"].search(segment):
            denied = True
        elif named and (not ASKING.search(segment) or SUPPOSED.search(segment)):
            # a level named without «есть/у меня» is the level sought; a category that is no level
            # («первая категория» in a list of facts) can only be one the person holds
            possessed = bool(_claims(segment) or SUPPOSED.search(segment))
            held += [c for c in named if c != "pedagog" and (possessed or c not in LEVELS)]
    return list(dict.fromkeys(held)) if held else ([] if denied else None)


def absent_facts(folded: str) -> set[str]:
    """Facts the message denies («на госслужбе не был», «басшы болмағанмын», «кәсіпорында істемедім»)."""
    absent = set()
    for segment, negated in negated_segments(folded):
        if negated:
            absent |= {fact for fact, topic in TOPICS.items() if fact != "categories_held" and topic.search(segment)}
    return absent


@lru_cache(maxsize=1)
def _places() -> tuple[re.Pattern[str], re.Pattern[str]]:
    data = yaml.safe_load(resources.files(__package__).joinpath("places.yaml").read_text(encoding="utf-8"))

    def pattern(words: list[str], tail: str = r"\w*") -> str:
        alternatives = sorted({re.escape(_C(w.casefold())) for w in words}, key=len, reverse=True)
        return r"(?<!\w)(?:" + "|".join(alternatives) + ")" + tail

    cities = [_city_stem(c) for c in data["cities"]]  # «Караганде», «Астанада», «Алматинской»
    # a city's name takes a noun's endings, never a verb's: «оралсам» (if I return) is not Орал
    urban = f"{pattern(data['urban'])}|{pattern(cities, _NOUN_TAIL)}"
    return re.compile(pattern(data["rural"])), re.compile(urban)


# After a city's name: any ending but a Kazakh verb's (conditional, converb, past, participle, infinitive).
_NOUN_TAIL = r"(?!(?:са|се|ып|іп|ған|ген|дым|дім|дық|дік|у)(?!\w{3}))\w*"


def _city_stem(name: str) -> str:
    return name[:-1] if len(name) > 4 and name[-1].casefold() in "аеиоыіә" else name


def place_in(folded: str) -> tuple[str, re.Match[str]] | None:
    """(«rural» or «urban», the words) for the first place a message names; rural wins a tie
    («в городе живу, садик в селе» is about the organisation in the village)."""
    rural, urban = _places()
    lived = None
    quoted = [m.span() for m in _QUOTED.finditer(folded)]
    for value, pattern in (("rural", rural), ("urban", urban)):
        for m in pattern.finditer(folded):
            if _is_how(m.group(0)) or _DENIED_PLACE.match(folded, m.end()) or _NOT_BEFORE.search(folded[:m.start()]):
                continue  # «ауылда емес, қалада», «не в селе, а в городе»: the place denied is not the place
            if any(a <= m.start() < b for a, b in quoted):
                continue  # «пишут «в городе 3 года, в селе 1 год»»: words quoted are not the person's place
            start, end = _clause(folded, m.start(), m.end())
            if not _RESIDENCE.search(folded[start:end]):
                return value, m
            if lived is None and _OWN_RESIDENCE.search(folded[start:end]):
                lived = (value, m)
    # «ауылда тұрамын, … меңгеруші болғым келеді»: where the person lives, when no workplace is placed
    # (never where others live: «ауылда тек ата-анам тұрады»)
    return lived


# Where someone lives is not where the organisation is («садик в селе, это я в городе живу», «ауылда
# тек ата-анам тұрады»): a verb of living in the place's own clause.
_RESIDENCE = re.compile(_C(r"живу|живут|живёт|живет|проживаю|проживают|тұрамын|тұрамыз|тұрады|прописк"))
_QUOTED = re.compile(r"«[^»]{0,200}»|\"[^\"]{0,200}\"")
_OWN_RESIDENCE = re.compile(_C(r"живу|живём|живем|проживаю|тұрамын|тұрамыз"))
_DENIED_PLACE = re.compile(_C(r"\w*\s+(?:емес|жоқ)\b"))
_NOT_BEFORE = re.compile(_C(r"(?:^|\s)не\s+(?:в|во|на)?\s*$"))
_CLAUSE_END = re.compile(r"[,.;!?]")


def _clause(folded: str, start: int, end: int) -> tuple[int, int]:
    """The clause around a place word: from the punctuation before it to the punctuation after it."""
    before = max((m.end() for m in _CLAUSE_END.finditer(folded, 0, start)), default=0)
    after = _CLAUSE_END.search(folded, end)
    return before, after.start() if after else len(folded)


def _is_how(word: str) -> bool:
    """«қалай» (how) and «қалаймын» (I want) share their letters with «қала» (city)."""
    return word.startswith(("калай", "калас")) and not word.startswith("каласы")


def sought_text(folded: str) -> str:
    """The segments that may name the level asked for: not denied («эксперта нет»), not held
    («я уже педагог-эксперт», «санатым — модератор») unless they also ask («хочу на мастера»)."""
    kept = [segment for segment, negated in negated_segments(_marked(folded))
            if not negated and not SUPPOSED.search(segment) and (ASKING.search(segment) or not _claims(segment))]
    return " . ".join(kept)
