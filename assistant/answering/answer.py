"""The answer every channel shows: text, language, mode, citations, eligibility verdict.

This is the boundary model of the answering chain (`assistant.answering.chain.answer`);
the web service, the widget, the Telegram bot and the evaluation all read it.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field, PrivateAttr

Lang = Literal["kk", "ru"]
Mode = Literal["extractive", "llm"]
Route = Literal["eligibility", "regulation", "out_of_scope", "greeting", "help", "clarify"]


class Citation(BaseModel):
    """One cited clause: where it stands in the regulation and the quoted sentences."""

    id: str = Field(description="clause id, e.g. ch2.p2.c12 (a level item: ch2.p2.c13.l5)")
    chapter: int | None
    paragraph: int | None
    clause: int
    position: str | None = Field(description="Kazakh position title as printed")
    position_ru: str | None = None
    label: str = Field(description="human citation in the answer's language")
    quote: str = Field(description="the quoted Kazakh text (sentences of the clause that answer), as it should "
                                   "read: law titles the PDF extraction scrambled are restored (corpus/restorations.yaml)")
    restored: bool = Field(default=False, description="the quote differs from the printed text by a restoration")
    printed_quote: str | None = Field(default=None, description="the quote exactly as printed, when restored")
    translation: str | None = Field(default=None, description="an unofficial Russian translation of the quote by the "
                                                              "LLM (Russian answers only), shown only when it passed "
                                                              "the checks of assistant/answering/translation.py")


class Choice(BaseModel):
    """One option when the assistant asks back (which position?): channels show it as a button."""

    label: str
    reply: str = Field(description="the message that picks it, sent in the same session (e.g. «1»)")


class Answer(BaseModel):
    answer: str
    lang: Lang
    mode: Mode = "extractive"
    route: Route = "regulation"
    citations: list[Citation] = Field(default_factory=list)
    eligibility: Any | None = Field(default=None, description="the checker's EligibilityResult, when one was run")
    abstained: bool = False
    notice: str | None = Field(default=None, description="e.g. why the LLM answer fell back to the extractive one")
    session_id: str | None = Field(default=None, description="pass it back to continue the conversation")
    choices: list[Choice] = Field(default_factory=list, description="options when it asks back; send one's reply")
    llm_tokens: int | None = Field(default=None, description="tokens the LLM used for this answer (prompt and "
                                                             "reply, every tool round), when one was asked")
    # Quoted items whose translation was shown and not shown (assistant/answering/translation.py), for /metrics;
    # not part of the answer's JSON.
    _translations: tuple[int, int] | None = PrivateAttr(default=None)
