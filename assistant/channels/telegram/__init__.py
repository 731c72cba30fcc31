"""The Telegram bot: a thin dialog over the same ``answer`` and ``check`` as the web service.

:mod:`.bot` builds the bot and its dispatcher (long polling, or updates fed by the
webhook route of the web service); one router per feature in :mod:`.routers`
(``lang``: /start, /lang, /help; ``ask``: questions and citation buttons; ``check``:
the guided eligibility dialog; ``feedback``: 👍/👎). The bot has no logic of its own
beyond the dialog: every answer comes from :mod:`assistant.answering.chain`, every verdict from
:mod:`assistant.eligibility`, every feedback goes to :mod:`assistant.storage.database`.
"""
