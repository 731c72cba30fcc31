"""A local fake of the Telegram Bot API over real HTTP, for the real aiogram ``Bot``.

It serves ``/bot<token>/<method>`` on 127.0.0.1 from its own thread and event loop,
holds the updates the test pushes for ``getUpdates`` (long polling, offsets confirmed as
Telegram does), and records every call. Like Telegram it refuses what Telegram refuses:
a wrong token (401), ``getUpdates`` while a webhook is set (409), HTML that does not
parse (unescaped «<», «>», «&», unknown or unbalanced tags), a message longer than 4,096
characters once parsed, or callback data longer than 64 bytes (400).
"""

from __future__ import annotations

import asyncio
import html
import itertools
import json
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

ALLOWED_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
                "tg-spoiler", "span", "blockquote", "tg-emoji"}
TOKEN_RE = re.compile(r"<[^<>]*>|&[#\w]+;|[<>&]")
TAG_RE = re.compile(r"<(/?)([a-z-]+)(?:\s[^<>]*)?>")
ENTITY_RE = re.compile(r"&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);")
JSON_FIELDS = {"reply_markup", "allowed_updates", "commands", "link_preview_options", "entities"}
MESSAGE_LIMIT = 4096


class BadRequest(Exception):
    def __init__(self, description: str, code: int = 400):
        super().__init__(description)
        self.description, self.code = description, code


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: int = 0  # sequence number
    result: Any = None  # what the fake answered (a sent message carries its message_id)


@dataclass
class FakeBotAPI:
    token: str
    calls: list[Call] = field(default_factory=list)
    webhook: dict[str, Any] | None = None
    fail_methods: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.bot_id = int(self.token.split(":")[0])
        self.messages: dict[tuple[int, int], dict] = {}
        self._updates: list[dict] = []
        self._ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._seq = itertools.count()
        self._changed = threading.Condition()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._arrived: asyncio.Event | None = None
        self._thread: threading.Thread | None = None
        self.url = ""

    # --- life cycle (test thread) -----------------------------------------------------------
    def start(self) -> str:
        started = threading.Event()
        self._thread = threading.Thread(target=self._serve, args=(started,), name="fake-bot-api", daemon=True)
        self._thread.start()
        if not started.wait(10):
            raise RuntimeError("the fake Bot API did not start")
        return self.url

    def stop(self) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._stopping.set)
            self._thread.join(10)

    def _serve(self, started: threading.Event) -> None:
        asyncio.run(self._main(started))

    async def _main(self, started: threading.Event) -> None:
        self._loop, self._arrived, self._stopping = asyncio.get_running_loop(), asyncio.Event(), asyncio.Event()
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._handle)
        runner = web.AppRunner(app, handler_cancellation=True, shutdown_timeout=0.5, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # noqa: SLF001 (the port picked by the OS)
        self.url = f"http://127.0.0.1:{port}"
        started.set()
        await self._stopping.wait()
        await runner.cleanup()

    # --- what the test does ---------------------------------------------------------------------
    def push_message(self, chat_id: int, text: str) -> int:
        message = {"message_id": next(self._message_ids), "date": int(time.time()), "chat": _chat(chat_id),
                   "from": _user(chat_id), "text": text}
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        return self._push({"message": message})

    def push_sticker(self, chat_id: int) -> int:
        message = {"message_id": next(self._message_ids), "date": int(time.time()), "chat": _chat(chat_id),
                   "from": _user(chat_id),
                   "sticker": {"file_id": "f", "file_unique_id": "u", "type": "regular", "width": 1, "height": 1,
                               "is_animated": False, "is_video": False}}
        return self._push({"message": message})

    def push_callback(self, chat_id: int, message_id: int, data: str) -> int:
        message = self.messages[(chat_id, message_id)]
        query = {"id": str(next(self._seq)), "from": _user(chat_id), "chat_instance": str(chat_id),
                 "message": message, "data": data}
        return self._push({"callback_query": query})

    def make_update(self, update: dict) -> dict:
        """An update with a fresh id, for a test to deliver by webhook."""
        return {"update_id": next(self._ids), **update}

    def _push(self, update: dict) -> int:
        update = self.make_update(update)
        self._loop.call_soon_threadsafe(self._add_update, update)
        return update["update_id"]

    def mark(self) -> int:
        with self._changed:
            return len(self.calls)

    def wait_for(self, predicate, timeout: float = 30.0) -> list[Call]:
        """Waits until ``predicate(calls)`` is true; returns the calls."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not predicate(self.calls):
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"timed out; calls: {[(c.method, c.params) for c in self.calls[-8:]]}")
                self._changed.wait(left)
            return list(self.calls)

    def sent(self, chat_id: int, after: int = 0, method: str = "sendMessage") -> list[Call]:
        return [c for c in self.calls[after:] if c.method == method and int(c.params.get("chat_id", 0)) == chat_id]

    def wait_sent(self, chat_id: int, after: int, count: int = 1, method: str = "sendMessage",
                  timeout: float = 30.0) -> list[Call]:
        self.wait_for(lambda calls: len(self.sent(chat_id, after, method)) >= count, timeout)
        return self.sent(chat_id, after, method)

    # --- the API ---------------------------------------------------------------------------------
    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if request.match_info["token"] != self.token:
            return _error(401, "Unauthorized")
        params = _decode(dict(await request.post()))
        call = Call(method, params)
        try:
            if method in self.fail_methods:
                raise BadRequest("Internal Server Error", 500)
            handler = getattr(self, f"_m_{method}", None)
            if handler is None:
                raise BadRequest("Not Found: method not found", 404)
            result = handler(params)
            if asyncio.iscoroutine(result):
                result = await result
        except BadRequest as exc:
            call.result = {"error": exc.description}
            self._record(call)
            return _error(exc.code, exc.description)
        call.result = json.loads(json.dumps(result))  # as sent: later edits do not change it
        self._record(call)
        return web.json_response({"ok": True, "result": result})

    def _record(self, call: Call) -> None:
        with self._changed:
            call.at = len(self.calls)
            self.calls.append(call)
            self._changed.notify_all()

    def _add_update(self, update: dict) -> None:
        self._updates.append(update)
        self._arrived.set()

    async def _m_getUpdates(self, params: dict) -> list[dict]:  # noqa: N802 (Telegram's method names)
        if self.webhook is not None:
            raise BadRequest("Conflict: can't use getUpdates method while webhook is active; "
                             "use deleteWebhook to delete the webhook first", 409)
        offset, timeout = int(params.get("offset", 0)), float(params.get("timeout", 0))
        self._updates = [u for u in self._updates if u["update_id"] >= offset]
        deadline = self._loop.time() + timeout
        while not self._updates and self._loop.time() < deadline:
            self._arrived.clear()
            try:
                await asyncio.wait_for(self._arrived.wait(), deadline - self._loop.time())
            except TimeoutError:
                break
        return self._updates[:100]

    def _m_getMe(self, params: dict) -> dict:  # noqa: N802
        return {"id": self.bot_id, "is_bot": True, "first_name": "Педагог бот", "username": "pedagog_test_bot"}

    def _m_sendMessage(self, params: dict) -> dict:  # noqa: N802
        text = _parsed(params)
        _check_markup(params.get("reply_markup"))
        chat_id = int(params["chat_id"])
        message = {"message_id": next(self._message_ids), "date": int(time.time()), "chat": _chat(chat_id),
                   "from": self._m_getMe({}), "text": text}
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        self.messages[(chat_id, message["message_id"])] = message
        return message

    def _stored(self, params: dict) -> dict:
        key = (int(params["chat_id"]), int(params["message_id"]))
        if key not in self.messages:
            raise BadRequest("Bad Request: message to edit not found")
        return self.messages[key]

    def _m_editMessageText(self, params: dict) -> dict:  # noqa: N802
        text = _parsed(params)
        message = self._m_editMessageReplyMarkup(params)
        message["text"] = text
        return message

    def _m_editMessageReplyMarkup(self, params: dict) -> dict:  # noqa: N802
        """The markup is replaced; no markup in the call removes the keyboard."""
        message = self._stored(params)
        _check_markup(params.get("reply_markup"))
        message.pop("reply_markup", None)
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        return message

    def _m_answerCallbackQuery(self, params: dict) -> bool:  # noqa: N802
        if len(params.get("text", "")) > 200:
            raise BadRequest("Bad Request: MESSAGE_TOO_LONG")
        return True

    def _m_sendChatAction(self, params: dict) -> bool:  # noqa: N802
        return True

    def _m_setMyCommands(self, params: dict) -> bool:  # noqa: N802
        return True

    def _m_setWebhook(self, params: dict) -> bool:  # noqa: N802
        if not str(params.get("url", "")).startswith("https://"):
            raise BadRequest("Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        self.webhook = params
        return True

    def _m_deleteWebhook(self, params: dict) -> bool:  # noqa: N802
        self.webhook = None
        return True

    def _m_getWebhookInfo(self, params: dict) -> dict:  # noqa: N802
        return {"url": (self.webhook or {}).get("url", ""), "has_custom_certificate": False, "pending_update_count": 0}


def _chat(chat_id: int) -> dict:
    return {"id": chat_id, "type": "private", "first_name": "Мұғалім"}


def _user(chat_id: int) -> dict:
    return {"id": chat_id, "is_bot": False, "first_name": "Мұғалім"}


def _error(code: int, description: str) -> web.Response:
    return web.json_response({"ok": False, "error_code": code, "description": description}, status=code)


def _decode(params: dict[str, Any]) -> dict[str, Any]:
    return {k: json.loads(v) if k in JSON_FIELDS and isinstance(v, str) else v for k, v in params.items()}


def _parsed(params: dict) -> str:
    """The text as Telegram shows it: HTML parsed (and validated) when the parse mode is HTML."""
    text = str(params.get("text", ""))
    if params.get("parse_mode") == "HTML":
        text = parse_html(text)
    if not text.strip():
        raise BadRequest("Bad Request: message text is empty")
    if len(text.encode("utf-16-le")) // 2 > MESSAGE_LIMIT:
        raise BadRequest("Bad Request: message is too long")
    return text


def parse_html(text: str) -> str:
    """Telegram's HTML: only its tags, balanced; «<», «>», «&» only as entities."""
    out: list[str] = []
    open_tags: list[str] = []
    pos = 0
    for token in TOKEN_RE.finditer(text):
        out.append(text[pos:token.start()])
        pos = token.end()
        piece = token.group()
        if piece in "<>&":
            raise BadRequest(f"Bad Request: can't parse entities: unescaped «{piece}» at byte offset {token.start()}")
        if piece.startswith("&"):
            if not ENTITY_RE.fullmatch(piece):
                raise BadRequest(f"Bad Request: can't parse entities: unsupported entity {piece}")
            out.append(html.unescape(piece))
            continue
        _tag(piece, open_tags)
    if open_tags:
        raise BadRequest(f"Bad Request: can't parse entities: can't find end tag corresponding to start tag {open_tags[-1]}")
    out.append(text[pos:])
    return "".join(out)


def _tag(piece: str, open_tags: list[str]) -> None:
    match = TAG_RE.fullmatch(piece)
    if not match or match.group(2) not in ALLOWED_TAGS:
        raise BadRequest(f"Bad Request: can't parse entities: unsupported start tag {piece}")
    closing, name = match.groups()
    if not closing:
        open_tags.append(name)
    elif not open_tags or open_tags.pop() != name:
        raise BadRequest(f"Bad Request: can't parse entities: unmatched end tag {name}")


def _check_markup(markup: dict | None) -> None:
    for row in (markup or {}).get("inline_keyboard", []):
        for button in row:
            if len(button.get("callback_data", "").encode()) > 64:
                raise BadRequest("Bad Request: BUTTON_DATA_INVALID")
            if not button.get("text"):
                raise BadRequest("Bad Request: text buttons are unallowed in the inline keyboard")
