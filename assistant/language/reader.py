"""Reading a message into a :class:`~assistant.language.frame.Frame`, once.

The order is the order in which one fact constrains another: the script first (Latin
Kazakh becomes Cyrillic), then the language; the person's education before the positions,
because words that state an education («колледж», «окончила университет») do not name the
organisation a position belongs to; the positions split into the *target* (what the person
asks about or wants: «хочу стать», «бола аламын ба») and the *context* (what they hold or
held: «работаю», «болдым», «я воспитатель»); the figures with their kinds last.
"""

from __future__ import annotations

import re
from functools import lru_cache, partial
from typing import TYPE_CHECKING

from ..answering import routing
from ..eligibility.cues import (
    EDUCATION_CUES, NESTED_WHOLE, NO_EXPERIENCE, NO_OTHER_EXPERIENCE, ORG_LEVEL_CUES, RETRAINING_CUES,
    VARIANT_CUES, affirmed, negated_segments, segments,
)
from ..eligibility.rules import Locality
from .textnorm import Lang, detect_lang, fold_kazakh, normalise
from .facts import absent_facts, held_categories, place_in, sought_text
from .figures import main_experience, read_figures, sentence_of
from .frame import Candidate, Evidence, FigureRead, Frame
from .glossary import names_term
from .script import read_script

if TYPE_CHECKING:
    from ..regulation.document import Document
    from ..search.duties import DutyIndex

# A bare institution in a list of personal facts is the education received: «…, колледж, стаж 2 года».
# «колледж по направлению «Педагогика»», «вуз по специальности …»: a diploma named with its field
_FIELD = r"|\s+по\s+(?:специальност|направлени|профил)"
_BARE_EDUCATION = [
    ("tvet", re.compile(fold_kazakh(r"(?:^|[,;.:]\s*|\bу меня\s|\bменде\s)(колледж|училище|техникум|типо|тжкб)\s*(?=[,;.:]|$" + _FIELD + ")"))),
    ("higher", re.compile(fold_kazakh(r"(?:^|[,;.:]\s*|\bу меня\s|\bменде\s)(вуз|университет|высшее|жоғары)\s*(?=[,;.:]|$" + _FIELD + ")"))),
    ("postgraduate", re.compile(fold_kazakh(r"(?:^|[,;.:]\s*|\bу меня\s|\bменде\s)(магистратура|магистр)\s*(?=[,;.:]|$)"))),
]
TARGET = re.compile(fold_kazakh(
    r"стать|стану|хочу|хотела|хотел|хотим|пойду|устроюсь|барсам|барсақ|претенд|на должность|назнач|перейти|перейд|перевест|устроит|возьмут|примут|могу ли|можно ли"
    r"|подхожу|бола ала|бола ма|болуға|болу\b|болғым|боламын ба|болам ба|орналас|кірей|ауыс|қызметіне|лауазымына"
    r"|\bбыть\b|могу\b|смогу|возглав|ищем|принять на|взять на|предлагают|гожусь|подойду|жарамын|сай келем"
    r"|іздеп|іздейміз|нужен|нужна|требуется"))
SELF = re.compile(fold_kazakh(
    r"(?:^|\s)(?:я|мен|работаю|работала|работал|тружусь|проработал\w*|была|был|істеймін|істедім|істеп|жұмыс істе"
    r"|болдым|болып|стаж\w*|өтіл\w*|сейчас|қазір|являюсь|ретінде|в качестве|\d+\s*(?:жыл\w*|лет|год\w*))(?:\s|$)"
    r"|\w(?:мын|мін|пын|пін|бын|бін)\b"))  # Kazakh «I am …»: «әдіскермін», «мұғаліммін»
# Who the person is: «я воспитатель», «работаю учителем», «әдіскермін», «мен мұғаліммін».
IDENTITY = re.compile(fold_kazakh(r"(?:^|\s)(?:я|мен|работаю|являюсь|істеймін|сейчас|қазір)\s+(?:\S+\s+){0,2}<name>"
                                  r"|<name>\w*(?:мын|мін|пын|пін|бын|бін)\b"
                                  r"|<name>\w*\s+(?:\S+\s+)?(?:болып\s+)?(?:істеймін|работаю|тружусь)"))
# A new person in an HR officer's chat («второй кандидат:», «третий:», «екінші үміткер», «Үшіншісі:»):
# the facts said about the one before do not carry over.
NEW_PERSON = re.compile(fold_kazakh(
    r"(?:^|\s)(?:втор|трет|четв|пят|следующ|друг|бірінші|екінші|үшінші|төртінші|келесі)\w*\s*(?:кандидат\w*|үміткер\w*|претендент\w*)"
    r"|^(?:втор|трет|четв|пят)\w*\s*[:—-]|^(?:екіншісі|үшіншісі|төртіншісі|бесіншісі)\b"
    r"|\b(?:біріншісі|екіншісі|үшіншісі)\w*"  # «ал біріншісін … ұсынсақ ше?»: back to a candidate named before
    r"|(?:первую|первого|первой|бірінші)\s+(?:кандидат\w*|үміткер\w*)"))
I_AM = re.compile(r"\w(?:мын|мин|пын|пин|бын|бин)$")  # folded «-мын/-мін»: «логопедпін», «әдіскермін»
CORRECTION = re.compile(fold_kazakh(r"^(?:нет|жоқ|не так|неправильно|вернее|точнее|ой|извините|кешіріңіз|қате)\b"))
FOLLOW_UP = re.compile(fold_kazakh(r"^(?:а|ал|и|ещё|еще|тогда|ну а|ну|а если|а вот|а для|а на|а в|ал енді)\b|\bше\s*\??$|\bше\b"))
PRONOUN = re.compile(fold_kazakh(r"\b(?:ему|его|ей|её|ее|нему|него|оған|оның|ол|соған|сол|этой должност\w*|этому|этот)\b"))
DEPUTY = re.compile(fold_kazakh(r"заместител|орынбасар|замдиректор|\bзам\b|\bзаму\b|\bзама\b"))
# What a post or level must be able to do: its competence clause's content, never a verdict.
ABILITY = re.compile(fold_kazakh(r"умет|умени|навык|компетен|құзырет|істей ал|істей біл"))
COMPETENCE_WORDS = re.compile(fold_kazakh(r"құзырет|компетен|категори|санат|уровн|деңгей|аттестац|умет|должен уметь|істей білу|істей алу"))
FOLLOW_UP_MAX_WORDS = 7
# A short first sentence that only acknowledges the last answer («ладно.», «понятно,», «ок.», «жарайды,», «понятно(»).
ACKNOWLEDGED = re.compile(r"^\s*(?:\S+?\s*){1,2}?[.,!()]+\s+(?=\S)")
# A question about what a position does («проводит ли», «должен ли», «входит ли в обязанности», «міндетті ме»).
DOES = re.compile(fold_kazakh(r"\w+ ли\b|должен|должна|обязан|входит|міндетті|міндеті|\w+(?:а|е|й)\s+ма\b|\w+\s+(?:ма|ме|ба|бе|па|пе)\?"))
# A yes/no question: Russian «ли», a Kazakh question particle, or a «?» after no question word
# («Проводит ли психолог тестирование?», «Тәрбиеші … айналыса ма?», «Завуч проверяет планы?»).
QUESTION_WORD = re.compile(fold_kazakh(
    r"(?<!\w)(?:кто|что|чем|чего|кого|кому|как|какой|какая|какое|какие|каких|каким|каков\w*|сколько|где|когда|зачем"
    r"|почему|куда|откуда|чей|чья|чьи|қанша|неше|қандай|қалай|қайда|қашан|кім\w*|не|неге|нені|неден|немен|ненің)(?!\w)"))
# «должен ли … знать», «обязан ли … знать», «нужно ли … знать»: a modal governing the verb «знать».
MUST_KNOW = re.compile(fold_kazakh(r"(?:должен|должна|должны|обязан\w*|нужно|надо|необходимо|следует)\s+(?:ли\s+)?"
                                   r"(?:\S+\s+){0,4}?знать\b"))
DUTIES_NAMED = re.compile(fold_kazakh(r"обязанност|функци|міндеттер|міндеті"))
# «может ли / можно ли / бола ала ма»: whether something is allowed or possible, not what a post does.
MODAL = re.compile(fold_kazakh(r"может|можно|могу|могут|вправе|работать|бола ал|бола ма|болады ма|істей ала|рұқсат"))
# «а его замом?», «ал … орынбасарына ше?»: «and what about …» — the question before asked again for another post.
WHAT_ABOUT = re.compile(fold_kazakh(r"^\W*(?:а|ал|и|ну а|ал енді)\s|(?<!\w)ше(?!\w)"))
POLAR = re.compile(fold_kazakh(r"(?<!\w)(?:ли|ма|ме|ба|бе|па|пе)(?!\w)|\?\s*$"))
# A question about the rule's figure, not about the person («какой стаж нужен …», «қанша өтіл керек»).
HOW_MUCH = re.compile(fold_kazakh(r"сколько|какой стаж|какой нужен|какой требуется|қанша|неше|через сколько"))
# «с модератора на эксперта», «модератордан сарапшыға»: from the level held to the one sought (the higher).
TRANSITION = re.compile(fold_kazakh(r"\bс\s+(?:педагог\w*[- ])?\w+\s+на\s|\w+(?:дан|ден|тан|тен)\s+(?:педагог[- ])?\w+(?:ға|ге|қа|ке)\b"))
# The regulation itself as the subject («эти характеристики», «осы сипаттамалар», «приказ 338»).
# Its topics are those of chapter 1: to whom it applies and on what law (c1), what it is for (c2), staff
# titles (c3), the accountants and engineers it leaves to other characteristics (c4), who assigns
# categories (c5), who wrote it (c6).
# How a post is called («назвать должность», «лауазымды … деп атау»): with the staff list, the rule on titles.
NAMING = re.compile(fold_kazakh(r"назва|наименова|называ|атау|атал|деп ат"))
ORDER_NAMED = re.compile(fold_kazakh(r"приказ|бұйрық"))
ABOUT_REGULATION = re.compile(fold_kazakh(
    r"характеристик|сипаттама|приказ|бұйрық|(?:этот|этом|этого|данн\w*|осы|бұл)\s+(?:документ|құжат)\w*|\b338\b|штатн\w* расписан|штат кесте|кімдерге міндетті"
    r"|на кого распространя|кому обязательн|должностн\w* инструкц|лауазымдық нұсқаулық|на основании какого закона"
    r"|кто (?:присваивает|устанавливает|утверждает|разработал)|кім (?:береді|белгілейді|бекітеді|әзірледі)"
    r"|присвоени\w* категор|санат\w* беру|бухгалтер|есепші|инженер|экономист"))


def read(message: str, lang: Lang | None = None, doc: Document | None = None,
         duties: DutyIndex | None = None) -> Frame:
    """The frame of one message, read against the regulation ``doc`` (its titles and clauses).

    ``doc`` None is the packaged regulation and ``duties`` None the process's search's duty index (the public
    defaults, for a caller with no settings of its own); the assistant passes those of its settings."""
    if doc is None:
        from ..regulation.corpus import load_document

        doc = load_document()
    text, script = read_script(message, doc)
    norm = normalise(text)
    folded = fold_kazakh(norm)
    frame = Frame(question=message, text=text, lang=lang or detect_lang(text), script=script)
    masked = _education(frame, norm, folded)
    _education_supposed(frame, folded)
    _places(frame, norm, folded)
    _positions(frame, masked, doc, duties)
    _setting(frame, masked, doc)
    _level(frame, folded)
    _figures(frame, norm, folded, doc)
    _other_facts(frame, folded, doc)
    _kinds(frame, folded, doc)
    _dialogue_marks(frame, folded)
    _asks_what_it_does(frame, folded)
    frame.intent = _intent(frame, folded, doc)
    return frame


# --- education and places ------------------------------------------------------------------


# «дипломды алған соң», «после получения диплома», «когда закончу»: the check is asked for the time after it.
AFTER_GETTING = re.compile(fold_kazakh(r"алған соң|алғаннан кейін|бітірген соң|бітіргеннен кейін|после получения"
                                       r"|когда получу|после окончания|как получу|как закончу|когда закончу"))


def _education_supposed(frame: Frame, folded: str) -> None:
    """An education not held yet, asked about for the time after it is held («университетті биыл бітіремін …
    дипломын алған соң бола ма?»): the check is for that time, said so in the answer (never as today's)."""
    ahead = next((e for e in frame.evidence if e.fact == "education_ahead"), None)
    if ahead is None or not AFTER_GETTING.search(folded):
        return
    from ..eligibility.rules import Education

    frame.education = Education(ahead.value)
    if not frame.said("supposed"):
        frame.evidence.append(Evidence(fact="supposed", value="ahead", words=""))


def _education(frame: Frame, norm: str, folded: str) -> str:
    """Reads the education and returns the text with its words masked, so that «колледж» as
    a diploma does not also choose the college's positions."""
    spans = []
    for level, pattern in EDUCATION_CUES:
        for m in pattern.finditer(folded):
            if frame.education is None and affirmed(pattern, folded) and not _not_yet(folded, m.start(), m.end()):
                frame.education = level
                frame.evidence.append(Evidence(fact="education", value=level.value, words=norm[m.start():m.end()]))
            elif frame.education not in (None, level) and level not in frame.education_other and affirmed(
                    pattern, folded) and not _not_yet(folded, m.start(), m.end()) and _STUDYING.search(folded):
                # «окончила колледж, сейчас учусь в университете …»: two told while studying — which one holds today
                # may be misread, so both are kept
                frame.education_other.append(level)
            elif not frame.said("education_ahead") and _not_yet(folded, m.start(), m.end()):
                # not held today; a check asked for the time it will be held may count it (see dialogue)
                frame.evidence.append(Evidence(fact="education_ahead", value=level.value, words=norm[m.start():m.end()]))
            spans.append(m.span())
    for value, pattern in _BARE_EDUCATION:
        for m in pattern.finditer(folded):
            if frame.education is None:
                from ..eligibility.rules import Education

                frame.education, frame.education_bare = Education(value), True
                frame.evidence.append(Evidence(fact="education", value=value, words=norm[m.start(1):m.end(1)]))
            spans.append(m.span(1))
    categories = _category_spans(folded)
    spans += categories
    masked = list(norm)
    for start, end in spans:
        if (start, end) in categories or _is_diploma(folded, start, end):
            masked[start:end] = " " * (end - start)
    return "".join(masked)


# An education not held yet: studied for or promised in its own clause («қазір сырттай оқып жатырмын»,
# «диплом вуза будет летом»), or said not to be there yet later in its sentence («… бірақ ол әлі жоқ»).
_STUDYING = re.compile(fold_kazakh(r"оқып жатырмын|оқып жүрмін|оқимын|учусь|обучаюсь|получаю|будет|болады|аламын"
                                   # begun, not finished: «поступила на заочное», «учиться ещё 4 года», «оқуға түстім»
                                   r"|поступил\w*|зачислен\w*|учиться|оқуға түс\w*|оқу\w* қалды|оқуым бар"
                                   r"|доучива\w*|заканчива\w*|окончу|закончу|получу|бітіремін|аяқтаймын|курсе\b|курста\b|курсында"))
_NOT_YET = re.compile(fold_kazakh(r"(?:әлі|ещё|еще|пока)\s+(?:\S+\s+){0,2}(?:жоқ|нет|алған жоқпын|не получил\w*|не окончил\w*)"))
_CLAUSE_MARK = re.compile(r"[,;:—()]|\s-\s")


def _not_yet(folded: str, start: int, end: int) -> bool:
    clause_start = max((m.end() for m in _CLAUSE_MARK.finditer(folded, 0, start)), default=0)
    sentence_end = sentence_of(folded, start, end)[1]
    clause_end = _CLAUSE_MARK.search(folded, end, sentence_end)
    clause = folded[clause_start:clause_end.start() if clause_end else sentence_end]
    if _STUDYING.search(clause) or _NOT_YET.search(folded[end:clause_end.start() if clause_end else sentence_end]):
        return True
    # a later clause speaks of the diploma only when it turns back to it («…, бірақ ол әлі жоқ», «…, но его пока
    # нет»); «жоғары білімім бар, категория пока жоқ» says the category is not there yet
    later = folded[clause_end.end():sentence_end] if clause_end else ""
    return bool(_TURNS_BACK.match(later.strip()) and _NOT_YET.search(later))


_TURNS_BACK = re.compile(fold_kazakh(r"(?:бірақ|алайда|но|однако|а|ол|он|она|его|её|ее|әзірге)\b"))


def _category_spans(folded: str) -> list[tuple[int, int]]:
    """Segments naming a head's or deputy's category («басшының екінші біліктілік санатты
    орынбасары» санатым бар): their words name a category, not a position. Masked with the
    diplomas, because they are facts about the person, not the organisation."""
    from .facts import categories_in

    spans = []
    for segment in segments(folded):
        if any(c.startswith(("deputy_head", "head_")) for c in categories_in(segment)):
            start = folded.find(segment)
            spans.append((start, start + len(segment)))
    return spans


def _is_diploma(folded: str, start: int, end: int) -> bool:
    """Whether words about education name no workplace («окончила колледж», not «преподаватель колледжа»)."""
    before = folded[max(0, start - 25):start]
    return not re.search(fold_kazakh(r"(?:\bв|\bво|преподаватель|оқытушы|директор|\()\s*$"), before)


def _places(frame: Frame, norm: str, folded: str) -> None:
    place = place_in(folded)
    if place is not None:
        value, m = place
        frame.locality = Locality(value)
        frame.evidence.append(Evidence(fact="locality", value=value, words=norm[m.start():m.end()]))
    for value, pattern in ORG_LEVEL_CUES:
        m = pattern.search(folded)
        if m:
            frame.org_level = value
            frame.evidence.append(Evidence(fact="org_level", value=value.value, words=norm[m.start():m.end()]))
            break


# --- positions -------------------------------------------------------------------------------


def _setting(frame: Frame, masked: str, doc: Document) -> None:
    """«Какие обязанности у логопеда в колледже?», «балабақша меңгерушісінің орынбасары»: a name several posts
    share, none of them in the chapters of the organisation named. Organisations of the person's own job
    («воспитатель в садике, хочу учителем») explain themselves. A post the name resolves to is trusted: a
    chapter is no list of the organisations a post serves (the music director of chapter 6 works in schools)."""
    from ..eligibility.rules import Education
    from .linking import named_contexts

    ids = frame.position_candidates
    if frame.position_id or not ids:
        return
    for told in (e.words for e in frame.evidence if e.fact == "education" and e.words):
        # «педагогикалық колледж бітіргенмін»: a diploma, not a workplace
        masked = masked.replace(told, " ").replace(fold_kazakh(normalise(told)), " ")
    contexts = named_contexts(masked, doc)
    if frame.education is Education.TVET:
        contexts.pop("tvet", None)  # «колледж (ТжКБ)» told with a TVET diploma is the diploma
    named = {chapter for chapters in contexts.values() for chapter in chapters}
    own = {doc.position(c.position_id).chapter for c in frame.context}
    if named - own and not any(doc.position(pid).chapter in named for pid in ids):
        frame.setting_unmatched = sorted(named - own)


def _positions(frame: Frame, masked: str, doc: Document, duties: DutyIndex | None) -> None:
    from .linking import link_positions  # the linker's indexes are built on first use

    links = link_positions(masked, doc=doc)
    if not links and _teaching_job(frame, masked, doc):
        return
    if links and _only_served(frame, links):
        # «Кто в школе консультирует учителей?», «мұғалімдерге көмектесетін маман кім?»: every post named is the
        # object of the work described (those it serves or supervises), not the person asked about
        _described(frame, masked, doc, duties, served=frozenset(link.position_id for link in links))
        if frame.described:
            return
    if not links or all(link.score < CHOSEN for link in links):
        # «Кто в методкабинете курирует учителей …?», «мұғалімдерге курстар өткізетін қызметкер»: a weak name
        # (a generic word fitting several posts) may be the object of the work described, not the person asked
        _described(frame, masked, doc, duties)
        if not links or frame.described:
            return
    folded = fold_kazakh(normalise(masked)).replace("-", " ")  # «оқу-тәрбие» as the linker's words «оқу тәрбие»
    roles: dict[str, list[Candidate]] = {"target": [], "plain": [], "identity": [], "context": []}
    found = [(link, _role(folded, _stem(fold_kazakh(normalise(link.matched))))) for link in links]
    # Two names in a segment that asks («завуч, могу ли стать директором?»): the one a target cue
    # stands right by is the one asked for; the other is the person's own.
    if any(link.targeted for link, role in found if role == "target"):
        found = [(link, "plain" if role == "target" and not link.targeted else role) for link, role in found]
    if any(link.source for link, _ in found) and not all(link.source for link, _ in found):
        # «перейти с воспитателя на методиста», «тәрбиешіден әдіскерге ауысу»: the post left is the person's own;
        # the other is asked about, whatever cue stands by the first
        found = [(link, "context" if link.source else "target" if role == "target" else "plain")
                 for link, role in found]
    for link, role in found:
        roles[role].append(Candidate(position_id=link.position_id, score=link.score, words=link.matched))
    # Asked for in so many words, else named without a cue; failing both, the person's own position
    # is the subject («я воспитатель, какие у меня обязанности?»).
    frame.target = roles["target"] or roles["plain"] or roles["identity"] or roles["context"]
    frame.own_position = not (roles["target"] or roles["plain"])
    frame.context = [c for group in roles.values() for c in group if c not in frame.target]
    _choose(frame, doc)


# A person described instead of named: «кто …», «который/которая …», «как называется», «кім», or a Kazakh
# participle right before the person it describes («көмектесетін маманға», «дайындайтын адамға»): a
# participle alone may describe a thing («қойылатын талаптар») or be a noun («санатын»). Russian
# participles are left out: «предыдущие», «следующая» describe no one.
DESCRIBES = re.compile(fold_kazakh(
    r"\b(?:кто|котор\w+|как называется|кім\w*|қалай аталады)\b"
    r"|\b\w{2,}(?:атын|етін|йтын|йтін|итын|итін)\s+(?:\w+\s+)?(?:адам|маман|педагог|қызметкер|әйел|кісі|басшы)\w*"))
DESCRIBED_SCORE = 0.8  # chosen by the words' meaning, not by a name: below a title (0.9), above a default (0.7)


def _described(frame: Frame, masked: str, doc: Document, duties: DutyIndex | None,
               served: frozenset[str] = frozenset()) -> None:
    """No position is named (or only those the work is for, ``served``): the one the message describes by its
    work, chosen only when it stands out from the runner-up by a clear margin, otherwise the leading few offered
    (asked which)."""
    sentence = describing_sentence(frame.text)
    if sentence is None or about_the_regulation(sentence) or _leans_back(sentence):
        return  # «кто разработал эти характеристики?»; but «Кто готовит утренники? Что он должен знать по характеристике?»
    from .linking import named_chapters

    if duties is None:
        from ..search.duties import get_duty_index

        duties = get_duty_index()
    if not duties.ready():  # the vectors are built with the search index, never while a question waits
        return
    description = duties.describe(frame.text, named_chapters(masked, doc=doc), served)
    frame.described = bool(description.chosen) or len(description.offered) > 1
    if description.chosen:
        frame.target = [Candidate(position_id=description.chosen, score=DESCRIBED_SCORE, words=sentence)]
        frame.position_id = description.chosen
        frame.evidence.append(Evidence(fact="position", value=description.chosen, words=sentence))
    elif len(description.offered) > 1:
        frame.position_candidates = description.offered
        leads = dict(zip(description.ranked, description.leads))
        frame.offered = [Candidate(position_id=p, score=leads[p], words=sentence) for p in description.offered]


# A name in an oblique case is the object of a verb («консультирует учителей», «помогает воспитателям»,
# «мұғалімдерге көмектесетін»), never who is asked about in a «кто …?» question. Russian by the head word (first),
# Kazakh by the last word (the head), on folded words; ambiguous forms («учителя»: genitive or plural) are not.
_RU_OBLIQUE = re.compile(r"(?:ей|ям|ями|ях|ов|ев|ам|ами|ах|ому|ему|ом|ем|ой|ю|у|[бвгджзклмнпрстфхцчшщ]а)$")
_KK_OBLIQUE = re.compile(r"(?:лар|лер|дар|дер|тар|тер)(?:ды|ди|ты|ти|га|ге|ка|ке|дын|дин|тын|тин|мен|бен|пен|да|де|та|те)$"
                         r"|\w{3,}(?:га|ге|ка|ке|на|не|нын|нин|дын|дин|тын|тин|мен|бен|пен)$")


# «мектепте математикадан сабақ беремін», «преподаю в колледже»: the job told by its verb, no title named.
# Said of oneself only: «сабақ беретін адам» (a participle) describes someone else's job.
TEACHES = re.compile(fold_kazakh(r"сабақ бер(?:емін|ем|іп жүрмін|дім|іп келемін)|оқытамын|преподаю|преподавал\w*"
                                 r"|веду (?:уроки|предмет|занятия)"))
TEACHER_NOUNS = {"kk": ("мұғалім", "оқытушы"), "ru": ("учитель", "преподаватель")}


def _teaching_job(frame: Frame, masked: str, doc: Document) -> bool:
    """No title named, but the work told by the verb of teaching: the teacher of the organisation named
    (a school's teacher, a college's lecturer), read as the person's own post when one noun leads clearly."""
    from .linking import link_positions

    told = TEACHES.search(fold_kazakh(normalise(masked)))
    if told is None:
        return False
    found = [link for noun in TEACHER_NOUNS[frame.lang] for link in link_positions(f"{noun} {masked}", doc=doc)]
    sure = [link for link in found if link.score >= CHOSEN]
    if len({link.position_id for link in sure}) != 1:
        return False
    words = masked[told.start():told.end()]
    frame.target = [Candidate(position_id=sure[0].position_id, score=sure[0].score, words=words)]
    frame.own_position = True
    frame.position_id = sure[0].position_id
    frame.evidence.append(Evidence(fact="position", value=sure[0].position_id, words=words))
    return True


def _oblique(words: str, lang: str) -> bool:
    parts = fold_kazakh(normalise(words)).replace("-", " ").split()
    if not parts:
        return False
    return bool(_RU_OBLIQUE.search(parts[0]) if lang == "ru" else _KK_OBLIQUE.search(parts[-1]))


def _only_served(frame: Frame, links) -> bool:
    """Whether the message describes someone («кто …?», «… көмектесетін маман кім?») and every post it names
    is in an oblique case, unasked for: the posts the described one works with or for."""
    sentence = describing_sentence(frame.text)
    if sentence is None or about_the_regulation(sentence):
        return False
    return all(not link.targeted and not link.source and _oblique(link.matched, frame.lang) for link in links)


def _leans_back(sentence: str) -> bool:
    """«Оған қойылатын талаптар қандай?», «а там написано …»: the words speak of the position of the turn
    before, they do not describe one."""
    folded = fold_kazakh(normalise(sentence))
    return bool(PRONOUN.search(folded) or FOLLOW_UP.search(folded))


def about_the_regulation(text: str) -> bool:
    """Whether a message asks about the regulation itself (to whom it applies, the staff list, the order)."""
    return bool(ABOUT_REGULATION.search(fold_kazakh(normalise(text))))


def describing_sentence(text: str) -> str | None:
    """The sentence of the message that describes a person (None when none does)."""
    for sentence in re.split(r"(?<=[?.!])\s+", text):
        if DESCRIBES.search(fold_kazakh(normalise(sentence))):
            return sentence.strip(" ?.!")
    return None


def _stem(name: str) -> str:
    """A name without its last word's ending, to find it inflected elsewhere («соцпедагогом» → «соцпедаг»)."""
    return name[: max(5, len(name) - 3)] if " " not in name else name


COMPARED = re.compile(fold_kazakh(r"^\w*\s*(?:сияқты|секілді|тәрізді|сынды)\b"))


def _role(folded: str, name: str) -> str:
    """How the message speaks of a name, over every segment that holds it: «target» when one asks
    for it, else «identity» when the person says they are it, «context» when it describes their
    work (or is denied), «plain» when nothing is said around it."""
    found = set()
    for segment, negated in negated_segments(folded):
        if name not in segment:
            continue
        if negated or COMPARED.search(segment.split(name, 1)[1][:20]):
            # «орынбасар болып көрмегенмін»: a position denied is not the one asked for; «(пән мұғалімі
            # сияқты)», «как у учителей»: one named to compare with is not either
            found.add("context")
        elif TARGET.search(segment):
            found.add("target")
        elif IDENTITY.search(segment.replace(name, "<name>")) or I_AM.search(name):
            found.add("identity")
        elif SELF.search(segment):
            found.add("context")
    return next((role for role in ("target", "identity", "context") if role in found), "plain")


MARGIN = 0.05


def _choose(frame: Frame, doc: Document) -> None:
    """The target when one candidate leads by a margin; otherwise the candidates, to ask back."""
    ranked = sorted(frame.target, key=lambda c: -c.score)
    top = _own_kind(frame, ranked[0], doc)
    close = [c.position_id for c in ranked if top.score - c.score < MARGIN]
    close = list(dict.fromkeys(close))
    if len(close) == 1:
        frame.position_id = top.position_id
        frame.evidence.append(Evidence(fact="position", value=top.position_id, words=top.words))
        if top.score < CHOSEN:  # a generic name's default («психолог» → the school's): a guess
            from .linking import generic_candidates

            others = [p for p in generic_candidates(top.words, doc=doc) if p != top.position_id]
            guessed = [top.position_id, *others] if others else []
            # the person's own position may choose («я старшая вожатая … замом по воспитательной»:
            # the school's deputy); context words pick among same-named positions, never replace them
            own = {c.position_id.split(".")[0] for c in frame.context}
            in_own = [p for p in guessed if p.split(".")[0] in own]
            frame.position_guessed = [] if len(in_own) == 1 and in_own[0] == top.position_id else guessed
    else:
        frame.position_candidates = close


def _own_kind(frame: Frame, top: Candidate, doc: Document) -> Candidate:
    """«… балабақшада тәрбиешімін … Тәрбиеші ретінде зерттеуші бола аламын ба?»: a name asked about with no
    organisation of its own is the person's own position of that name, when they told one."""
    from .linking import generic_candidates, get_linker

    contexts = get_linker(doc).contexts

    def placed(words: str) -> bool:
        return any(contexts.known(fold_kazakh(w)) for w in normalise(words).split())

    if top.score >= 0.9 or placed(top.words):
        return top
    # the person's own job, placed by its organisation («балабақшада тәрбиешімін»), not a mere mention
    same = {c.position_id for c in frame.context if placed(c.words)} & set(generic_candidates(top.words, doc=doc))
    if len(same) != 1 or top.position_id in same:
        return top
    return Candidate(position_id=same.pop(), score=top.score, words=top.words)


# Below this linking score a position is a generic name's default (0.7) or a fuzzy guess, not a choice
# the message's words made (a title 0.9, a name narrowed by the organisation 0.85).
CHOSEN = 0.75


# --- level, figures, other facts ---------------------------------------------------------------


def _level(frame: Frame, folded: str) -> None:
    from .glossary import level_from_text

    sought = sought_text(folded)
    frame.level = level_from_text(sought)
    levels = {level_from_text(part) for part in sought.split(" . ")} - {None}
    if len(levels) > 1 and not TRANSITION.search(sought):
        # «через год хочу на исследователя, а пока вопрос про эксперта»: which level is asked
        frame.level, frame.level_candidates = None, sorted(levels, key=lambda lv: lv.rank)
        return
    if frame.level is not None:
        frame.evidence.append(Evidence(fact="level", value=frame.level.value, words=""))  # named in many spellings


def _figures(frame: Frame, norm: str, folded: str, doc: Document) -> None:
    from .linking import get_linker

    linker = get_linker(doc)
    figures = read_figures(folded, partial(_is_position_word, linker), partial(_names_a_head, linker))
    frame.figures = [FigureRead(value=f.value, kind=f.kind, words=norm[f.start:f.end], position_id=named.position_id if named else None,
                                position_words=named.words if named else None,
                                chapters=_places_of(folded, f, doc) if f.kind == "leadership" else
                                _setting_of(folded, f, doc) if f.kind == "nested" else [])
                     for f in figures for named in [_named_by(frame, folded, f)]]
    # A figure no experience word governs counts only when a verdict is asked for.
    talks = bool(frame.level or routing.asks_permission(folded) or TARGET.search(folded))
    experience = main_experience(figures, talks)
    if experience.value is None and experience.candidates and frame.position_id:
        words = next(c.words for c in frame.target if c.position_id == frame.position_id)
        experience = _in_target_clause(figures, experience, folded, words)
    if experience.value is not None:
        frame.years = experience.value
        frame.years_at_least = experience.figure.kind == "nested"
        frame.years_range = list(experience.figure.bounds) if experience.figure.bounds else []
        chosen = _exact_within(figures, experience.figure) or experience.figure
        if chosen is not experience.figure:  # «почти 4 года (3 года 10 месяцев)»: the exact figure said with it
            frame.years, frame.years_range = chosen.value, []
            # the approximate one says the same fact less precisely: it is no other figure to place
            approximate = norm[experience.figure.start:experience.figure.end]
            frame.figures = [f for f in frame.figures if not (f.value == experience.value and f.words == approximate)]
        start, end = chosen.said if frame.years_range and chosen.said else (chosen.start, chosen.end)
        frame.evidence.append(Evidence(fact="years", value=f"{frame.years:g}", words=norm[start:end],
                                       approximate=bool(frame.years_range)))
        frame.years_said = norm[start:end] if frame.years_range else None
    elif experience.candidates:
        frame.years_candidates = list(experience.candidates)
    elif any(f.kind == "extra" for f in figures):  # «ещё 2 года …»: the experience changed, but to what is not said
        frame.years_unclear = True
    elif NO_EXPERIENCE.search(folded) and not any(f.kind in ("pedagogical", "experience") for f in figures):
        frame.years = 0.0
        frame.evidence.append(Evidence(fact="years", value="0", words=NO_EXPERIENCE.search(folded).group(0)))
    for kind, fact in (("nested", "nested_years"), ("leadership", "leadership_years"), ("civil_service", "civil_service_years")):
        found = next((f for f in figures if f.kind == kind), None)
        if found is not None:
            setattr(frame, fact, found.value)
            frame.evidence.append(Evidence(fact=fact, value=f"{found.value:g}", words=norm[found.start:found.end]))
    if frame.nested_years is None and frame.years is not None and (NESTED_WHOLE.search(folded) or NO_OTHER_EXPERIENCE.search(folded)):
        frame.nested_years = frame.years


def _exact_within(figures, approximate):
    """The one exact figure that falls inside an approximate one's range: the person saying it precisely."""
    if not approximate.bounds:
        return None
    low, high = approximate.bounds
    inside = {f.value: f for f in figures if f is not approximate and not f.bounds and low <= f.value <= high
              and f.kind in ("experience", "pedagogical", "role", "own", "bare")}
    return next(iter(inside.values())) if len(inside) == 1 else None


# «на этой должности полтора года», «осы лауазымда 2 жыл»: the years in the position talked about.
THIS_POSITION = re.compile(fold_kazakh(r"(?:этой|данной|моей) должност|осы лауазым|в должности|лауазымында"))


def _in_target_clause(figures, experience, folded: str, words: str):
    """Two figures disagree, and one stands in the clause that names the position asked about
    («10 лет учителем, а соцпедагогом всего 1 год … могу как соцпедагог …»): that one."""
    from .figures import Experience, clause_of

    near = [f for f in figures if f.value in experience.candidates
            and (_mentions(clause_of(folded, f), words) or THIS_POSITION.search(clause_of(folded, f)))]
    if len({f.value for f in near}) == 1:
        return Experience(near[0].value, near[0])
    return experience


def _mentions(clause: str, words: str) -> bool:
    """Whether a clause of the folded message names a position by the linker's words (inflected,
    hyphenated or not: «тәрбиеші-ана болып», «соцпедагогом»)."""
    return _stem(fold_kazakh(normalise(words))).replace("-", " ") in clause.replace("-", " ")


def _places_of(folded: str, figure, doc: Document) -> list[int]:
    """The chapters of the organisations the figure's sentence names: where years as a head were served."""
    from .linking import named_chapters

    start, end = sentence_of(folded, figure.start, figure.end)
    return sorted(named_chapters(folded[start:end], doc=doc))


def _setting_of(folded: str, figure, doc: Document) -> list[int]:
    """The chapters of the organisations a figure's own clause names («последние 2 года работаю в школе»)."""
    from .figures import clause_of
    from .linking import named_chapters

    return sorted(named_chapters(clause_of(folded, figure), doc=doc))


TIME_BOUND = re.compile(fold_kazakh(r"\b(?:до|после|кроме)\s+\w+|\w+(?:ға|ге|қа|ке|на|не)\s+(?:дейін|кейін)"))


def _named_by(frame: Frame, folded: str, figure) -> Candidate | None:
    """The one position the figure's clause names, if any («а соцпедагогом в школе всего 1 год»)."""
    from .figures import clause_of

    # «до соцпедагога я ещё 2 года была учителем истории»: a post the time is before (or after) is not its post
    clause = TIME_BOUND.sub(" ", clause_of(folded, figure))
    mentioned = [c for c in frame.target + frame.context if _mentions(clause, c.words)]
    # «соңғы 2 жыл балабақшада тәрбиешімін»: the fuller name that holds a shorter one («тәрбиеші») is the one meant
    named = [c for c in mentioned
             if not any(len(o.words) > len(c.words) and _mentions(fold_kazakh(normalise(o.words)), c.words) for o in mentioned)]
    return named[0] if len({c.position_id for c in named}) == 1 else None


@lru_cache(maxsize=4096)
def _is_position_word(linker, word: str) -> bool:
    """Whether a word names a job or a workplace the regulation covers («учителем», «балабақшада»)."""
    folded = fold_kazakh(word)
    return bool(linker.names.known(folded) or linker.contexts.known(folded) or linker.qualifiers.known(folded))


@lru_cache(maxsize=1024)
def _names_a_head(linker, clause: str) -> bool:
    """Whether a clause names a head or deputy position (by the regulation's own titles)."""
    from .linking import link_positions

    doc = linker.doc
    links = link_positions(clause, doc=doc)
    return bool(links) and all(_is_head_title(doc.position(link.position_id).title) for link in links)


def _is_head_title(title: str) -> bool:
    words = fold_kazakh(normalise(title))
    return any(w in words for w in ("басшы", "орынбасар", "меңгеруш", "директор"))


def _other_facts(frame: Frame, folded: str, doc: Document) -> None:
    none_other = bool(NO_OTHER_EXPERIENCE.search(folded))
    absent = absent_facts(folded)
    for fact in ("leadership_years", "civil_service_years", "enterprise_years"):
        if getattr(frame, fact) is None and (none_other or fact in absent):
            setattr(frame, fact, 0.0)
            frame.evidence.append(Evidence(fact=fact, value="0", words=""))
    frame.categories_held = held_categories(folded)
    if frame.categories_held is not None:  # shown with the other facts read, to be corrected if wrong
        frame.evidence.append(Evidence(fact="categories_held", value=",".join(frame.categories_held), words=""))
    if frame.nested_years is None and frame.position_id and _never_worked_there(folded, frame.position_id, doc):
        frame.nested_years = 0.0
    frame.retraining = affirmed(RETRAINING_CUES, folded)
    # the degree by the glossary's words for it, in any form («ғылым кандидатымын», «кандидат наук», «PhD»)
    frame.academic_degree = affirmed(partial(names_term, "academic_degree"), folded)
    if frame.position_id:
        frame.variant = variant_in(folded, frame.position_id)


def variant_in(folded: str, position_id: str) -> str | None:
    """The kind of a position a folded message names («шағын жинақты мектеп» of a head of school), by its rules."""
    from ..eligibility.rules import load_rules

    rules = load_rules().rules_for(position_id)
    return next((v.id for v in rules.variants if v.id in VARIANT_CUES and VARIANT_CUES[v.id].search(folded)), None)


def _never_worked_there(folded: str, position_id: str, doc: Document) -> bool:
    """«в садике я не работал никогда» about a kindergarten position: no years in that setting."""
    from ..eligibility.cues import negated_segments
    from .linking import get_linker

    linker = get_linker(doc)
    chapter = int(position_id.split(".")[0].removeprefix("ch"))
    for segment, negated in negated_segments(folded):
        if negated and re.search(fold_kazakh(r"работал|істеме|істеген|болмаға|болған жоқ"), segment):
            hits = linker.read(segment).find(linker.contexts)
            if any(chapter in linker.glossary.contexts[h.payload.context_id].chapters for h in hits):
                return True
    return False


# --- what is asked -------------------------------------------------------------------------------


CIVIL_SERVICE = re.compile(fold_kazakh(r"мемлекеттік\s+қызмет\w*|государственн\w*\s+служб\w*|госслужб\w*"))


def _kinds(frame: Frame, folded: str, doc: Document) -> None:
    from .linking import detect_kinds

    # «мемлекеттік қызметте болмадым» tells a fact: its «қызмет» asks for no duties clause
    frame.kinds = detect_kinds(CIVIL_SERVICE.sub(" ", folded), doc=doc)
    if frame.described and not frame.kinds:  # «кто в школе составляет расписание?»: the duty the words describe
        frame.kinds = {"duties": 1.0}
    if MUST_KNOW.search(folded):
        # «должен ли / обязан ли учитель знать …?»: the verb asks what the post must know; «обязан» alone is
        # no word for its duties clause
        frame.kinds["knowledge"] = 1.0
        if "duties" in frame.kinds and not DUTIES_NAMED.search(folded):
            del frame.kinds["duties"]
    frame.asks_permission = routing.asks_permission(folded)
    # (the Kazakh «не» — what — is the Russian negation: «… или это не его работа?» asks yes or no)
    asks_what = [m.group(0) for m in QUESTION_WORD.finditer(folded) if not (frame.lang == "ru" and m.group(0) == "не")]
    frame.polar = bool(POLAR.search(folded)) and not asks_what
    levels_only = frame.level is not None and not COMPETENCE_WORDS.search(folded)
    if levels_only and HOW_MUCH.search(folded):
        # «а в колледже преподавателю на мастера сколько?»: how many years the level needs, not what it must do
        frame.kinds.pop("competence", None)
        frame.kinds.setdefault("requirements", 1.0)
    if levels_only and "competence" in frame.kinds and len(frame.kinds) > 1:
        # «педагог-сарапшы үшін қанша өтіл керек?»: the level names what the years are for, not a competence question
        del frame.kinds["competence"]
    # (no kind word at all beside the level's name — «а на мастера?» — is the same)
    frame.kinds_from_levels_only = levels_only and set(frame.kinds) <= {"competence"}
    if frame.level is not None and "requirements" not in frame.kinds:
        # «педагог-зерттеуші болу үшін», «педагог деңгейінде нені білуі керек»: what the level asks of the
        # position is its competence clause, beside whatever else is asked
        top = max(frame.kinds.values(), default=1.0)
        frame.kinds["competence"] = top
        if frame.kinds_from_levels_only:
            frame.kinds["requirements"] = top
    if names_term("staff_list", frame.text) and NAMING.search(folded) and not _tells_own_facts(frame):
        # «можно ли в штатном расписании назвать должность «учитель-логопед»?»: the rule on naming posts (ch1),
        # the title only its example
        frame.context, frame.target = frame.target + frame.context, []
        frame.position_id, frame.position_candidates, frame.position_guessed = None, [], []
        frame.evidence = [e for e in frame.evidence if e.fact != "position"]
    if not frame.position_id and not frame.position_candidates and ABOUT_REGULATION.search(folded) and not _tells_own_facts(frame):
        # the order named («бұйрық қашан күшіне енген?», «приказом №338») asks the order's own clauses first
        frame.kinds = {"order": 1.0, "intro": 0.5} if ORDER_NAMED.search(folded) else {"intro": 1.0, "order": 0.5}


def _tells_own_facts(frame: Frame) -> bool:
    """«6 лет — это общий стаж, первые три года я была бухгалтером», «қайта даярлаудан өтіп, құжат алдым»: a
    message telling one's own years or qualifications is a story, not a question about the regulation, whatever
    job or document its words name."""
    from .figures import EXPERIENCE_KINDS

    held = (frame.education, frame.retraining, frame.categories_held, frame.civil_service_years,
            frame.leadership_years, frame.academic_degree)
    return any(f.kind in (*EXPERIENCE_KINDS, "total", "part", "other_job") for f in frame.figures) or any(
        value is not None for value in held)


# Whom a message is about, by the closed class of persons' words (not «он/она», «оған»: they also stand for a post).
ASKER = re.compile(fold_kazakh(r"\b(?:мне|у меня|я|маған|менде|менің|өзім\w*)\b"))
THIRD = re.compile(fold_kazakh(r"\b(?:ей|ему|у неё|у нее|у него)\b"))
# a person named by who they are to the asker: someone else than the one talked about so far may be meant
ANOTHER = re.compile(fold_kazakh(r"\b(?:коллег\w*|подруг\w*|сестр\w*|кандидат\w*|әріптес\w*|құрбы\w*|досым\w*|үміткер\w*)"))
OPENING_QUESTION = re.compile(r"^\s*(?:\S+\s+){0,2}\S+\?")


def _asks_what_it_does(frame: Frame, folded: str) -> None:
    """«Проводит ли психолог тестирование?»: a yes/no question about what a named position does asks for
    its duties — when no word of it asks for another kind («требуется ли … знание …?» asks what it must know).
    Not when it asks whether someone may hold the post («может ли врач работать психологом?», «возьмут?»),
    is about one's own job or years («я воспитатель, 2 года. Подхожу?»), or is a follow-up («а заместителем?»)."""
    from .figures import TARGET

    named = frame.position_id or frame.position_candidates
    may_hold = frame.asks_permission or bool(MODAL.search(folded) or TARGET.search(folded))
    # «я воспитатель …» speaks of the asker's own job; a bare title first («Әлеуметтік педагог … жүргізе ме?») does not
    about_the_work = not may_hold and frame.level is None and frame.subject != "self" and not frame.figures
    if frame.polar and named and about_the_work and not frame.follow_up and not frame.kinds \
            and not WHAT_ABOUT.search(folded):
        frame.kinds["duties"] = 1.0
        frame.kinds_from_polar = True


def _dialogue_marks(frame: Frame, folded: str) -> None:
    words = folded.split()
    frame.new_person = bool(NEW_PERSON.search(folded))
    frame.subject_named = bool(ANOTHER.search(folded))
    self_, other = bool(ASKER.search(folded)), frame.subject_named or bool(THIRD.search(folded))
    frame.subject = "self" if self_ and not other else "other" if other and not self_ else None
    frame.correction = bool(CORRECTION.search(folded)) and any(
        frame.said(f) for f in ("education", "locality", "years", "level", "org_level"))
    named = frame.position_id is not None or bool(frame.position_candidates)
    frame.deputy_of_previous = bool(DEPUTY.search(folded) and PRONOUN.search(folded))
    # «ладно. а если категории нет, …», «жарайды, ал ауылда ше?»: an acknowledgement before the follow-up
    opened = ACKNOWLEDGED.sub("", folded, count=1)
    marked = bool(FOLLOW_UP.search(folded) or FOLLOW_UP.search(opened))
    elliptical = marked and len(opened.split()) <= FOLLOW_UP_MAX_WORDS
    # «А мне? Я музыкальный руководитель в школе, …»: a message opened by an elliptical question asks
    # the question before again, for what the rest tells
    first = OPENING_QUESTION.match(opened)
    elliptical = elliptical or bool(first and FOLLOW_UP.search(first.group(0)))
    frame.follow_up = frame.correction or frame.deputy_of_previous or elliptical or (
        not named and (len(words) <= FOLLOW_UP_MAX_WORDS or marked or bool(PRONOUN.search(folded))))


def _intent(frame: Frame, folded: str, doc: Document) -> str:
    if routing.is_greeting(frame.text):
        return "greeting"
    if routing.is_help(frame.text):
        return "help"
    frame.out_of_scope_topic = routing.out_of_scope_topic(frame.text)
    # A verdict asked for wins over a topic word on the side («зарплата 280 тысяч, … могу на модератора?»),
    # when it is a level or a post that is sought: years told about a pension or a holiday («стаж 25 лет,
    # могу выйти на пенсию?») ask nothing the regulation decides
    sought = frame.level is not None or bool(frame.level_candidates) or (
        bool(frame.position_id or frame.position_candidates) and not frame.own_position)
    # and a question for the text told with one's years («стаж 5 лет. Какие у меня обязанности?») asks the text
    # as does a question for what a level or post must be able to do, whoever asks («я учитель, стаж 3 года.
    # Что должен уметь педагог-эксперт?», «… педагог-зерттеуші болу үшін қандай құзыреттер керек?»)
    asks_text = not frame.asks_permission and (bool(set(frame.kinds) & {"duties", "knowledge"}) and not sought
                                               or bool(ABILITY.search(folded)))
    if (frame.years is not None or frame.years_candidates) and (sought or not frame.out_of_scope_topic) and not asks_text:
        return "eligibility"
    if asks_text and frame.years is not None:
        frame.kinds.pop("requirements", None)  # «стаж» there told the person's years; it asked for no requirement
    wants_verdict = frame.level is not None and frame.asks_permission and not HOW_MUCH.search(folded)
    if wants_verdict and (frame.position_id or frame.position_candidates):
        return "eligibility"  # «… потом декрет … на исследователя стажа хватает?»: the years are asked back
    if frame.out_of_scope_topic and not _topic_in_position(frame, doc):
        return "out_of_scope"  # a topic word decides only against a question that states no experience
    if wants_verdict:
        return "eligibility"  # «могу ли получить эксперта?» — but «какой стаж нужен, чтобы получить …» asks the rule
    return "regulation"


def _topic_in_position(frame: Frame, doc: Document) -> bool:
    """Whether the question asks what the position does about the topic, and the position's own clauses
    name the topic (then the topic word was a prior only: «Проводит ли педагог-психолог тестирование
    детей?» is about a duty; «сколько дней отпуск у учителя?» stays outside)."""
    folded = fold_kazakh(normalise(frame.text))
    if not frame.position_id or HOW_MUCH.search(folded):
        return False
    if "duties" not in frame.kinds and "knowledge" not in frame.kinds and not DOES.search(folded):
        return False
    stems = routing.regulation_words(frame.out_of_scope_topic)
    texts = [fold_kazakh(normalise(c.text)) for c in doc.clauses if c.position_id == frame.position_id]
    return any(stem in text for stem in stems for text in texts)

