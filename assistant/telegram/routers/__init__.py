"""One router per feature of the bot, included by :func:`assistant.telegram.bot.build_dispatcher`."""
