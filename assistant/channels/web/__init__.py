"""The web service: a FastAPI application (``create_app``) and the embeddable chat widget.

Channels are thin adapters: every answer comes from :mod:`assistant.answering.chain`, every
verdict from :mod:`assistant.eligibility`; this package checks input, applies limits,
logs answers for feedback and renders them.
"""
