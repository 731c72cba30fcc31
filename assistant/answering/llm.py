"""Optional LLM answerer through any OpenAI-compatible chat endpoint (vLLM, llama.cpp, Ollama).

The LLM only phrases the answer. It never decides an experience figure or a verdict: the
eligibility checker is bound as a tool, and every reply passes :mod:`assistant.answering.llm_guards`
before anyone sees it. Cost is bounded here: ``max_tokens`` is sent, every HTTP request gets the
time left of one total deadline (past it the request is closed, which cancels it on the server),
and the tokens used are counted. Any failure of the endpoint raises :class:`LLMUnavailable`, and
the chain falls back to the extractive answer.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from typing import Any, TypeVar

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage, ToolMessage

from ..errors import LLMUnavailable
from ..settings import Settings

log = logging.getLogger(__name__)

MAX_TOOL_ROUNDS = 2
# What the watchdog adds to the deadline before it gives up on the worker: the request's own
# timeout (the time left) fires first and closes the connection; this only covers a server that
# trickles bytes and so never lets a read time out.
DEADLINE_GRACE_S = 0.5

T = TypeVar("T")

SYSTEM_PROMPT = {
    "kk": (
        "Сен педагог лауазымдарының үлгілік біліктілік сипаттамалары (№ 338 бұйрық) бойынша көмекшісің. "
        "Тек берілген тармақтарға сүйеніп, қазақ тілінде қысқа жауап бер. Әр тұжырымнан кейін тармақтың "
        "идентификаторын шаршы жақшада көрсет, мысалы [ch2.p2.c12]. Адам талапқа сай келе ме, жоқ па — оны "
        "айтпа: тексеру нәтижесін бағдарлама өзі көрсетеді. Тармақта жоқ сандарды жазба."
    ),
    "ru": (
        "Ты помощник по Типовым квалификационным характеристикам должностей педагогов (приказ № 338). "
        "Отвечай кратко по-русски, опираясь только на приведённые пункты (они на казахском). После каждого "
        "утверждения укажи идентификатор пункта в квадратных скобках, например [ch2.p2.c12]. Не говори, "
        "подходит ли человек: результат проверки программа покажет сама. Не пиши чисел, которых нет в пунктах."
    ),
}
CHECKER_NOTE = {"kk": "Тексеру нәтижесі (оны қайталама және өзгертпе):",
                "ru": "Результат проверки (не повторяй и не меняй его):"}


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
        # sent as max_tokens itself: langchain renames its own field to max_completion_tokens, which
        # llama.cpp and older OpenAI-compatible servers ignore
        extra_body={"max_tokens": settings.llm_max_tokens},
    )


@dataclass
class Draft:
    """What the LLM produced (before the guards of :mod:`assistant.answering.llm_guards`)."""

    text: str
    tool_results: list[Any] = field(default_factory=list)
    tokens: int = 0


@dataclass
class LLMAnswerer:
    chat_model: BaseChatModel
    tools: list = field(default_factory=list)
    deadline_s: float = 30.0
    request_timeout_s: float = 20.0

    def draft(self, question: str, lang: str, context: list[tuple[str, str]], note: str = "") -> Draft:
        """Ask the model; ``context`` is [(clause_id, items)] of the retrieved clauses; ``note``
        what the assistant already says (the checker's verdict)."""
        block = _context_block(context) + (f"\n\n{CHECKER_NOTE[lang]} {note}" if note else "")
        messages: list[BaseMessage] = [SystemMessage(SYSTEM_PROMPT[lang]), HumanMessage(block + "\n\n" + question)]
        ends = time.monotonic() + self.deadline_s
        return within_deadline(lambda: self._converse(messages, ends), ends + DEADLINE_GRACE_S)

    def _converse(self, messages: list[BaseMessage], ends: float) -> Draft:
        model = self.chat_model.bind_tools(self.tools) if self.tools else self.chat_model
        by_name = {tool.name: tool for tool in self.tools}
        results: list[Any] = []
        tokens = 0
        for _ in range(MAX_TOOL_ROUNDS + 1):
            reply = _invoke(model, messages, min(self.request_timeout_s, ends - time.monotonic()))
            tokens += (reply.usage_metadata or {}).get("total_tokens", 0)
            if not reply.tool_calls:
                return Draft(text=_text_of(reply), tool_results=results, tokens=tokens)
            messages.append(reply)
            for call in reply.tool_calls:
                output = _run_tool(by_name, call)
                results.append(output)
                messages.append(ToolMessage(content=_tool_content(output), tool_call_id=call["id"]))
        raise LLMUnavailable("the model kept calling tools without answering")


def complete(chat_model: BaseChatModel, system: str, user: str, ends: float, request_timeout_s: float) -> Draft:
    """One request without tools (a translation), given up at the monotonic time ``ends``: the time
    left is the request's timeout, so the connection is closed when it passes."""
    messages: list[BaseMessage] = [SystemMessage(system), HumanMessage(user)]

    def work() -> Draft:
        reply = _invoke(chat_model, messages, min(request_timeout_s, ends - time.monotonic()))
        return Draft(text=_text_of(reply), tokens=(reply.usage_metadata or {}).get("total_tokens", 0))

    return within_deadline(work, ends + DEADLINE_GRACE_S)


def within_deadline(work: Callable[[], T], ends: float) -> T:
    """``work()`` in a worker thread, given up (LLMUnavailable) at the monotonic time ``ends``."""
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="llm")
    try:
        return pool.submit(work).result(timeout=max(0.0, ends - time.monotonic()))
    except FutureTimeout:
        raise LLMUnavailable("the LLM answer took longer than the deadline") from None
    finally:
        pool.shutdown(wait=False)


def _invoke(model: Any, messages: list[BaseMessage], timeout: float) -> AIMessage:
    if timeout <= 0:
        raise LLMUnavailable("no time left before the LLM deadline")
    try:
        # the time left is this request's timeout: when it passes, the client closes the connection
        reply = model.invoke(messages, timeout=timeout)
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
    return text.strip()  # an empty reply is judged by the guards, like any other


def _context_block(context: list[tuple[str, str]]) -> str:
    return "\n\n".join(f"[{clause_id}]\n{text}" for clause_id, text in context)
