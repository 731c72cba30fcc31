"""Control characters in text people send: refused in questions, stripped from comments.

PostgreSQL cannot store NUL in a text column, a lone surrogate cannot be encoded at all, and no
other control character belongs in a question (they are terminal escapes, bells, garbage);
line breaks and tabs are ordinary text. Every channel uses the same definition.
"""

from __future__ import annotations

import re

# C0 controls except \t \n \r, DEL, C1 controls, lone UTF-16 surrogates
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def control_problem(text: str) -> str | None:
    """Why ``text`` cannot be taken as it is (its first control character), or None."""
    found = CONTROL_RE.search(text)
    if found is None:
        return None
    return f"contains the control character U+{ord(found.group()):04X} at position {found.start() + 1}; remove it"


def strip_controls(text: str) -> str:
    return CONTROL_RE.sub("", text)
