"""Text fields of the API's bodies, checked at the boundary (see :mod:`assistant.channels.plaintext`)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, StringConstraints
from pydantic_core import PydanticCustomError

from ..service import control_problem, strip_controls


def _no_controls(text: str) -> str:
    problem = control_problem(text)
    if problem:
        raise PydanticCustomError("control_character", problem)
    return text


def _without_controls(value: Any) -> Any:
    return strip_controls(value) if isinstance(value, str) else value


# A question: no control character but line breaks and tabs (422 with the reason), not blank.
QuestionText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_no_controls)]
# A comment: control characters are dropped (a comment is kept even when pasted with garbage).
CommentText = Annotated[str, BeforeValidator(_without_controls), StringConstraints(strip_whitespace=True,
                                                                                  max_length=2000)]
