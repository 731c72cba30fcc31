"""The LLM answerer over real HTTP against a local fake OpenAI-compatible server."""

from __future__ import annotations

import pytest
from langchain_core.tools import StructuredTool
from pydantic import BaseModel

from assistant.errors import LLMUnavailable
from assistant.llm import LLMAnswerer, build_chat_model, guard_citations, guard_figures
from assistant.settings import Settings
from tests.fakes.openai_server import FakeOpenAI


class Args(BaseModel):
    position: str
    years: float


def fake_check(position: str, years: float) -> dict:
    return {"verdict": "eligible", "min_years": 3}


@pytest.fixture
def fake_llm():
    server = FakeOpenAI().start()
    yield server
    server.stop()


def answerer(server: FakeOpenAI, timeout: float = 2.0) -> LLMAnswerer:
    model = build_chat_model(Settings(llm_base_url=server.base_url, llm_timeout_s=timeout))
    tool = StructuredTool.from_function(fake_check, name="check_eligibility", description="check", args_schema=Args)
    return LLMAnswerer(model, [tool])


def test_a_tool_call_is_executed_and_its_result_sent_back(fake_llm):
    fake_llm.queue(tool_call=("check_eligibility", {"position": "ch2.p2", "years": 4}))
    fake_llm.queue(content="Иә [ch2.p2.c12].")
    draft = answerer(fake_llm).draft("сұрақ", "kk", [("ch2.p2.c12", "мәтін")])
    assert draft.text == "Иә [ch2.p2.c12]."
    assert draft.tool_results == [{"verdict": "eligible", "min_years": 3}]
    tool_message = fake_llm.requests[1]["messages"][-1]
    assert tool_message["role"] == "tool" and '"min_years": 3' in tool_message["content"]
    assert "[ch2.p2.c12]" in fake_llm.requests[0]["messages"][1]["content"]


@pytest.mark.parametrize("script", [
    dict(status=500),
    dict(raw="this is not json"),
    dict(content=""),
    dict(delay=1.5, content="too late"),
])
def test_endpoint_failures_raise_llm_unavailable(fake_llm, script):
    fake_llm.queue(**script)
    with pytest.raises(LLMUnavailable):
        answerer(fake_llm, timeout=0.5).draft("сұрақ", "kk", [])


def test_citations_of_clauses_never_retrieved_are_removed():
    text, kept, removed = guard_citations("A [ch2.p2.c12] B [ch9.c246]. C [ch2.p2.c13.l5].", {"ch2.p2.c12", "ch2.p2.c13"})
    assert kept == ["ch2.p2.c12", "ch2.p2.c13"] and removed == ["ch9.c246"]
    assert "ch9.c246" not in text


def test_a_years_figure_the_checker_did_not_give_is_replaced_by_the_verdict():
    text, corrected = guard_figures("Сізге 7 жыл керек. Басқа ештеңе.", {3.0}, lambda: "Тексеру: кемінде 3 жыл.")
    assert text == "Тексеру: кемінде 3 жыл. Басқа ештеңе."
    assert corrected == ["Сізге 7 жыл керек."]
    assert guard_figures("Кемінде 3 жыл.", {3.0}, lambda: "x") == ("Кемінде 3 жыл.", [])
