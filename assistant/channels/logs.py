"""Structured (JSON) logs of the web service, one object per line on stderr.

Records carry no personal data: request lines name the route template, status and
latency (see :mod:`assistant.channels.web.observe`); questions live only in the feedback store.
"""

from __future__ import annotations

import logging
import logging.config

from pythonjsonlogger.json import JsonFormatter


class DropColourCopies(logging.Filter):
    """uvicorn attaches a copy of each message with terminal colour codes: not for JSON logs."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.__dict__.pop("color_message", None)
        return True


def logging_config(level: str = "INFO") -> dict:
    """A ``logging.config`` dict: the service's and uvicorn's loggers through one JSON handler.

    uvicorn's access log is silenced: it prints client addresses and raw paths, and every
    request is already logged by the service without them.
    """
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {
                "()": JsonFormatter,
                "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
                "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            }
        },
        "filters": {"plain": {"()": DropColourCopies}},
        "handlers": {
            "stderr": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr",
                       "filters": ["plain"]},
        },
        "loggers": {
            "assistant": {"handlers": ["stderr"], "level": level, "propagate": False},
            "uvicorn": {"handlers": ["stderr"], "level": level, "propagate": False},
            "uvicorn.error": {"level": level},
            "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
        },
    }


def configure_logging(level: str = "INFO") -> None:
    logging.config.dictConfig(logging_config(level))
