"""``POST /telegram/webhook``: updates from Telegram, fed to the bot (:mod:`assistant.channels.telegram`).

``assistant bot set-webhook URL`` registers the URL with a secret
(``ASSISTANT_TELEGRAM_WEBHOOK_SECRET``) that Telegram sends back in the
``X-Telegram-Bot-Api-Secret-Token`` header of every update; a request without it, or
with another one, is refused with 403 (compared in constant time). The bot is built on
the first accepted update, over the application's assistant and feedback store, and
closed with the application. There is no per-address rate limit here: every update comes
from Telegram's servers, and the bot limits each chat itself.

aiogram (the ``bot`` extra) is imported only when an update arrives, so the web service
runs without it when no bot is configured.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Header, HTTPException, Request
from pydantic import BaseModel, SecretStr, ValidationError

from ....errors import ConfigurationError
from ...service import UpdateFeed
from ...service import telegram_bot as create_bot
from ..deps import get_services
from ..problems import Problem
from ..services import Services

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    yield
    bot = getattr(app.state, "telegram", None)
    if bot is not None:
        await bot.close()


router = APIRouter(tags=["telegram"], lifespan=lifespan)


class Accepted(BaseModel):
    ok: bool = True


def secret_matches(given: str | None, expected: SecretStr | None) -> bool:
    """Constant-time comparison; no secret configured means no update is accepted."""
    if not given or expected is None or not expected.get_secret_value():
        return False
    return hmac.compare_digest(given.encode(), expected.get_secret_value().encode())


def telegram_bot(app: FastAPI, services: Services) -> UpdateFeed:
    """The application's bot, built on first use (NotReady, hence 503, while the index loads)."""
    bot = getattr(app.state, "telegram", None)
    if bot is None:
        assistant = services.assistant.get()
        try:
            bot = create_bot(services.settings, assistant, services.storage)
        except ImportError as exc:
            raise ConfigurationError("the Telegram bot needs aiogram: install assistant[bot]") from exc
        app.state.telegram = bot
    return bot


@router.post(
    "/telegram/webhook",
    response_model=Accepted,
    responses={
        403: {"model": Problem, "description": f"missing or wrong {SECRET_HEADER}"},
        404: {"model": Problem, "description": "no Telegram bot is configured on this server"},
        400: {"model": Problem, "description": "the body is not a Telegram update"},
        503: {"model": Problem, "description": "the assistant is still loading (Telegram sends the update again)"},
    },
)
async def telegram_webhook(
    request: Request,
    services: Annotated[Services, Depends(get_services)],
    secret: Annotated[str | None, Header(alias=SECRET_HEADER)] = None,
) -> Accepted:
    settings = services.settings
    if settings.telegram_token is None:
        raise HTTPException(404, "no Telegram bot is configured on this server")
    if not secret_matches(secret, settings.telegram_webhook_secret):
        raise HTTPException(403, f"missing or wrong {SECRET_HEADER}")
    update = await _update_of(request)
    try:
        await telegram_bot(request.app, services).feed(update)
    except (ValidationError, RecursionError):  # fields of the wrong type, or nested past what can be read
        raise HTTPException(400, "not a Telegram update") from None
    return Accepted()


async def _update_of(request: Request) -> dict[str, Any]:
    """The update as JSON; 400 for anything else (Telegram does not resend what it is told is bad)."""
    try:
        update = json.loads(await request.body())
    except (ValueError, RecursionError):  # not JSON, not UTF-8, or nested deeper than the parser goes
        raise HTTPException(400, "the body is not JSON") from None
    if not isinstance(update, dict) or not isinstance(update.get("update_id"), int):
        raise HTTPException(400, "not a Telegram update (no update_id)")
    return update
