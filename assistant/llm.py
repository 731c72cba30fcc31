"""Optional LLM answerer through any OpenAI-compatible chat endpoint (vLLM, llama.cpp, Ollama).

The LLM only phrases the answer. It never decides an experience figure: the
eligibility checker is bound as a tool, and the guards below make sure that
(1) every citation is a clause that retrieval actually returned, and (2) a
years figure that contradicts the checker is replaced by the checker's verdict.
Any failure of the endpoint raises :class:`LLMUnavailable`, and the chain falls
back to the extractive answer.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage, ToolMessage

from .errors import LLMUnavailable
from .settings import Settings

log = logging.getLogger(__name__)

CITATION_RE = re.compile(r"\[((?:ch\d+(?:\.p\d+b?)?|order)\.c\d+(?:\.l[1-5])?)\]")
# «5 жыл», «кемінде 3 жыл», «5 лет», «3 года», «2,5 года»
YEARS_RE = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?:жыл|жы\b|лет|года|год)", re.IGNORECASE)
MAX_TOOL_ROUNDS = 2

SYSTEM_PROMPT = {
    "kk": (
        "Сен педагог лауазымдарының үлгілік біліктілік сипаттамалары (№ 338 бұйрық) бойынша көмекшісің. "
        "Тек берілген тармақтарға сүйеніп, қазақ тілінде қысқа жауап бер. Әр тұжырымнан кейін тармақтың "
        "идентификаторын шаршы жақшада көрсет, мысалы [ch2.p2.c12]. Жұмыс өтілі туралы сұраққа жауап "
        "берер алдында міндетті түрде eligibility_check құралын шақыр; сандарды өзің ойлап шығарма."
    ),
    "ru": (
        "Ты помощник по Типовым квалификационным характеристикам должностей педагогов (приказ № 338). "
        "Отвечай кратко по-русски, опираясь только на приведённые пункты (они на казахском). После каждого "
        "утверждения укажи идентификатор пункта в квадратных скобках, например [ch2.p2.c12]. Перед ответом "
        "о стаже обязательно вызови инструмент eligibility_check; не придумывай числа."
    ),
}


def build_chat_model(settings: Settings) -> BaseChatModel:
    """The chat model named by the settings (an OpenAI-compatible endpoint)."""
    from langchain_openai import ChatOpenAI  # optional extra: imported only when an LLM is configured

    return ChatOpenAI(
        base_url=settings.llm_base_url,
        model=settings.llm_model,
        api_key=settings.llm_api_key.get_secret_value(),
        timeout=settings.llm_timeout_s,
        max_retries=0,
        temperature=0,
    )


@dataclass
class Draft:
    """What the LLM produced (before the guards of :mod:`assistant.llm_answer`)."""

    text: str
    tool_results: list[Any] = field(default_factory=list)


@dataclass
class LLMAnswerer:
    chat_model: BaseChatModel
    tools: list = field(default_factory=list)

    def draft(self, question: str, lang: str, context: list[tuple[str, str]]) -> Draft:
        """Ask the model; ``context`` is [(clause_id, text)] of the retrieved clauses."""
        messages: list[BaseMessage] = [
            SystemMessage(SYSTEM_PROMPT[lang]),
            HumanMessage(_context_block(context) + "\n\n" + question),
        ]
        reply, tool_results = self._converse(messages)
        return Draft(text=_text_of(reply), tool_results=tool_results)

    def _converse(self, messages: list[BaseMessage]) -> tuple[AIMessage, list[Any]]:
        model = self.chat_model.bind_tools(self.tools) if self.tools else self.chat_model
        by_name = {tool.name: tool for tool in self.tools}
        results: list[Any] = []
        for _ in range(MAX_TOOL_ROUNDS + 1):
            reply = _invoke(model, messages)
            if not reply.tool_calls:
                return reply, results
            messages.append(reply)
            for call in reply.tool_calls:
                output = _run_tool(by_name, call)
                results.append(output)
                messages.append(ToolMessage(content=_tool_content(output), tool_call_id=call["id"]))
        raise LLMUnavailable("the model kept calling tools without answering")


def _invoke(model: Any, messages: list[BaseMessage]) -> AIMessage:
    try:
        reply = model.invoke(messages)
    except Exception as exc:  # any transport or protocol error of the endpoint
        raise LLMUnavailable(f"the LLM endpoint failed: {type(exc).__name__}") from exc
    if not isinstance(reply, AIMessage):
        raise LLMUnavailable("the LLM endpoint returned no message")
    return reply


def _run_tool(by_name: dict, call: dict) -> Any:
    tool = by_name.get(call["name"])
    if tool is None:
        raise LLMUnavailable(f"the model called an unknown tool {call['name']!r}")
    try:
        return tool.invoke(call["args"])
    except Exception as exc:
        # A malformed tool call is the model's fault: report it back as the tool output.
        return {"error": str(exc)}


def _tool_content(output: Any) -> str:
    if hasattr(output, "model_dump_json"):
        return output.model_dump_json()
    return json.dumps(output, ensure_ascii=False, default=str)


def _text_of(reply: AIMessage) -> str:
    text = reply.content if isinstance(reply.content, str) else " ".join(
        part.get("text", "") for part in reply.content if isinstance(part, dict)
    )
    text = text.strip()
    if not text:
        raise LLMUnavailable("the LLM endpoint returned an empty answer")
    return text


def _context_block(context: list[tuple[str, str]]) -> str:
    return "\n\n".join(f"[{clause_id}]\n{text}" for clause_id, text in context)


def guard_citations(text: str, allowed: set[str]) -> tuple[str, list[str], list[str]]:
    """Keep only citations of retrieved clauses; return (text, kept ids, removed ids)."""
    kept: list[str] = []
    removed: list[str] = []

    def replace(match: re.Match) -> str:
        cid = match.group(1)
        base = re.sub(r"\.l[1-5]$", "", cid)
        if base in allowed or cid in allowed:
            if base not in kept:
                kept.append(base)
            return match.group(0)
        removed.append(cid)
        return ""

    cleaned = CITATION_RE.sub(replace, text)
    if removed:
        log.warning("removed citations of clauses that were not retrieved: %s", removed)
    return re.sub(r"[ \t]+([.,;:])", r"\1", cleaned).strip(), kept, removed


def guard_figures(text: str, allowed: set[float], verdict_sentence: Callable[[], str]) -> tuple[str, list[str]]:
    """Replace sentences stating a years figure the checker did not produce."""
    corrected: list[str] = []
    sentences = re.split(r"(?<=[.!?])\s+", text)
    for i, sentence in enumerate(sentences):
        figures = {float(m.group(1).replace(",", ".")) for m in YEARS_RE.finditer(sentence)}
        if figures - allowed:
            corrected.append(sentence)
            sentences[i] = verdict_sentence()
    if corrected:
        log.warning("replaced LLM sentences contradicting the checker: %s", corrected)
    return " ".join(dict.fromkeys(sentences)), corrected
