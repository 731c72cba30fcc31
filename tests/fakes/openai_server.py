"""A local fake OpenAI-compatible chat endpoint, served over real HTTP on loopback.

Replies are queued by the test (in the manner of simonw/llm's fake model):
``server.queue(content="…")``, ``server.queue(tool_call=("check_eligibility", {...}))``,
``server.queue(status=500)``, ``server.queue(delay=5)``, ``server.queue(raw="not json")``.
Every request body is kept in ``server.requests`` for assertions; ``server.cancelled`` counts the
requests whose client closed the connection while the reply was delayed (a cancelled request).
``usage=(prompt, completion)`` sets the token counts reported.
"""

from __future__ import annotations

import json
import select
import socket
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class FakeOpenAI:
    def __init__(self) -> None:
        self.replies: deque[dict[str, Any]] = deque()
        self.requests: list[dict[str, Any]] = []
        self.cancelled = 0
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def start(self) -> "FakeOpenAI":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def queue(self, content: str | None = None, tool_call: tuple[str, dict] | None = None,
              status: int = 200, delay: float = 0.0, raw: str | None = None,
              usage: tuple[int, int] = (1, 1)) -> None:
        self.replies.append(dict(content=content, tool_call=tool_call, status=status, delay=delay, raw=raw,
                                 usage=usage))

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # keep test output quiet
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                fake.requests.append(json.loads(body or b"{}"))
                reply = fake.replies.popleft() if fake.replies else dict(
                    content=None, tool_call=None, status=500, delay=0, raw=None, usage=(1, 1))
                if self._client_left_within(reply["delay"]):
                    fake.cancelled += 1
                    return
                payload = reply["raw"] if reply["raw"] is not None else json.dumps(_completion(reply))
                data = payload.encode()
                self.send_response(reply["status"])
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                try:
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout tests)

            def _client_left_within(self, seconds: float) -> bool:
                """Wait ``seconds`` as a slow model would, noticing a client that closes the connection."""
                ends = time.monotonic() + seconds
                while (left := ends - time.monotonic()) > 0:
                    readable, _, _ = select.select([self.connection], [], [], min(left, 0.05))
                    if readable and self.connection.recv(1, socket.MSG_PEEK) == b"":
                        return True
                return False

        return Handler


def _completion(reply: dict[str, Any]) -> dict[str, Any]:
    if reply["status"] != 200:
        return {"error": {"message": "scripted failure", "type": "server_error"}}
    message: dict[str, Any] = {"role": "assistant", "content": reply["content"]}
    finish = "stop"
    if reply["tool_call"]:
        name, args = reply["tool_call"]
        message["tool_calls"] = [{"id": f"call_{time.monotonic_ns()}", "type": "function",
                                  "function": {"name": name, "arguments": json.dumps(args, ensure_ascii=False)}}]
        finish = "tool_calls"
    return {
        "id": "chatcmpl-fake", "object": "chat.completion", "created": int(time.time()), "model": "fake",
        "choices": [{"index": 0, "message": message, "finish_reason": finish}],
        "usage": {"prompt_tokens": reply["usage"][0], "completion_tokens": reply["usage"][1],
                  "total_tokens": sum(reply["usage"])},
    }
