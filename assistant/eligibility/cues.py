"""Word cues of eligibility questions, in Kazakh and Russian.

Questions are matched after :func:`~assistant.language.textnorm.normalise` and
:func:`~assistant.language.textnorm.fold_kazakh` (Kazakh letters typed as Russian ones
meet the real words), so every pattern here is written in Kazakh and folded
when compiled.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..language.textnorm import fold_kazakh
from .rules import Education, Locality, OrgLevel


def cue(pattern: str) -> re.Pattern[str]:
    return re.compile(fold_kazakh(pattern))


def find(cues, text: str):
    """The value of the first matching cue: ``cues`` is a pattern or a list of (value, pattern)."""
    if isinstance(cues, re.Pattern):
        return True if cues.search(text) else None
    return next((value for value, pattern in cues if pattern.search(text)), None)


# Postgraduate before higher before TVET: «высшее», then a college named as a workplace is not
# an education; «колледж» counts only when the person says they finished one.
EDUCATION_CUES = [
    (Education.POSTGRADUATE, cue(r"магистратур|магистр|докторантур|жоғары оқу орнынан кейінгі|послевузовск|\bphd\b")),
    (Education.HIGHER, cue(r"жоғары (?:\w+ ){0,2}білім|білімі жоғары|жоғары\)|\(жоғары|высш(?:ее|им|его|ем)\b(?! категор)|\bвышк[аиуой]\b"
                           r"|\bвуз|педвуз|консерватори|университет|бакалавр")),
    (Education.TVET, cue(r"колледж(?:ді)? бітір|бітірген колледж|оконч\w* (?:\w+ )?колледж|колледж (?:по профилю|музыкальн)"
                         r"|музыкальн\w* колледж|педколледж|педагогическ\w* колледж|педагогикалық колледж|колледж \("
                         r"|образование\W{1,3}колледж|среднее специальн|средне-специальн|образование типо|у меня типо|типо образован|\bтжкб\b|ттжкб|училищ"
                         r"|техникалық және кәсіптік (?:\w+ )?білім"
                         # a college as what the person studied, not where they work: a study verb or a diploma
                         # governs it, the person has it, or a specialty follows it
                         r"|колледж\w*(?: [^\s,.;!?]+){0,4} (?:оқыдым|оқығанмын|оқып|оқыған|диплом\w*|бітір\w*)"
                         r"|(?:диплом\w*|выпускни\w*|окончил\w*|закончил\w*|училс\w*|училась|учился) (?:\S+ ){0,2}колледж"
                         r"|(?:у меня|у нее|у неё|у него|у кандидат\w*|менде) (?:\S+ )?колледж|колледж\w*\s*\(?[«\"]"
                         r"|колледж\w* (?:по специальности|мамандығ)")),
]
LOCALITY_CUES = [
    (Locality.RURAL, cue(r"ауыл|\bсел(?:о|е|а|у|ом)\b|сельск")),
    (Locality.URBAN, cue(r"\bқала(?:да|дағы|лық\w*|сында)\b|\bгород(?:е|а|ской|ском|ского|ские)?\b")),
]
ORG_LEVEL_CUES = [
    (OrgLevel.REGIONAL, cue(r"облыстық|облыс деңгей|областн|республикалық маңызы бар қала|республиканского значения")),
    (OrgLevel.DISTRICT, cue(r"аудандық|аудан деңгей|районн|\bаудан\w*")),
]
VARIANT_CUES = {
    "special_school": cue(r"(?:арнайы|арнаулы) мектеп(?!\w* емес)|специальн\w+ школ|школ\w*-интернат"),
    "small_school": cue(r"шағын жинақты|малокомплектн"),
    "military_boarding": cue(r"әскери мектеп|кадет|военн\w+ школ"),
    "specialised": cue(r"мамандандырылған|специализированн"),
    "special_preschool": cue(r"арнайы (?:мектепке дейінгі|балабақша)|специальн\w+ (?:детск|дошкольн)"),
    "autism_centre": cue(r"аутизм|autism"),
}

NO_EXPERIENCE = cue(r"(?:өтіл|стаж)\w* (?:\w+ ){0,2}(?:жоқ|нет)|(?:нет|без) (?:\w+ )?стаж|жаңа ғана бітір|только что (?:закончил|окончил)")
NO_OTHER_EXPERIENCE = cue(r"басқа өтіл\w* жоқ|другого стажа нет|другого стажа у меня нет")
NESTED_WHOLE = cue(r"бүкіл өтіл|барлық өтіл|весь стаж|все последние годы|без перерыв|үздіксіз|үзіліссіз|непрерывн"
                   r"|перерыв\w* (?:\w+ ){0,3}не было|все \d+ (?:года|лет)|бәрі осы")
LEADERSHIP_NONE = cue(r"басшы[\w ,]{0,40}?(?:істемеген|болмаған)|руковод\w*[\w ,]{0,40}?не работал")
CIVIL_NONE = cue(r"мемлекеттік қызмет\w*[\w ,]{0,40}?істемеген|госслужб\w*[\w ,]{0,40}?не (?:работал|был)"
                 r"|госслужащ\w*[\w ,]{0,40}?не работал")
ENTERPRISE_NONE = cue(r"кәсіпорын\w* (?:\w+ )?(?:істемеген|болмаған)|на предприяти\w+ не работал")
TARGET_CUES = cue(r"бола (?:ала|ма|ме)|болғым|болуға|болу\b|орналас|кірейін|стать|могу ли|хочу|возьмут|назнач"
                  r"|на должность|устроиться|подхожу|можно")
RETRAINING_CUES = cue(r"қайта даярла|переподготовк")

_SEGMENT_SPLIT = re.compile(r"(?<!\d),|,(?!\d)|[;:()—]|\.\s|\bиз них\b|\bоның\b")
_CATEGORY_WORD = cue(r"санат|категори|біліктілі|квалификаци")
# Denial in both languages: particles, and Kazakh verbs in the negative («болмағанмын», «істемедім»,
# «көрмегенмін»: the stem, then «-ма/-ме/-ба/-бе/-па/-пе» before a tense or person ending).
_NEGATION = cue(r"\bжоқ\w*|\bнет\b|\bбез\b|емес\w*|\bни\b|никогда|\bне\s+(?:имею|проход|работ|был|явля|занимал|состоял|имела|имел)"
                r"|\b(?:бол|істе|жұмыс істе|көр|өт|ал|иелен|атқар|жаса|қызмет ет)(?:ма|ме|ба|бе|па|пе)"
                r"(?:ған|ген|ды|ді|й|с|дым|дім)\w*")
_POSSESSION = cue(r"\bбар\b|\bесть\b|у меня|имею|присвоен|берілген")
CATEGORY_CUES = {
    "first": cue(r"бірінші (?:біліктілік )?санат|перв\w+ (?:квалификационн\w+ )?категори"),
    "highest": cue(r"жоғары (?:біліктілік )?санат|высш\w+ (?:квалификационн\w+ )?категори"),
    "second": cue(r"екінші (?:біліктілік )?санат|втор\w+ (?:квалификационн\w+ )?категори"),
    "expert": cue(r"педагог-сарапшы|педагог-эксперт"),
    "researcher": cue(r"педагог-зерттеуші|педагог-исследовател"),
    "master": cue(r"педагог-шебер|педагог-мастер"),
    "moderator": cue(r"педагог-модератор"),
}


def segments(text: str) -> list[str]:
    return [s.strip() for s in _SEGMENT_SPLIT.split(text) if s.strip()]


_LIST_TAIL = cue(r"\b(?:да|де|та|те)$")
_LIST_HEAD = cue(r"^(?:или|и|немесе|және)\b")
_LIST_OR = cue(r"\b(?:или|немесе)\b")


def negated_segments(text: str) -> list[tuple[str, bool]]:
    """Segments with whether they are denied; a list item («жоғары білімім де, … да жоқ»,
    «эксперта, исследователя или мастера нет») takes the denial of the item after it."""
    parts = segments(text)
    flags = [bool(_NEGATION.search(p)) for p in parts]
    for i in range(len(parts) - 2, -1, -1):
        listed = _LIST_OR.search(parts[i + 1]) and not _has_predicate(parts[i])
        joined = _LIST_TAIL.search(parts[i]) or _LIST_HEAD.search(parts[i + 1]) or listed
        flags[i] = flags[i] or bool(flags[i + 1] and joined)
    return list(zip(parts, flags))


def _has_predicate(segment: str) -> bool:
    """Whether a segment says something of its own (a number, a verb-like ending), not just a name."""
    return bool(re.search(r"\d|\?|м[ыи]н\b|мын\b|бар\b|есть\b|\w+(?:ал|ил|ыл)[аи]?\b|\bу меня\b", segment))


def affirmed(pattern: re.Pattern[str] | Callable[[str], bool], text: str) -> bool | None:
    """True when a segment says it, False when segments say it only negated («… жоқ», «… нет»), else None.
    ``pattern``: a cue, or a test of a segment (a term of the glossary)."""
    says = pattern.search if isinstance(pattern, re.Pattern) else pattern
    hits = [negated for segment, negated in negated_segments(text) if says(segment)]
    if not hits:
        return None
    return not all(hits)


def education_of(text: str) -> Education | None:
    """The highest education a question affirms (a negated «жоғары білімім жоқ» does not count)."""
    return next((level for level, pattern in EDUCATION_CUES if affirmed(pattern, text)), None)


def without_negated(text: str) -> str:
    """The segments of a text that deny nothing: «квалификации эксперта нет» names no level sought."""
    return " . ".join(s for s, negated in negated_segments(text) if not negated)


def says_no_category(text: str) -> bool:
    return any(negated and _CATEGORY_WORD.search(s) for s, negated in negated_segments(text))


def held_categories(text: str) -> list[str]:
    """Categories the person says they hold («у меня первая категория»), never the level they ask for."""
    held = []
    for segment, negated in negated_segments(text):
        if _POSSESSION.search(segment) and not negated:
            held += [c for c, pattern in CATEGORY_CUES.items() if pattern.search(segment)]
    return held
