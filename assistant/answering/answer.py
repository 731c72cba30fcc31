"""The answer every channel shows: text, language, mode, citations, eligibility verdict.

This is the boundary model of the answering chain (`assistant.answering.chain.answer`);
the web service, the widget, the Telegram bot and the evaluation all read it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, PrivateAttr

from ..eligibility.result import EligibilityResult
from ..regulation.citation import Citation

Lang = Literal["kk", "ru"]
Mode = Literal["extractive", "llm"]
Route = Literal["eligibility", "regulation", "out_of_scope", "greeting", "help", "clarify"]


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
    eligibility: EligibilityResult | None = Field(default=None, description="the checker's verdict with its clause, "
                                                                          "when one was run")
    abstained: bool = False
    notice: str | None = Field(default=None, description="e.g. why the LLM answer fell back to the extractive one")
    session_id: str | None = Field(default=None, description="the conversation's id, when the question was asked in "
                                                             "one (None: a one-off question, nothing stored)")
    choices: list[Choice] = Field(default_factory=list, description="options when it asks back; send one's reply")
    llm_tokens: int | None = Field(default=None, description="tokens the LLM used for this answer (prompt and "
                                                             "reply, every tool round), when one was asked")
    # Quoted items whose translation was shown and not shown (assistant/answering/translation.py), for /metrics;
    # not part of the answer's JSON.
    _translations: tuple[int, int] | None = PrivateAttr(default=None)
