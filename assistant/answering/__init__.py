"""Answering a question: route it, find and choose the clauses, check eligibility, render the
:class:`~assistant.answering.answer.Answer` (extractive, or phrased by an optional LLM behind guards)."""
