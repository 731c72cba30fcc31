"""Helpers of the conversation tests: a talk read turn by turn as the chain does, and its verdict through the
guards (assistant.eligibility.guards), as the chain gives it."""

from assistant.eligibility.guards import check_frame
from assistant.language import read
from assistant.language.dialogue import carry


def talk(*turns: str, route: str = "eligibility"):
    """The frame of the last turn, each turn after the first following a turn answered by ``route``."""
    frame = None
    for i, text in enumerate(turns):
        frame = carry(frame, read(text), route if i else None)
    return frame


def verdict(frame) -> str | None:
    outcome = check_frame(frame)
    return outcome.result.verdict.value if outcome.result is not None else None
