"""``assistant serve`` in a subprocess on a free loopback port, for browser tests and benchmarks.

    with LocalServer({"ASSISTANT_EMBEDDER": "hash"}, log=path) as server:
        httpx.get(server.url + "/health")

It starts the real command (index build, uvicorn, the real application), waits until
``/health`` says ready, and stops the server on exit.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from ...regulation.corpus import PROJECT_ROOT
from ...errors import NotReady


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LocalServer:
    def __init__(self, env: dict[str, str], log: Path, workers: int = 1, ready_timeout_s: float = 900) -> None:
        self.env, self.log, self.workers, self.ready_timeout_s = env, log, workers, ready_timeout_s
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def __enter__(self) -> LocalServer:
        cmd = [sys.executable, "-c", "import sys; from assistant.channels.cli import main; sys.exit(main())", "serve",
               "--port", str(self.port), "--workers", str(self.workers), "--log-level", "warning"]
        with open(self.log, "w") as log:
            self.process = subprocess.Popen(cmd, cwd=PROJECT_ROOT, env=os.environ | self.env, stdout=log,
                                            stderr=subprocess.STDOUT)
        try:
            self._wait_ready()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self.ready_timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise NotReady(f"assistant serve exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                if httpx.get(f"{self.url}/health", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        raise NotReady(f"assistant serve was not ready within {self.ready_timeout_s:.0f} s:\n{self.log_tail()}")

    def log_tail(self, chars: int = 3000) -> str:
        return self.log.read_text(errors="replace")[-chars:] if self.log.exists() else ""

    def __exit__(self, *exc) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
