"""``assistant serve`` (the web service and its widget) and ``assistant feedback`` (what QA staff review)."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile

from ...errors import InputError


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("serve", help="build the index if needed, then start the web service and widget")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1; 0.0.0.0 for all)")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, default=1, help="server processes (each loads the index)")
    p.add_argument("--log-level", choices=["debug", "info", "warning", "error"], default="info")
    p.set_defaults(handler=serve_command)

    p = subparsers.add_parser("feedback", help="print the latest feedback with the answers it rates")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--rating", choices=["up", "down"])
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p.set_defaults(handler=feedback_command)


def serve_command(args: argparse.Namespace) -> int:
    if not 0 < args.port < 65536:
        raise InputError(f"--port must be between 1 and 65535, not {args.port}")
    if args.workers < 1:
        raise InputError(f"--workers must be at least 1, not {args.workers}")
    import uvicorn

    from ...settings import get_settings
    from ..service import build_index, configure_logging, logging_config
    from .connections import raise_open_files_limit, uvicorn_options

    configure_logging(args.log_level.upper())
    # One thread per embedding: a server runs several answers at once, and OpenMP teams
    # spinning beside them burn the cores (measured: 184 ms of CPU per answer instead of ~45).
    # The operator's own setting wins.
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    build_index(in_child=args.workers > 1)
    metrics_dir = _shared_metrics_dir() if args.workers > 1 else None
    shown = "localhost" if args.host in ("127.0.0.1", "0.0.0.0") else args.host
    print(f"serving on http://{shown}:{args.port}/ (demo page with the widget; API docs at /docs)", flush=True)
    settings = get_settings()
    raise_open_files_limit(settings.max_connections * 2 + 256)  # sockets, plus the index, database and logs
    try:
        uvicorn.run(
            "assistant.channels.web.app:create_app", factory=True, host=args.host, port=args.port, workers=args.workers,
            log_config=logging_config(args.log_level.upper()), access_log=False, timeout_graceful_shutdown=5,
            **uvicorn_options(settings),
        )
    finally:
        if metrics_dir:
            shutil.rmtree(metrics_dir, ignore_errors=True)
    return 0


def _shared_metrics_dir() -> str:
    """Workers write their metrics here so that /metrics adds them up (prometheus-client multiprocess mode)."""
    path = tempfile.mkdtemp(prefix="assistant-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = path
    return path


def feedback_command(args: argparse.Namespace) -> int:
    from ...settings import get_settings
    from ...storage.database import open_storage

    storage = open_storage(get_settings().database_url)
    try:
        for item in storage.review(limit=args.limit, rating=args.rating):
            if args.json:
                print(item.model_dump_json())
                continue
            fb, answer = item.feedback, item.answer
            print(f"{fb.created_at:%Y-%m-%d %H:%M} {fb.rating:4} {answer.answer_id} "
                  f"[{answer.lang} {answer.mode} {answer.route} {answer.latency_ms:.0f} ms]")
            print(f"  Q: {answer.question}")
            print(f"  A: {answer.answer[:300]}")
            print(f"  cited: {', '.join(answer.citations) or '—'}")
            if fb.comment:
                print(f"  comment: {json.dumps(fb.comment, ensure_ascii=False)}")
    finally:
        storage.close()
    return 0
