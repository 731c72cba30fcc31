"""Reading people: one typed :class:`Frame` per message, carried across the conversation.

``read(message)`` → :class:`Frame` (script, language, what is asked, the target position and
the person's own, level, education, locality, figures of years with their kinds, facts
stated as absent, each with the words it came from); ``carry(previous, current)`` merges a
follow-up with the turn before it.
"""

from .dialogue import carry, deputies_of
from .frame import Candidate, Evidence, FigureRead, Frame
from .reader import read

__all__ = ["Candidate", "Evidence", "FigureRead", "Frame", "carry", "deputies_of", "read"]
