"""The deterministic eligibility checker: experience rules as data, evaluated by code.

``check`` answers «with these facts, do I meet the experience rule of this
position / level?»; ``extract_slots`` and ``check_question`` do the same from a
free-text question; ``eligibility_tool`` exposes it to the chain.
"""

from .checker import check
from .result import EligibilityResult, Verdict
from .slots import QuestionCheck, Slots, check_question, check_slots, extract_slots, slots_from_frame
from .tool import eligibility_tool

__all__ = ["check", "check_question", "check_slots", "extract_slots", "slots_from_frame", "EligibilityResult", "QuestionCheck", "Slots", "Verdict", "eligibility_tool"]
