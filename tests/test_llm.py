"""The LLM answerer over real HTTP against a local fake OpenAI-compatible server."""

from __future__ import annotations

import pytest
from langchain_core.tools import StructuredTool
from pydantic import BaseModel

from assistant.errors import LLMUnavailable
import time

from assistant.answering.llm import LLMAnswerer, build_chat_model
from assistant.settings import Settings
from tests.fakes.openai_server import FakeOpenAI


class Args(BaseModel):
    position: str
    years: float


def fake_check(position: str, years: float) -> dict:
    return {"verdict": "eligible", "min_years": 3}


def answerer(server: FakeOpenAI, timeout: float = 2.0, deadline: float = 5.0) -> LLMAnswerer:
    model = build_chat_model(Settings(llm_base_url=server.base_url, llm_timeout_s=timeout, llm_max_tokens=123))
    tool = StructuredTool.from_function(fake_check, name="check_eligibility", description="check", args_schema=Args)
    return LLMAnswerer(model, [tool], deadline_s=deadline, request_timeout_s=timeout)


def test_a_tool_call_is_executed_and_its_result_sent_back(fake_llm):
    fake_llm.queue(tool_call=("check_eligibility", {"position": "ch2.p2", "years": 4}))
    fake_llm.queue(content="Иә [ch2.p2.c12].")
    draft = answerer(fake_llm).draft("сұрақ", "kk", [("ch2.p2.c12", "мәтін")])
    assert draft.text == "Иә [ch2.p2.c12]."
    assert draft.tool_results == [{"verdict": "eligible", "min_years": 3}]
    tool_message = fake_llm.requests[1]["messages"][-1]
    assert tool_message["role"] == "tool" and '"min_years": 3' in tool_message["content"]
    assert "[ch2.p2.c12]" in fake_llm.requests[0]["messages"][1]["content"]
    assert draft.tokens == 4  # two requests of 2 tokens each (the fake server's usage)


def test_max_tokens_is_sent_as_such(fake_llm):
    fake_llm.queue(content="Иә [ch2.p2.c12].")
    answerer(fake_llm).draft("сұрақ", "kk", [])
    assert fake_llm.requests[0]["max_tokens"] == 123


def test_the_deadline_bounds_every_round_and_cancels_the_request(fake_llm):
    """Each request alone is within its timeout, but the rounds together pass the deadline: the answer
    is given up at the deadline and the server sees the client go away."""
    fake_llm.queue(tool_call=("check_eligibility", {"position": "ch2.p2", "years": 4}), delay=0.6)
    fake_llm.queue(content="Иә [ch2.p2.c12].", delay=0.6)
    began = time.monotonic()
    with pytest.raises(LLMUnavailable):
        answerer(fake_llm, timeout=1.0, deadline=1.0).draft("сұрақ", "kk", [])
    assert time.monotonic() - began < 1.0 + 0.5 + 0.3
    time.sleep(0.4)  # the server notices when it is about to reply
    assert fake_llm.cancelled == 1


@pytest.mark.parametrize("script", [
    dict(status=500),
    dict(raw="this is not json"),
    dict(delay=1.5, content="too late"),
])
def test_endpoint_failures_raise_llm_unavailable(fake_llm, script):
    fake_llm.queue(**script)
    with pytest.raises(LLMUnavailable):
        answerer(fake_llm, timeout=0.5).draft("сұрақ", "kk", [])
