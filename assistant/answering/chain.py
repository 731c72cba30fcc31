"""The answering chain behind every channel: ``answer(question, session) -> Answer``.

A LangChain Runnable pipeline::

    prepare (validate, language, session) → route → one branch per route → remember

Routes: greeting/help (fixed text), out of scope (said plainly, with the closest
clauses), eligibility (slots → the deterministic checker, see
:mod:`assistant.eligibility`), regulation (hybrid retrieval → quoted sentences
with citations). The extractive answerer is the default; when an LLM endpoint
is configured it phrases the regulation answers, under guards, and any failure
falls back to the extractive answer.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from langchain_core.runnables import RunnableBranch, RunnableLambda

from . import phrases, render, scope
from .answer import Answer, Choice, Citation
from ..regulation.citation import citation as clause_citation
from .conversation import MemorySessionStore, Session, SessionStore, Turn
from ..regulation.document import ClauseKind, Document, Level
from ..errors import InputError, LLMUnavailable
from ..eligibility import EligibilityResult, QuestionCheck
from ..eligibility.guards import check_frame
from ..eligibility.rules import load_rules
from ..eligibility.evaluate import Situation
from ..eligibility.summary import requirement_summary
from .extract import excerpt, heading_and_body, supporting_item
from ..language.glossary import level_from_text, naming_kazakh, russian_title
from ..language import Frame, carry, read
from ..language.frame import Evidence
from ..search.lexical import document_terms, query_terms
from ..regulation.restorations import head, restore_text, restored_clause
from ..search.retrieval import Hit, Retriever, get_retriever
from ..settings import Settings, get_settings
from ..language.textnorm import FUNCTION_WORDS, fold_kazakh, lang_unclear, normalise

log = logging.getLogger(__name__)

MAX_CITATIONS = 3
SEARCH_K = 8


_CYRILLIC_WORD = re.compile(r"[а-яёәғқңөұүһі-]+", re.IGNORECASE)
# «сколько стажа», «қанша өтіл», «какой опыт работы»: a question about the experience a position asks
_EXPERIENCE_ASKED = re.compile(fold_kazakh(r"стаж|өтіл|опыт\w* работ|жұмыс тәжірибе|сколько лет|неше жыл|қанша жыл"))


def _asks_experience(frame: Frame) -> bool:
    """Experience asked in so many words, or a follow-up of a requirements question that changes what
    the figure depends on («а в селе?», «а на педагога-мастера?»)."""
    if "requirements" not in frame.kinds:
        return False
    if _EXPERIENCE_ASKED.search(fold_kazakh(normalise(frame.text))):
        return True
    return frame.follow_up and any(frame.said(f) for f in ("level", "locality", "education", "org_level"))


@dataclass
class State:
    """What flows through the pipeline for one question."""

    question: str
    lang: str
    session: Session
    stored: bool = False  # the caller named the conversation by id: it is kept in the session store
    route: str = "regulation"
    hits: list[Hit] = field(default_factory=list)
    answer: Answer | None = None
    turn: dict[str, Any] = field(default_factory=dict)
    frame: Frame | None = None


class Assistant:
    """Built once per process; every channel calls :meth:`answer`."""

    def __init__(self, settings: Settings | None = None, retriever: Retriever | None = None,
                 sessions: SessionStore | None = None, chat_model: Any = None) -> None:
        self.settings = settings or get_settings()
        # The process-wide retriever serves the process-wide settings only: other settings get their own.
        self.retriever = retriever or (get_retriever() if settings is None else Retriever(self.settings))
        self.sessions = sessions or MemorySessionStore()
        self._chat_model = chat_model
        self._chain = self._build_chain()
        self._lock = threading.Lock()

    @property
    def ready(self) -> bool:
        return self.retriever.ready

    def load(self, progress: bool = True) -> None:
        self.retriever.load(progress=progress)

    def answer(self, question: str, session: Session | str | None = None, lang: str | None = None,
               default_lang: str | None = None) -> Answer:
        """``session``: the conversation's id (kept in the session store, so a follow-up may reach any
        worker), a :class:`Session` the caller keeps itself, or None — one question, nothing stored.

        ``lang`` forces the answer's language; ``default_lang`` (a channel's chosen language) is used only
        when the question's own language cannot be told and no conversation went before."""
        state = self._prepare(question, session, lang, default_lang)
        return self._chain.invoke(state)

    # -- the pipeline ------------------------------------------------------------------
    def _build_chain(self):
        return (
            RunnableLambda(self._route)
            | RunnableBranch(
                (lambda s: s.route == "greeting", RunnableLambda(self._fixed(phrases.GREETING))),
                (lambda s: s.route == "help", RunnableLambda(self._fixed(phrases.HELP))),
                (lambda s: s.route == "out_of_scope", RunnableLambda(self._out_of_scope)),
                (lambda s: s.route == "eligibility", RunnableLambda(self._eligibility)),
                RunnableLambda(self._regulation),
            )
            | RunnableLambda(self._remember)
        )

    def _prepare(self, question: str, session: Session | str | None, lang: str | None,
                 default_lang: str | None = None) -> State:
        text = " ".join((question or "").split())
        if not text:
            raise InputError("the question is empty")
        if len(text) > self.settings.max_question_chars:
            raise InputError(f"the question is longer than {self.settings.max_question_chars} characters")
        for given in (lang, default_lang):
            if given not in (None, "kk", "ru"):
                raise InputError(f"unknown language {given!r}: use kk or ru")
        session_ = self._session(session)
        last = session_.last
        previous = Frame.model_validate(last.frame) if last is not None and last.frame else None
        # the reading's names, figures and clauses are those of the regulation this assistant's settings name
        doc, duties = self.retriever.document, self.retriever.duty_index
        frame = carry(previous, read(text, doc=doc, duties=duties), last.route if last else None, doc=doc, duties=duties)
        if default_lang and previous is None and lang_unclear(frame.text):
            frame.lang = default_lang  # the question does not tell: the channel's chosen language does
        return State(question=text, lang=lang or frame.lang, session=session_, frame=frame,
                     stored=isinstance(session, str) and bool(session))

    def _session(self, session: Session | str | None) -> Session:
        if isinstance(session, Session):
            return session
        if session:
            return self.sessions.get(session) or Session(id=session)
        return Session()

    def _route(self, state: State) -> State:
        state.route = state.frame.intent
        return state

    def _remember(self, state: State) -> Answer:
        answer = state.answer
        frame = state.frame.model_dump(mode="json")
        state.session.add(Turn(question=state.question, lang=state.lang, route=answer.route, frame=frame, **state.turn))
        if state.stored:
            self.sessions.save(state.session)
        answer.session_id = state.session.id if state.stored else None
        return answer

    # -- branches --------------------------------------------------------------------------
    @staticmethod
    def _fixed(texts: dict[str, str]):
        def branch(state: State) -> State:
            state.answer = Answer(answer=texts[state.lang], lang=state.lang, route=state.route)
            return state
        return branch

    def _out_of_scope(self, state: State) -> State:
        hits = self.retriever.search(state.question, k=MAX_CITATIONS)
        state.answer = self._abstain(state, phrases.OUT_OF_SCOPE, hits, route="out_of_scope")
        return state

    def _eligibility(self, state: State) -> State:
        outcome = check_frame(state.frame, self.retriever.document)
        slots = outcome.slots
        state.turn = {"slots": slots.model_dump(mode="json"),
                      "position_ids": [slots.position_id] if slots.position_id else []}
        if outcome.result is not None:
            state.answer = self._verdict(state, outcome.result)
            state.answer = self._with_llm(state, [c.id for c in state.answer.citations])
        elif outcome.missing:
            state.answer = self._ask_back(state, outcome)
        else:  # the checker cannot decide (e.g. the clause sets no figure for that level): quote the clause
            state.answer = self._requirements_of(state, slots.position_id)
        line = self._understood(state)
        if line:
            state.answer.answer = f"{line}\n\n{state.answer.answer}"
        return state

    def _understood(self, state: State) -> str:
        """What was read from this message, as the person's words → value."""
        doc = self.retriever.document
        evidence = list(state.frame.evidence)
        if state.frame.position_id and not state.frame.said("position"):
            # the post this check is about, carried from the conversation: shown too, so that a wrong one can be seen
            evidence.insert(0, Evidence(fact="position", value=state.frame.position_id, words=""))
        ids = {e.value for e in evidence if e.fact == "position"}
        names = {pid: russian_title(pid) if state.lang == "ru" else doc.position(pid).title for pid in ids}
        levels = {lv.value: (lv.ru if state.lang == "ru" else lv.kk) for lv in Level}
        categories = {cid: (c.ru if state.lang == "ru" else c.kk) for cid, c in load_rules().vocabulary.categories.items()}
        return render.understood(evidence, state.lang, categories | names | levels)

    def _verdict(self, state: State, result: EligibilityResult) -> Answer:
        text = result.explanation_ru if state.lang == "ru" else result.explanation_kk
        ids = [result.citation.id] + [p.citation.id for c in result.conflicts for p in c.provisions]
        quotes = {result.citation.id: result.citation.quote}
        quotes |= {p.citation.id: p.citation.quote for c in result.conflicts for p in c.provisions}
        citations = [self._citation(self.retriever.document.clause(i), state.lang, quotes[i]) for i in dict.fromkeys(ids)]
        return Answer(answer=text, lang=state.lang, route="eligibility", citations=citations, eligibility=result)

    def _ask_back(self, state: State, outcome: QuestionCheck) -> Answer:
        asks = [m.question_ru if state.lang == "ru" else m.question_kk for m in outcome.missing]
        text = render.missing_facts(asks, state.lang)
        choices = []
        if outcome.slots.position_candidates:
            names = self._titles(outcome.slots.position_candidates, state.lang)
            text = render.candidates(names, state.lang) + "\n\n" + text
            choices = _choices(names)
        if state.frame.setting_unmatched:
            text = render.setting_unmatched(state.frame.setting_unmatched, state.lang) + "\n\n" + text
        return Answer(answer=text, lang=state.lang, route="clarify", choices=choices)

    def _titles(self, position_ids: list[str], lang: str) -> list[str]:
        doc = self.retriever.document
        return [russian_title(p) if lang == "ru" else doc.position(p).title for p in position_ids]

    def _requirements_of(self, state: State, position_id: str | None) -> Answer:
        kinds = [ClauseKind.REQUIREMENTS.value]
        hits = self.retriever.search(state.question, k=1, kinds=kinds,
                                     position_ids=[position_id] if position_id else None)
        if not hits:
            return self._abstain(state, phrases.ABSTAIN, [])
        answer = self._extractive(state, state.question, hits)
        answer.answer = phrases.NO_FIGURE[state.lang] + "\n\n" + answer.answer
        answer.route = "eligibility"
        return answer

    def _regulation(self, state: State) -> State:
        frame = state.frame
        if _ask_which_position(frame):
            state.answer = self._which_position(state)
            return state
        query = frame.text
        if _undecided(frame, self.retriever.document) or frame.setting_unmatched and not frame.position_id:
            state.answer = self._which_position(state)
            return state
        hits = (self._follow_up_hits(frame) or self._candidate_hits(frame)
                or self.retriever.search(query, k=SEARCH_K, frame=frame))
        if not hits or hits[0].score < self.settings.abstain_below:
            state.answer = self._abstain(state, phrases.ABSTAIN, hits[:MAX_CITATIONS])
            return state
        verdict = scope.judge(frame, [h.text for h in hits], self.retriever.document)
        if verdict.outside:
            state.answer = self._outside(state, verdict, hits[:MAX_CITATIONS])
            return state
        chosen, also = one_clause_per_kind(frame, hits, choose_hits(hits))
        state.turn = {"position_ids": [h.position_id for h in chosen if h.position_id],
                      "kinds": [h.kind.value for h in chosen]}
        state.answer = self._extractive(state, query, chosen, also)
        if frame.described and not frame.position_id and frame.offered:
            state.answer.answer = f"{phrases.DESCRIBED_UNSURE[state.lang]}\n\n{state.answer.answer}"
        figures = self._requirement_figures(frame, chosen, state.lang)
        if figures:
            state.answer.answer = f"{figures}\n\n{state.answer.answer}"
        state.answer = self._with_llm(state, [h.clause_id for h in hits[:SEARCH_K]])
        return state

    def _requirement_figures(self, frame: Frame, chosen: list[Hit], lang: str) -> str | None:
        """«Сколько стажа нужно …?»: the figures of the requirements clause answered, level by level, in
        the question's language, before its quote (issue 13)."""
        if not _asks_experience(frame):
            return None
        hit = next((h for h in chosen if h.kind is ClauseKind.REQUIREMENTS and h.position_id), None)
        if hit is None:
            return None
        clause = self.retriever.document.clause(hit.clause_id)
        title = russian_title(clause.position_id) if lang == "ru" else clause.position
        situation = Situation(education=frame.education, locality=frame.locality, org_level=frame.org_level)
        return requirement_summary(clause.position_id, frame.level, lang, title or clause.position, clause.clause,
                                   situation)

    def _outside(self, state: State, verdict: scope.Scope, hits: list[Hit]) -> Answer:
        """«Not covered», with the words the clauses did not support (so the decision can be checked)."""
        texts = phrases.NOT_A_POSITION if verdict.reason == "role" else phrases.NOT_SUPPORTED
        # only words of the regulation's languages are named back: markup or code in a question never is
        words = [w for w in verdict.unsupported if _CYRILLIC_WORD.fullmatch(w)]
        answer = self._abstain(state, phrases.OUT_OF_SCOPE, hits, route="out_of_scope")
        if words:
            why = texts[state.lang].format(words=", ".join(f"«{w}»" for w in words))
            answer.answer = f"{why}\n\n{answer.answer}"
        return answer

    def _follow_up_hits(self, frame: Frame) -> list[Hit]:
        """A follow-up («а в селе?», «а что он должен знать?»), or any question whose position the frame
        knows, is searched within that position (and the clause kinds asked, when some are)."""
        about_regulation = not frame.position_id and set(frame.kinds) >= {"intro"}
        if about_regulation:
            return self.retriever.search(frame.text, k=SEARCH_K, kinds=list(frame.kinds), frame=frame)
        if not frame.position_id:
            return []
        # a position read with no kind asked («Кто в школе составляет расписание уроков?», chosen by its duties):
        # its own clauses, the words of the question choosing among them
        return self.retriever.search(frame.text, k=SEARCH_K, kinds=_asked_kinds(frame),
                                     position_ids=[frame.position_id], frame=frame)

    def _candidate_hits(self, frame: Frame) -> list[Hit]:
        """A name that fits several positions («директор», «замдиректора по воспитательной»): the search
        keeps to them, and the words of the question choose (the answer names the position it cites)."""
        if frame.position_id or len(frame.position_candidates) < 2:
            return []
        return self.retriever.search(frame.text, k=SEARCH_K, kinds=_asked_kinds(frame),
                                     position_ids=frame.position_candidates, frame=frame)

    def _which_position(self, state: State) -> Answer:
        names = self._titles(state.frame.position_candidates, state.lang)
        text = render.candidates(names, state.lang)
        if state.frame.setting_unmatched:
            text = render.setting_unmatched(state.frame.setting_unmatched, state.lang) + "\n\n" + text
        return Answer(answer=text, lang=state.lang, route="clarify", choices=_choices(names))

    # -- rendering -------------------------------------------------------------------------
    def _extractive(self, state: State, query: str, hits: list[Hit], also: list[Hit] = ()) -> Answer:
        """The hits quoted, then ``also``: clauses the search ranked near, named for a click, not quoted."""
        terms = question_terms(query, self.retriever.document)
        level = level_from_text(query)
        blocks, citations, lead = [], [], None
        for hit in hits:
            clause = restored_clause(self.retriever.document.clause(hit.clause_id))  # shown as it should read
            closeness = self._closeness(state, query, clause)
            part = excerpt(clause, content_terms(terms, clause), document_terms, level if clause.levels else None,
                           closeness)
            citation = self._citation(clause, state.lang, part.quote)
            citations.append(citation)
            blocks.append(render.clause_block(clause.kind, citation, part, state.lang))
            if closeness is not None and lead is None:
                lead = render.yes_no_lead(supporting_item(closeness) is not None, part, citation, state.lang)
        quoted = len(citations)
        for hit in also:
            clause = restored_clause(self.retriever.document.clause(hit.clause_id))
            citations.append(self._citation(clause, state.lang, head(clause.id, clause.text, 300)))
        text = "\n\n".join(([lead] if lead else []) + blocks + [render.sources(citations, state.lang, quoted)])
        return Answer(answer=text, lang=state.lang, route="regulation", citations=citations)

    def _closeness(self, state: State, query: str, clause) -> list[float] | None:
        """A yes/no question about what a position does: how close each duty is to it."""
        if state.frame is None or not state.frame.polar or clause.kind is not ClauseKind.DUTIES:
            return None
        return self.retriever.item_closeness(query, clause.id)

    def _citation(self, clause, lang: str, quote: str) -> Citation:
        return clause_citation(clause, quote, lang, russian_title(clause.position_id) if clause.position_id else None)

    def _abstain(self, state: State, texts: dict[str, str], hits: list[Hit], route: str = "regulation") -> Answer:
        citations = [self._citation(self.retriever.document.clause(h.clause_id), state.lang,
                                    head(h.clause_id, restore_text(h.clause_id, h.text), 300))
                     for h in hits]
        text = texts[state.lang]
        if citations:
            text += f"\n\n{phrases.CLOSEST[state.lang]}\n" + "\n".join(f"• {c.label}" for c in citations)
        return Answer(answer=text, lang=state.lang, route=route, citations=citations, abstained=True)

    def chat_model(self) -> Any:
        """The configured chat model, created on first use."""
        with self._lock:
            if self._chat_model is None:
                from .llm import build_chat_model

                self._chat_model = build_chat_model(self.settings)
            return self._chat_model

    def _with_llm(self, state: State, context_ids: list[str]) -> Answer:
        """The LLM's phrasing of the extractive answer when an endpoint is configured."""
        if not self.settings.llm_base_url:
            return state.answer
        from .llm_answer import phrase_with_llm
        from .translation import translate_answer

        ends = time.monotonic() + self.settings.llm_deadline_s  # one deadline: phrasing and translation
        try:
            phrased = phrase_with_llm(self, state.question, state.answer, context_ids)
        except LLMUnavailable as exc:
            log.warning("LLM fallback to the extractive answer: %s", exc)
            fallback = state.answer.model_copy()
            fallback.notice = phrases.LLM_FALLBACK[state.lang]
            return fallback  # the endpoint failed: no second request for a translation
        return translate_answer(self, phrased, ends)


def _asked_kinds(frame: Frame) -> list[str] | None:
    """The clause kinds a frame asks about: the strongest, and any as strong («обязанности и что
    должен знать»); None when it names none."""
    if not frame.kinds:
        return None
    top = max(frame.kinds.values())
    return [k for k, w in frame.kinds.items() if w == top]


def _choices(titles: list[str]) -> list[Choice]:
    """Numbered options: the reply «2» picks the second (the next turn reads it with this one)."""
    return [Choice(label=t, reply=str(i)) for i, t in enumerate(titles, 1)]


def _undecided(frame: Frame, document) -> bool:
    """A name that fits more positions than an answer cites, and no other word of the question that
    occurs in some of their clauses but not in all: nothing can choose, so which one is asked."""
    candidates = frame.position_candidates
    if frame.position_id or len(candidates) <= MAX_CITATIONS:
        return False
    vocab = [_position_terms(document, pid) for pid in candidates]  # small: a few hundred terms per position
    naming = {t for pid in candidates for t in document_terms(document.position(pid).title)}
    # the name's own words choose nothing, nor do the words of a kind, a level or an organisation («сколько стажа
    # нужно методисту на эксперта?»): only what the question is about could
    words = " ".join(scope.content_words(frame.text, document))
    terms = set(query_terms(words, doc=document)) - naming if words else set()
    return not any(0 < sum(t in v for v in vocab) < len(vocab) for t in terms)


def _position_terms(document, position_id: str) -> frozenset[str]:
    return _terms_of(tuple(c.text for c in document.clauses if c.position_id == position_id))


@lru_cache(maxsize=256)
def _terms_of(texts: tuple[str, ...]) -> frozenset[str]:
    """The lexical terms of a position's clauses (stemming them once per process, not per question)."""
    return frozenset(t for text in texts for t in document_terms(text))


def _ask_which_position(frame: Frame) -> bool:
    """«а его заместителю?» when the organisation has more deputies than an answer cites: which one is
    asked, since the question has no other words to choose by (two or three are answered side by side)."""
    return frame.deputy_of_previous and not frame.position_id and len(frame.position_candidates) > MAX_CITATIONS


def question_terms(query: str, document: Document | None = None) -> set[str]:
    """The question's search terms, less the Kazakh words only its naming phrases added (a Russian
    «воспитатель детского сада, что должен знать» adds «білуге міндетті», «мектепке дейінгі ұйым»:
    words that name, and would pick one item of a list the question asks for whole)."""
    terms = set(query_terms(query, doc=document))
    named, asked = naming_kazakh(query, document)
    if named:
        terms -= set(query_terms(" ".join(named), expand=False)) - set(query_terms(" ".join(asked), expand=False))
    return terms


def content_terms(terms: set[str], clause) -> set[str]:
    """The question's terms without those naming the clause's position or kind: what is left says
    which items of the clause the question is about (none left: a general question)."""
    naming = set(document_terms(clause.position or "")) | set(document_terms(heading_and_body(clause.text)[0]))
    # the setting («мектеп», «школьного», the chapter's title) says where, not which item; function words
    # («какие», «у») say nothing
    naming |= set(document_terms(clause.chapter_title or "")) | _setting_terms(clause.chapter) | _FUNCTION_TERMS
    # the glossary's other names of the clause's kind («білуге міндетті» for «білуге тиіс»): its «міндетті» would
    # pick the item «жалпыға міндетті … стандарты» of a question that asks for the whole list
    return terms - naming - _kind_terms(clause.kind.value)


_KIND_TERM_GROUPS = {"duties": "duties", "knowledge": "knowledge", "requirements": "requirements",
                     "competence": "competence_requirements"}


@lru_cache(maxsize=8)
def _kind_terms(kind: str) -> frozenset[str]:
    """Terms of the glossary's names of a clause kind, in both languages."""
    from ..language.glossary import load_glossary

    group = next((t for t in load_glossary().terms if t.id == _KIND_TERM_GROUPS.get(kind)), None)
    return frozenset(query_terms(" ".join([*group.ru, *group.kk]), expand=False)) if group else frozenset()


@lru_cache(maxsize=16)
def _setting_terms(chapter: int | None) -> frozenset[str]:
    """Terms of the names the glossary gives the organisations of a chapter (its «contexts»)."""
    from ..language.glossary import load_glossary

    names = [n for ctx in load_glossary().contexts.values() if chapter in ctx.chapters for n in ctx.names]
    return frozenset(query_terms(" ".join(names), expand=False))


def one_clause_per_kind(frame: Frame, hits: list[Hit], chosen: list[Hit]) -> tuple[list[Hit], list[Hit]]:
    """One kind asked of one position («обязанности психолога») is answered by one clause: the best of that
    kind; the other clauses chosen are named after it (see also), not quoted. Two kinds or two positions
    asked keep every clause chosen (issue 13)."""
    asked = _asked_kinds(frame)
    positions = {h.position_id for h in chosen}
    if not asked or len(asked) != 1 or len(positions) > 1 and not frame.position_id:
        return chosen, []
    if not (frame.position_id or chosen[0].position_id):
        return chosen, []  # the regulation about itself (chapter 1, the order): its clauses answer together
    best = next((h for h in hits if h.kind.value == asked[0] and (h.position_id == chosen[0].position_id
                                                                   or h.position_id == frame.position_id)), None)
    if best is None:
        return chosen, []
    return [best], [h for h in chosen if h is not best]


_FUNCTION_TERMS = frozenset(t for word in FUNCTION_WORDS for t in query_terms(word, expand=False))


def choose_hits(hits: list[Hit]) -> list[Hit]:
    """The top hit, plus hits nearly as good (a question may span two kinds or positions)."""
    top = hits[0]
    chosen = [top]
    for hit in hits[1:]:
        if len(chosen) < MAX_CITATIONS and hit.score >= 0.8 * top.score:
            chosen.append(hit)
    return chosen


@lru_cache(maxsize=1)
def get_assistant() -> Assistant:
    """The process-wide assistant (the index is loaded on first question or by :meth:`Assistant.load`).

    Its conversation sessions live in the database, so a follow-up may reach any worker.
    """
    return _stored_assistant(get_settings(), get_retriever())


def assistant_for(settings: Settings) -> Assistant:
    """The assistant for ``settings``: the process-wide one when they are the process's own, else a new one."""
    return get_assistant() if settings == get_settings() else _stored_assistant(settings, Retriever(settings))


def _stored_assistant(settings: Settings, retriever: Retriever) -> Assistant:
    from ..storage.database import DatabaseSessionStore, open_storage

    return Assistant(settings, retriever, DatabaseSessionStore(open_storage(settings.database_url)))


def answer(question: str, session: Session | str | None = None, lang: str | None = None,
           default_lang: str | None = None) -> Answer:
    """Answer one question; ``session`` (an id or a :class:`Session`) carries the conversation."""
    return get_assistant().answer(question, session, lang, default_lang)
