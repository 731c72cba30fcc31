"""The exception hierarchy of the assistant: one place, one base class.

Channels catch :class:`AssistantError` and turn it into a clear message
(HTTP 422/503, CLI exit status 2); anything else is a bug.
"""


class AssistantError(Exception):
    """Base class of every error the assistant raises on purpose."""


class CorpusError(AssistantError):
    """The corpus file is missing or does not have the expected structure."""


class BadReference(AssistantError):
    """A clause or position reference cannot be resolved."""


class AmbiguousReference(BadReference):
    """A reference matches several clauses or positions."""

    def __init__(self, message: str, candidates: list[str]):
        super().__init__(message)
        self.candidates = candidates


class UnknownReference(BadReference):
    """A reference matches nothing."""


class InputError(AssistantError):
    """User input is invalid (negative years, unknown level, …)."""


class LLMUnavailable(AssistantError):
    """The optional LLM endpoint failed, timed out or answered nonsense; callers fall back."""


class NotReady(AssistantError):
    """A backing service (index, vector store) is not available yet."""


class ConfigurationError(AssistantError):
    """The settings name something that cannot be used (an unknown embedder, a missing model)."""


class TelegramError(AssistantError):
    """Telegram refused a request of the bot (a bad webhook URL, a revoked token) or could not be reached."""
