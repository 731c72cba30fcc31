"""Logs of the bot: the web service's JSON lines, aiogram's loggers included, the token masked."""

from __future__ import annotations

import logging

from ..service import logging_config as web_logging_config

MASK = "<token>"


class TokenRedactor(logging.Filter):
    """Masks the bot token in a record's message and traceback (as a handler filter it sees every record)."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.token:
            return True
        message = record.getMessage()
        if self.token in message:
            record.msg, record.args = message.replace(self.token, MASK), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text and self.token in record.exc_text:
            record.exc_text = record.exc_text.replace(self.token, MASK)
        return True


def logging_config(token: str, level: str = "INFO") -> dict:
    """A ``logging.config`` dict: one JSON handler for the assistant's and aiogram's loggers, masking ``token``."""
    config = web_logging_config(level)
    config["filters"] = {"token": {"()": TokenRedactor, "token": token}}
    config["handlers"]["stderr"]["filters"] = ["token"]
    config["loggers"]["aiogram"] = {"handlers": ["stderr"], "level": level, "propagate": False}
    return config
