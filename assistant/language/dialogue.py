"""A conversation is a frame merged turn by turn.

An elliptical follow-up («а в селе?», «а на педагога-мастера?», «ал міндеттері ше?») keeps
what it does not change: the position, the clause kind, the level, the locality, the
education and the figures. «а его заместителю?», «оның орынбасарына?» move to the deputy
of the previous position; a correction («нет, у меня высшее», «жоқ, ауылда») replaces one
fact and the previous question is checked again. An answer to «which position?» is read
together with the question that raised it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .textnorm import fold_kazakh, normalise
from .frame import Evidence, Frame, Person
from .reader import ABILITY, TARGET, variant_in

if TYPE_CHECKING:
    from ..regulation.document import Document
    from ..search.duties import DutyIndex

# Facts about the person and the place: they carry over every later turn of the conversation.
PERSONAL = ("education", "locality", "org_level", "years", "nested_years", "leadership_years",
            "civil_service_years", "enterprise_years", "categories_held", "retraining", "academic_degree")
_CHOICE = re.compile(r"^\s*(\d)\s*[.)]?\s*$")
_WANTS = re.compile(fold_kazakh(r"хочу|подать|получ|стать|могу|можно|претенд|бола|алу|алам|тапсыр|өткім|жете ме|хватит|подойд|подхож"))
_FOLLOW_UP_START = re.compile(fold_kazakh(r"^(?:а|ал|и|ну|тогда|если|егер|ой|жоқ|нет)\b"))
_LETTER = re.compile(r"[^\W\d_]")
# «до этого», «до соцпедагога», «мектепке келгенге дейін»: a time before the present job
_BEFORE = re.compile(fold_kazakh(r"\b(?:бұрын|бурын|раньше|до \w+|прежде|ранее)\b|\w+(?:ганға|генге|қанға|кенге) дейін"))
STORY = 16  # figures of earlier turns kept: a long conversation's oldest give way
# «осы лауазымға», «осы қызметке», «на эту должность», «на эту вакансию»: the post talked about before
THIS_POST = re.compile(fold_kazakh(r"\b(?:осы|бұл|сол|эт\w+|данн\w+)\s+(?:лауазым\w*|қызмет\w*|должност\w*|позици\w*|ваканси\w*)"))
SHORT_REPLY = 7  # words: «ой, ровно 5 лет уже», «ал 2 жыл болғанда ше?»
# A number with nothing to say what it counts («3», «а если 4?»): read as years only in a conversation about them.
_LONE_NUMBER = re.compile(r"(?<![\d.,])(\d{1,2}(?:[.,]5)?)(?![\d.,]?\d|\s*(?:%|тыс|мың|сағат|час|бала|дет|сынып|класс))")


def carry(previous: Frame | None, current: Frame, previous_route: str | None = None, doc: Document | None = None,
          duties: DutyIndex | None = None) -> Frame:
    """The current frame completed by the previous one (the previous is never changed).

    ``doc`` and ``duties`` are those the frames were read with (:func:`~assistant.language.reader.read`: ``None``
    is the packaged regulation and the process's duty index, the public defaults); a turn re-read uses them."""
    if previous is None:  # nothing before: a message that reads as elliptical follows nothing
        return current.model_copy(update={"follow_up": False})
    if doc is None:
        from ..regulation.corpus import load_document

        doc = load_document()
    merged = current.model_copy(deep=True)
    previous = _as_seen_by(previous, merged)
    # the person's story so far: a later turn about another post may need a figure told earlier
    merged.told = [] if merged.new_person else (previous.told + previous.figures)[-STORY:]
    if not _LETTER.search(merged.text):  # «1», «3?»: no word to tell the language by, so the conversation's
        merged.lang = previous.lang
    elif _tied(merged.text):
        merged.lang = previous.lang  # «а мастер? почти 5 же»: as much Kazakh as Russian — the talk's language
    if previous.position_candidates and not previous.position_id and _answers_choice(previous, merged, doc, duties):
        return merged
    # a conversation about the person's experience, or about how much a position requires: a number
    # then is the person's years («3», «а если 4?», «ал 5 болса?»)
    about_years = previous_route == "regulation" and "requirements" in previous.kinds and previous.position_id
    in_check = previous_route in ("eligibility", "clarify")
    if in_check and merged.new_person:
        # «третий: 15 лет главным инженером на заводе»: the same check for another candidate, whatever the
        # words of their story would say on their own («инженер» is not a question about the regulation);
        # a position their story names is theirs, unless they are said to want it
        merged.kinds, merged.follow_up = dict(previous.kinds), True
        if previous.position_id and not TARGET.search(fold_kazakh(normalise(merged.text))):
            _keep_post(previous, merged)
    if previous.position_id and not merged.new_person and THIS_POST.search(fold_kazakh(normalise(merged.text))):
        _this_post(previous, merged, doc)
    elif (in_check or about_years) and _own_job_told(previous, merged, doc):
        # «Соңғы бір жылы балабақшада тәрбиеші болдым. Бола ма?» while the head's post is checked: the job
        # told is the person's, the post sought stays
        merged.context = merged.target + merged.context
        _keep_post(previous, merged)
    if in_check:
        _corrected_date(previous, merged)
    if in_check or about_years:
        _own_figure(merged)
    supposed = in_check and _supposed_years(merged)
    if in_check:
        if merged.said("years") and not merged.position_id and not merged.position_candidates:
            merged.follow_up = True  # «ой, 3 емес 4 жыл екен»: new years for the check under way
    # after a question about requirements, only the person's own years turn the talk into a check
    _carry_position(previous, merged, doc, duties)
    continues = supposed or (in_check and (merged.new_person or _continues_check(previous, merged))) or (
        bool(about_years) and merged.said("years"))
    if continues and merged.position_id is None and not merged.position_candidates and previous.position_id:
        _keep_post(previous, merged)  # a check that goes on keeps its post, whatever the message names beside it
        merged.variant = merged.variant or previous.variant
    if in_check and _retold(merged) and merged.years is None and not _ADDED.search(fold_kazakh(normalise(merged.text))):
        # «из этих 3 лет полтора я работал менеджером»: the years told before may not hold any more — asked, never
        # carried silently («а ещё 2 года я работала продавцом» adds other work to them: they stand)
        merged.years_unclear = True
    _carry_facts(previous, merged)
    # a follow-up asks the kind before unless a word of its own names another (a weak word of levels — «деңгейде»
    # of «облыстық деңгейде ше?», «уровень» — names none; «а что он делает?», «а знать?» do)
    weak_only = set(merged.kinds) == {"competence"} and merged.kinds["competence"] < 1.0
    if merged.follow_up and (not merged.kinds or merged.kinds_from_levels_only or merged.kinds_from_polar or weak_only) \
            and previous.kinds:
        merged.kinds = dict(previous.kinds)
    if continues or _asks_for_oneself(current, merged):
        merged.intent = "eligibility"
    if current.intent == "out_of_scope" and not any(current.said(f) for f in PERSONAL):
        # «модератор алсам, жалақым қаншаға өседі?»: a question outside stays outside in a conversation;
        # the conversation's post and facts are still carried for the turns after it
        merged.intent = "out_of_scope"
        if merged.position_id is None and not merged.position_candidates:
            _keep_post(previous, merged)
            merged.level = merged.level or previous.level
    return merged


def _as_seen_by(previous: Frame, merged: Frame) -> Frame:
    """The turn before as the current message's person knows it: «а ей на модератора?» after one's own
    check is about another person (their facts are not the asker's), «а мне на исследователя?» after a
    colleague's goes back to the asker's own post and facts. Each person's last check is kept in ``people``."""
    before = previous.subject or "self"  # a person never said is the asker, until someone else is named
    merged.people = {**previous.people, before: _person(previous)}
    if previous.subject is None and merged.subject == "other" and not merged.subject_named:
        merged.subject = None  # «Кандидат: …» then «а ему?», «а требования к нему?»: the one talked about
    merged.subject = merged.subject or previous.subject
    if (merged.subject or "self") == before or merged.new_person:
        return previous
    known = merged.people.get(merged.subject)
    if known is None:  # a person not met before: the post talked about goes on, none of the facts do
        known = Person(position_id=previous.position_id, variant=previous.variant, locality=previous.locality,
                       org_level=previous.org_level)
    update = {**known.model_dump(exclude={"told", "level"}), "level": previous.level,
              "told": list(known.told), "figures": [], "position_candidates": [],
              "evidence": [e for e in previous.evidence if e.fact == "position" and known.position_id == previous.position_id]}
    return previous.model_copy(update=update)


def _person(frame: Frame) -> Person:
    facts = {f: getattr(frame, f) for f in Person.model_fields if f not in ("told",)}
    return Person(**facts, told=(frame.told + frame.figures)[-STORY:])


def _asks_for_oneself(current: Frame, merged: Frame) -> bool:
    """«а мне сколько не хватает до мастера?» after questions about the text: a level asked about for oneself,
    in a conversation that knows one's years, is a check again."""
    # (a message with figures of its own — «через год будет 4 года» — is read by the rules for figures)
    return (current.subject == "self" and not current.figures and merged.level is not None and merged.years is not None
            and merged.position_id is not None and not _asks_the_text(merged) and merged.intent == "regulation")


def _tied(text: str) -> bool:
    from .textnorm import lang_votes

    kk, ru = lang_votes(text)
    return kk == ru


def _keep_post(previous: Frame, merged: Frame) -> None:
    """The post of the turn before stays the one asked about, with the words it was named by."""
    merged.position_id, merged.position_candidates, merged.position_guessed = previous.position_id, [], []
    merged.evidence = [e for e in merged.evidence if e.fact != "position"]
    merged.evidence += [e for e in previous.evidence if e.fact == "position"]


def _this_post(previous: Frame, merged: Frame, doc: Document) -> None:
    """«Мен мұғаліммін, … Осы қызметке бола аламын ба?»: the post talked about before is the one sought; a job
    the message names is the person's own, and the words «осы қызмет» ask for no clause kind («қызмет» = duties)."""
    from .linking import detect_kinds

    merged.context = merged.target + merged.context
    _keep_post(previous, merged)
    left = detect_kinds(THIS_POST.sub(" ", fold_kazakh(normalise(merged.text))), doc=doc)
    merged.kinds = {k: v for k, v in merged.kinds.items() if k in left or k == "requirements"}


def _own_job_told(previous: Frame, merged: Frame, doc: Document) -> bool:
    """Whether the message only tells the person's own job (no position sought, no clause of it asked)."""
    other_kinds = set(merged.kinds) - {"requirements", "competence"}
    # «а я сама воспитатель …, мне на эксперта можно?»: a level sought for one's own job asks about that job
    # «ал аға оқытушы болып ше?» names another post to ask about; a job told comes with its years
    # «бұрын мектепте мұғалім болып 3 жыл істегенмін … модератор бола ма?»: a job held before is told as
    # experience, so a level sought then is still the post under check's
    level_for_own = (merged.level is not None or bool(merged.level_candidates)) and not _BEFORE.search(
        fold_kazakh(normalise(merged.text)))
    # «Директордың орынбасары болған жоқпын»: a head's post named for the years as a head (none here) is told too
    told = bool(merged.figures) or merged.leadership_years is not None
    return (merged.own_position and bool(previous.position_id) and merged.position_id != previous.position_id
            and not other_kinds and not level_for_own and told
            and not _same_name_elsewhere(previous.position_id, merged, doc) and not _asked_first(merged))


def _asked_first(merged: Frame) -> bool:
    """«а коллеге-психологу? у неё тоже высшее, …»: the post named by the opening question is the one asked
    about, whatever the story after it tells."""
    from .reader import OPENING_QUESTION

    first = OPENING_QUESTION.match(fold_kazakh(normalise(merged.text)))
    words = next((c.words for c in merged.target + merged.context if c.position_id == merged.position_id), None)
    return bool(first and words and fold_kazakh(normalise(words)) in first.group(0))


def _same_name_elsewhere(previous_id: str, merged: Frame, doc: Document) -> bool:
    """«А мне? Я музыкальный руководитель в школе …» after the kindergarten's music director: the person's
    own job has the post's very name in another organisation, so it is that post of theirs they ask about."""
    from .linking import generic_candidates

    words = next((c.words for c in merged.target + merged.context if c.position_id == merged.position_id), "")
    candidates = generic_candidates(_without_organisation(words, doc), doc=doc)
    return previous_id in candidates and merged.position_id in candidates


def _answers_choice(previous: Frame, merged: Frame, doc: Document, duties: DutyIndex | None) -> bool:
    """«1» or «в детском саду» after «which position?»: resolve the candidates asked about."""
    choice = _CHOICE.match(merged.text)
    if choice and 1 <= int(choice.group(1)) <= len(previous.position_candidates):
        picked = previous.position_candidates[int(choice.group(1)) - 1]
    else:
        from .reader import read

        if merged.target and not any(c.position_id in previous.position_candidates for c in merged.target):
            return False  # a reply that names another post («а методист?») switches the talk, it picks none of these
        together = read(f"{previous.text} {merged.text}", previous.lang, doc=doc, duties=duties)
        picked = together.position_id if together.position_id in previous.position_candidates else None
        if picked is None and (picked := best_title_match(merged.text, previous.position_candidates, doc)):
            # chosen by words the titles share, not by a number or an organisation: a verdict that would differ
            # among the candidates is still asked (guards)
            merged.position_narrowed = list(previous.position_candidates)
        if picked is None and together.position_id and not together.position_guessed:
            picked = together.position_id  # the answer names the organisation of a position not listed
        if picked is None:
            return False
    merged.position_id, merged.position_candidates = picked, []
    merged.evidence.append(Evidence(fact="position", value=picked, words=merged.text))
    for fact in ("level", "variant", *PERSONAL):
        if getattr(merged, fact) is None:
            setattr(merged, fact, getattr(previous, fact))
    merged.kinds = merged.kinds or dict(previous.kinds)
    merged.intent = previous.intent if merged.intent == "regulation" else merged.intent
    merged.follow_up = True
    return True


def _own_figure(merged: Frame) -> None:
    """In a conversation about the person's experience, a lone figure no word governs is theirs
    («ой, ровно 5 лет уже», «ал 2 жыл болғанда ше?»)."""
    if merged.years is not None or merged.years_candidates:
        return
    # a bare figure in a story («12 лет старшим мастером на фабрике») may count anything: only a short
    # reply's, or a correction's («ой, 3 емес 4 жыл екен, қате санаппын»)
    short = len(merged.text.split()) <= SHORT_REPLY or bool(_FOLLOW_UP_START.search(fold_kazakh(normalise(merged.text))))
    loose = {f.value for f in merged.figures if f.kind == "own" or (f.kind == "bare" and short)}
    if len(loose) == 1:
        merged.years = loose.pop()
        words = next(f.words for f in merged.figures if f.value == merged.years)
        merged.evidence.append(Evidence(fact="years", value=f"{merged.years:g}", words=words))
        return
    numbers = list(_LONE_NUMBER.finditer(merged.text)) if not merged.figures and short else []
    if len(numbers) == 1 and not merged.years_unclear:
        from .figures import ALMOST

        number = numbers[0]
        merged.years = float(number.group(1).replace(",", "."))
        almost = ALMOST.search(fold_kazakh(normalise(merged.text[:number.start()])))
        if almost:  # «почти 5 же»: under 5
            merged.years_range = [merged.years - 1, merged.years - 0.01]
            merged.years_said = f"{almost.group(0).strip()} {number.group(1)}"
        merged.evidence.append(Evidence(fact="years", value=number.group(1), words=merged.years_said or merged.text.strip(),
                                        approximate=bool(almost)))


def _corrected_date(previous: Frame, merged: Frame) -> None:
    """«кешіріңіз, 2019 емес, 2022 жылдың қыркүйегі»: the start date the years were counted from is
    corrected; the years are counted again from the new one (a year without its month stays a range)."""
    from .dates import corrected_start

    said = next((e.words for e in reversed(previous.evidence) if e.fact == "years"), None)
    if merged.years is not None or merged.years_candidates or said is None:
        return
    folded = fold_kazakh(normalise(merged.text))
    span = corrected_start(fold_kazakh(normalise(said)), folded)
    if span is None:
        return
    merged.years = span.value
    merged.years_range = list(span.bounds) if span.bounds else []
    merged.years_said = folded[span.start:span.end].strip() if span.bounds else None
    merged.correction = True
    merged.evidence.append(Evidence(fact="years", value=f"{span.value:g}", words=folded[span.start:span.end].strip()))


def _supposed_years(merged: Frame) -> bool:
    """«а через 2 месяца, когда будет ровно 2 года, смогу?», «ал 3 жыл толғанда ше?», «Мне 23 года, через год будет
    уже 4 года — тогда пройду?»: during a check, the one figure of the future asked about, when no figure of the
    present is said, is the years the check is asked for (the verdict is for that future)."""
    if merged.years is not None or merged.years_candidates:
        return False
    if not (merged.asks_permission or merged.follow_up or "?" in merged.text):
        return False
    # «через полгода будет 3,5 года», «1 жылдан кейін 3 жыл болады»: the wait is no amount of years
    ahead = {f.value for f in merged.figures if f.kind == "ahead" and not _is_wait(f.words, merged.text)}
    if len(ahead) != 1 or any(f.kind not in NOT_YEARS for f in merged.figures):
        return False
    merged.years = ahead.pop()
    words = next(f.words for f in merged.figures if f.value == merged.years)
    merged.evidence.append(Evidence(fact="years", value=f"{merged.years:g}", words=words))
    merged.evidence.append(Evidence(fact="supposed", value="ahead", words=""))
    coming = next((e for e in merged.evidence if e.fact == "education_ahead"), None)
    if coming is not None and merged.education is None:  # «диплом вуза будет летом, стажа к тому времени 5,5»
        from ..eligibility.rules import Education

        merged.education = Education(coming.value)
    return True


def _is_wait(words: str, text: str) -> bool:
    """Whether a figure of the future is the time until it («через полгода», «2 жылдан кейін»), not the years then."""
    said, folded = re.escape(fold_kazakh(normalise(words))), fold_kazakh(normalise(text))
    return bool(re.search(r"(?:через|спустя)\s+" + said, folded) or re.search(said + r"\w*\s+(?:кейін|соң)", folded))


# Figures that are never the person's years, whatever else the message says (an age, a clause quoted …).
NOT_YEARS = ("ahead", "age", "ago", "quoted", "study", "contract", "children")


def _carry_position(previous: Frame, merged: Frame, doc: Document, duties: DutyIndex | None) -> None:
    if set(merged.kinds) >= {"intro"}:
        return  # a question about the regulation itself is about no position
    if merged.position_guessed and previous.position_id in merged.position_guessed and not merged.new_person:
        # «завучем возьмут?» after the deputy head was settled: a name means what it meant a turn ago (shown so,
        # and a verdict that would differ among the name's posts is asked: see guards)
        merged.position_narrowed = list(merged.position_guessed)
        merged.position_id, merged.position_guessed, merged.position_candidates = previous.position_id, [], []
        merged.evidence = [e.model_copy(update={"value": previous.position_id}) if e.fact == "position" else e
                           for e in merged.evidence]
    if previous.position_id and _names_a_deputy(merged) and (not merged.position_id or merged.position_guessed):
        # «а что заместитель должен знать?» after a deputy: the same one; «орынбасардың міндеттері?» after a
        # head, «осы орталық директорының орынбасарына?»: that organisation's deputy
        if _is_deputy(doc.position(previous.position_id).title):
            # «а его же — замом по воспитательной работе?» after the deputy for science: another deputy of the same
            # organisation the words name; else the same one
            sibling = _sibling_named(previous.position_id, merged)
            merged.position_id, merged.position_candidates, merged.position_guessed = sibling or previous.position_id, [], []
            merged.follow_up = True
            return
        merged.deputy_of_previous = True
    if previous.position_id and _SAME_PLACE.search(fold_kazakh(normalise(merged.text))) and (
            merged.position_guessed or merged.position_candidates):
        # «а у педагога-организатора там же?»: the name read in the organisation talked about
        chapter = doc.position(previous.position_id).chapter
        there = [p for p in merged.position_guessed or merged.position_candidates if doc.position(p).chapter == chapter]
        if len(there) == 1:
            merged.position_id, merged.position_guessed, merged.position_candidates = there[0], [], []
    if merged.position_candidates and not merged.position_id and previous.position_id:
        _narrow_by_previous(previous.position_id, merged, doc)
    if merged.position_id is None and not merged.position_candidates and previous.position_id:
        _re_read(previous, merged, doc, duties)
    if merged.deputy_of_previous and previous.position_id:
        merged.position_guessed = []
        deputies = deputies_of(previous.position_id, doc)
        named = set(merged.position_candidates) | ({merged.position_id} if merged.position_id else set())
        chosen = [d for d in deputies if d in named]
        if not chosen and deputies:  # «… по воспитательной работе»: the words choose among the deputies
            best = best_title_match(merged.text, deputies, doc) if len(deputies) > 1 else None
            chosen = [best] if best else deputies
        if chosen:  # none: the regulation has no deputy there, the message is read as it stands
            merged.position_id, merged.position_candidates = (chosen[0], []) if len(chosen) == 1 else (None, chosen)
            merged.kinds = merged.kinds or dict(previous.kinds)
            return
    # A follow-up keeps the position; so does a new eligibility question that names none (a verdict
    # needs one, and the conversation has it).
    # («педагог-зерттеуші ретінде не істей алуы керек?» asks what the level must be able to do, no verdict)
    asks_level = merged.level is not None and bool(_WANTS.search(fold_kazakh(normalise(merged.text)))) and \
        not ABILITY.search(fold_kazakh(normalise(merged.text)))
    if merged.position_id is None and not merged.position_candidates and (
            merged.follow_up or merged.intent == "eligibility" or asks_level):
        merged.position_id = previous.position_id
        merged.position_candidates = list(previous.position_candidates)
        # «шағын жинақты мектепке ше?»: the kind of the post this message names, else the one before
        said = variant_in(fold_kazakh(normalise(merged.text)), merged.position_id) if merged.position_id else None
        merged.variant = said or merged.variant or previous.variant
        # the name's words go along, so that a later turn can re-read them with another organisation
        merged.evidence += [e for e in previous.evidence if e.fact == "position" and not merged.said("position")]
        if asks_level and previous.position_id:  # «хочу подать на педагога-исследователя, получится?»
            merged.intent = "eligibility"
    if merged.position_id == previous.position_id and merged.variant is None and previous.variant and \
            _BACK_REFERENCE.search(fold_kazakh(normalise(merged.text))):
        merged.variant = previous.variant  # «сол мектепке директор» after «шағын жинақты мектепке ше?»: that kind of it
    # the level the person is after stays while the talk stays on the same position and person
    if merged.level is None and not merged.new_person and (
            merged.position_id == previous.position_id or merged.follow_up):
        merged.level = previous.level


# Years of a setting a rule names («соңғы 2 жыл мектепке дейінгі ұйымда», years as a head): they
# belong to the position they were told for, and do not follow the talk to another one.
SETTING_FACTS = ("nested_years", "leadership_years")


def _carry_facts(previous: Frame, merged: Frame) -> None:
    for fact in PERSONAL:
        if merged.new_person and fact not in ("locality", "org_level"):  # another candidate: their own facts
            continue
        if fact == "years" and merged.years_unclear:  # the years said before no longer hold …
            _add_years(previous, merged)  # … unless the years added to them are told («до этого ещё 2 года воспитателем»)
            continue
        if fact == "years" and _years_were_for_the_post(previous, merged):
            continue
        if (fact == "years" or fact == "education" and previous.said("education_ahead")) and previous.said("supposed"):
            continue  # years (and a diploma) supposed for a time ahead are not today's: a later turn is asked for its own

        if fact == "years" and merged.years_at_least and previous.years is not None and previous.years >= merged.years:
            merged.years = previous.years  # «соңғы бір жылы балабақшада» after «өтілім 3 жыл»: of those 3, the last 1
            continue
        if fact in SETTING_FACTS and merged.position_id != previous.position_id:
            continue
        if getattr(merged, fact) is None and getattr(previous, fact) is not None:
            setattr(merged, fact, getattr(previous, fact))
            if fact == "years":  # «почти 5» stays under 5 in the turns after it
                merged.years_range, merged.years_said = list(previous.years_range), previous.years_said
    if merged.years is not None:
        merged.years_candidates = []


def _add_years(previous: Frame, merged: Frame) -> None:
    """«До школы я ещё 2 года работала воспитателем», «оған қоса тағы 1 жыл мұғалім болдым»: years in a post of the
    regulation added to the exact experience told before are their sum. Added years of no such post (a shop, a
    firm), several, or over an approximate figure leave the experience unclear: it is asked."""
    extras = [f for f in merged.figures if f.kind == "extra"]
    if (len(extras) != 1 or extras[0].position_id is None or previous.years is None or previous.years_range
            or merged.new_person or merged.said("supposed") or not _held_as(extras[0].position_words, merged.text)
            or _HYPOTHETICAL.search(fold_kazakh(normalise(merged.text)))):
        return
    added = extras[0]
    merged.years = round(previous.years + added.value, 2)
    merged.years_unclear, merged.years_added = False, True
    merged.figures = [f for f in merged.figures if f is not added] + [added.model_copy(update={"value": merged.years, "kind": "sum"})]
    before = next((e.words for e in reversed(previous.evidence) if e.fact == "years"), f"{previous.years:g}")
    merged.evidence.append(Evidence(fact="years", value=f"{merged.years:g}", words=f"{before} + {added.words}"))


_ADDED = re.compile(fold_kazakh(r"(?<!\w)(?:ещё|еще|тағы|плюс|кроме того|сверх того)(?!\w)"))
# «там же», «туда же», «в том же колледже», «сонда», «сол жерде»: the organisation talked about before
_SAME_PLACE = re.compile(fold_kazakh(r"(?<!\w)(?:там же|туда же|в том же|в той же|сонда|сол жерде|сол ұйымда)(?!\w)"))
# «сол мектепке», «в ту же школу»: the same post, with what qualified it (wider: «сол» alone points back too)
_BACK_REFERENCE = re.compile(fold_kazakh(r"(?<!\w)(?:сол|сондай|той же|тот же|ту же|туда же|такую же|такой же)(?!\w)"))
# «если ещё 2 года поработаю», «егер тағы 1 жыл істесем»: years not yet worked are no sum of today's
_HYPOTHETICAL = re.compile(fold_kazakh(r"\bесли\b|\bегер\b|\w+(?:сам|сем|сақ|сек)\b|поработа|проработа|\bбуду\b|\bбудет\b"))
_AS_ROLE_RU = re.compile(r"(?:ом|ем|ём|ой|ей|ью)$")  # «воспитателем», not «(помощником) воспитателя»


def _held_as(words: str | None, text: str) -> bool:
    """Whether the post was named as the job held («работала воспитателем», «тәрбиеші болып»), not as a word
    beside another job («помощником воспитателя»)."""
    if not words:
        return False
    folded, said = fold_kazakh(normalise(words)).split(), fold_kazakh(normalise(text))
    if _AS_ROLE_RU.search(folded[0]):
        return True
    return bool(re.search(re.escape(" ".join(folded)) + r"\s+(?:болып|болдым|боп|қызметінде|кызметинде)", said))


def _years_were_for_the_post(previous: Frame, merged: Frame) -> bool:
    """«1 жыл фізрук, оған дейін 5 жыл мұғалім» then «ал мектепке мұғалім болып барсам?»: the years chosen
    were those of the post asked before; for another post they may be others (or the sum), so they are asked."""
    if merged.position_id in (None, previous.position_id) or merged.years is not None:
        return False
    told = {f.value for f in previous.told + previous.figures
            if f.kind in ("experience", "role", "pedagogical", "own", "bare", "nested")}
    return len(told) > 1


def _retold(merged: Frame) -> bool:
    """Years told of another job, added or as a total («хотя из этих 3 лет полтора я работал менеджером …»): the
    story the check rests on is retold, marked or not — the check goes on, and asks what it cannot tell."""
    return merged.subject != "other" and any(f.kind in ("other_job", "extra", "total", "part") for f in merged.figures)


def _continues_check(previous: Frame, merged: Frame) -> bool:
    """A follow-up of an eligibility turn that changes a fact or a level, or corrects one."""
    if set(merged.kinds) - {"requirements", "competence"} and not merged.correction:
        return False  # «а что он должен знать?»: a question about the clauses, not a new check
    if merged.kinds and _asks_the_text(merged) and not any(merged.said(f) for f in PERSONAL):
        return False  # «а что должен уметь педагог-эксперт?», «шеберге қанша жыл керек?»: the clause, not me
    changed = merged.years_unclear or any(
        merged.said(f) for f in ("level", "locality", "education", "years", "org_level", "position")) or any(
        getattr(merged, f) is not None for f in ROUTE_FACTS)
    retold = _retold(merged)
    # «Квалификация — педагог-эксперт. Подхожу?»: a fact told and a question asked goes on with the check
    marked = merged.follow_up or bool(_FOLLOW_UP_START.search(fold_kazakh(normalise(merged.text)))) or "?" in merged.text
    return merged.correction or (marked and changed) or merged.asks_permission or retold


# Facts only some routes of a rule need (categories, years as a head, in the civil service …), read without a span.
ROUTE_FACTS = ("leadership_years", "civil_service_years", "enterprise_years", "categories_held", "retraining",
               "academic_degree", "nested_years")


# A question for what the text says («что …», «какие …», «сколько … нужно», «не …», «қандай …», «қанша … керек»),
# by the interrogatives of each language (Kazakh «не» is Russian «not», so each is read in its own language).
_ASKS_TEXT = {
    "ru": re.compile(r"(?:^|\s)(?:что|какие|какой|какая|каким|чем)\s|сколько\s+(?:\w+\s+){0,4}(?:нужно|надо|требуется|необходимо)"),
    "kk": re.compile(fold_kazakh(r"(?:^|\s)(?:не|нені|қандай)\s|қанша\s+(?:\w+\s+){0,4}керек")),
}


def _asks_the_text(merged: Frame) -> bool:
    return bool(_ASKS_TEXT[merged.lang].search(fold_kazakh(normalise(merged.text)).lower()))


def _sibling_named(previous_id: str, merged: Frame) -> str | None:
    """The one other position of the previous one's organisation (chapter) that the message's words chose."""
    chapter = previous_id.split(".")[0]
    named = [*merged.position_guessed, *merged.position_candidates, *([merged.position_id] if merged.position_id else [])]
    same = list(dict.fromkeys(p for p in named if p.split(".")[0] == chapter))
    return same[0] if len(same) == 1 and same[0] != previous_id else None


def _narrow_by_previous(previous_id: str, merged: Frame, doc: Document) -> None:
    """A name that fits several positions («заместитель», «меңгеруші», «музрук») in a conversation
    about one organisation: the candidates of that organisation (its chapter), when that leaves one;
    a deputy, when the organisation's deputies leave one."""
    if previous_id in merged.position_candidates:  # «а что заместитель должен знать?» about the deputy just named
        merged.position_id, merged.position_candidates = previous_id, []
        merged.follow_up = True
        return
    chapter = previous_id.split(".")[0]
    same = [p for p in merged.position_candidates if p.split(".")[0] == chapter]
    deputies = [p for p in deputies_of(previous_id, doc) if p in merged.position_candidates]
    for narrowed in (same, deputies):
        if len(narrowed) == 1:
            merged.position_narrowed = list(merged.position_candidates)
            merged.position_id, merged.position_candidates = narrowed[0], []
            merged.follow_up = True
            return


_DEPUTIES: dict[tuple[str, str], list[str]] = {}


def deputies_of(position_id: str, doc: Document | None = None) -> list[str]:
    """The deputy-head positions of the organisation a position belongs to (the same chapter,
    or the chapters the glossary files under the same kind of organisation), by the titles of ``doc``
    (``None``: the packaged regulation, the public default)."""
    if doc is None:
        from ..regulation.corpus import load_document

        doc = load_document()
    key = (doc.sha256, position_id)
    if key not in _DEPUTIES:
        _DEPUTIES[key] = _deputies(position_id, doc)
    return list(_DEPUTIES[key])


def _deputies(position_id: str, doc: Document) -> list[str]:
    from .glossary import load_glossary

    chapter = int(position_id.split(".")[0].removeprefix("ch"))
    chapters = {chapter} | {c for ctx in load_glossary().contexts.values() if chapter in ctx.chapters for c in ctx.chapters}
    found = [p for p in doc.positions if p.chapter in chapters and _is_deputy(p.title) and p.id != position_id]
    if len(found) < 2:
        return [p.id for p in found]
    # The deputy whose title names the same organisation as the head's («… қосымша білім беру ұйымы
    # басшысының орынбасары» for «… қосымша білім беру ұйымының басшысы»), when one stands out.
    own = _words(doc.position(position_id).title)
    overlap = sorted(((len(own & _words(p.title)) / len(_words(p.title)), p.id) for p in found), reverse=True)
    if overlap[0][0] - overlap[1][0] >= DEPUTY_MARGIN:
        return [overlap[0][1]]
    return [p.id for p in found]


DEPUTY_MARGIN = 0.15


def _words(title: str) -> set[str]:
    return {w[:5] for w in re.findall(r"[^\W\d_]+", fold_kazakh(normalise(title))) if len(w) > 2}


_DEPUTY_WORD = re.compile(fold_kazakh(r"заместител|орынбасар|замдиректор|\bзам\w{0,3}\b"))


def _names_a_deputy(frame: Frame) -> bool:
    """A deputy named by the role alone («заместитель», «орынбасары», «зам»), no organisation's own title."""
    return bool(_DEPUTY_WORD.search(fold_kazakh(normalise(frame.text))))


def _is_deputy(title: str) -> bool:
    return "орынбасар" in fold_kazakh(normalise(title))


def _re_read(previous: Frame, merged: Frame, doc: Document, duties: DutyIndex | None) -> None:
    """A follow-up that changes what qualifies the position («а у старшего?», «ал балабақшада
    істесем ше?», «в колледже»): the previous position's words read with this message; a different
    single position that comes out of it replaces the previous one."""
    from .reader import read

    words = next((e.words for e in previous.evidence if e.fact == "position"), None)
    if not words:
        return
    # the words of an education («колледж, по специальности 3 года») name no organisation of a position
    text = merged.text
    for e in merged.evidence:
        if e.fact == "education" and e.words:
            text = text.replace(e.words, " ")
    # «а в школе?» moves the name there; a story that mentions a school («… до этого в школе») does not, nor one
    # that tells the years of a past job there («в отделе образования он был 4 года, а ещё 2 — в частной фирме»)
    short = len(text.split()) <= SHORT_REPLY
    if not short and any(f.kind not in NOT_YEARS for f in merged.figures):
        return
    organisation = _names_organisation(text, doc) and short
    if organisation:  # «а в колледже?»: the name without the organisation it had
        words = _without_organisation(words, doc) or words
    alone = read(words, previous.lang, doc=doc, duties=duties).position_id
    said = text.strip().rstrip("?!.… ")
    swapped = _area_swapped(words, said)
    if swapped and (other := _same_organisation(read(swapped, previous.lang, doc=doc, duties=duties), previous, doc)):
        merged.position_id, merged.follow_up = other, True
        merged.evidence.append(Evidence(fact="position", value=other, words=swapped))
        return
    for joined in (f"{words} {said}", f"{said} {words}"):  # «… а в детском доме», «а у старшего … тренер»
        together = read(joined, previous.lang, doc=doc, duties=duties)
        # only when this message's words change the reading («у старшего», «балабақшада», «в школе» after
        # «в колледже», though the school's is the name's default)
        if together.position_id and together.position_id != previous.position_id and (
                together.position_id != alone or organisation) and not together.position_guessed:
            merged.position_id, merged.follow_up = together.position_id, True
            # the name's words, so that the next turn can re-read them with another organisation
            merged.evidence.append(Evidence(fact="position", value=together.position_id, words=words))
            return


def _same_organisation(frame: Frame, previous: Frame, doc: Document) -> str | None:
    """The post a re-read name gives in the previous post's chapter (the organisation talked about), when it is
    another post than the previous one."""
    ids = [frame.position_id] if frame.position_id and not frame.position_guessed else (
        frame.position_guessed or frame.position_candidates)
    chapter = doc.position(previous.position_id).chapter
    same = [pid for pid in ids if doc.position(pid).chapter == chapter and pid != previous.position_id]
    return same[0] if len(same) == 1 else None


_AREA_BEFORE = re.compile(r"^(?P<head>.+?)\s(?P<area>по\s.+)$", re.IGNORECASE)
_AREA_ASKED = re.compile(r"^(?:(?:а|и|ну а|ну)\s+)?(?:(?:у|к|для)\s+(?:\S+\s+)?)?(?P<area>по\s.+)$", re.IGNORECASE)


def _area_swapped(words: str, said: str) -> str | None:
    """«завуча по учебной работе» then «а по воспитательной?»: the area named instead of the one before, its
    elided noun taken from the words before («по воспитательной» → «завуча по воспитательной работе»)."""
    before, asked = _AREA_BEFORE.match(words), _AREA_ASKED.match(said)
    if not before or not asked:
        return None
    old, new = before.group("area").split(), asked.group("area").split()
    if len(new) < len(old):
        new += old[len(new):]
    return f"{before.group('head')} {' '.join(new)}"


def best_title_match(text: str, candidates: list[str], doc: Document) -> str | None:
    """The candidate whose names (Kazakh title in ``doc``, Russian title and aliases) share the most word
    stems with an answer to «which one?» («по учебно-производственной работе»), if one leads."""
    from .glossary import load_glossary

    said = _words(text)
    if not said:
        return None
    glossary = load_glossary()
    scores = []
    for pid in candidates:
        names = glossary.positions[pid]
        title = " ".join([doc.position(pid).title, names.ru, *names.ru_aliases, *names.kk_aliases])
        scores.append((len(said & _words(title)), pid))
    scores.sort(reverse=True)
    if scores[0][0] and (len(scores) == 1 or scores[0][0] > scores[1][0]):
        return scores[0][1]
    return None


def _names_organisation(text: str, doc: Document) -> bool:
    from .linking import get_linker

    linker = get_linker(doc)
    return any(linker.glossary.contexts[h.payload.context_id].chapters for h in linker.read(text).find(linker.contexts))


def _without_organisation(words: str, doc: Document) -> str:
    """A position's words without those naming its organisation («педагогу-психологу школы» →
    «педагогу психологу»), so that another organisation can be read with the name."""
    from .linking import get_linker
    from .textnorm import tokens

    linker = get_linker(doc)
    q = linker.read(words)
    drop = {i for h in q.find(linker.contexts) for i in range(h.start, h.end)}
    return " ".join(w for i, w in enumerate(tokens(words)) if i not in drop)
