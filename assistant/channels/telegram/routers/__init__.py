"""One router per feature of the bot, included by :func:`assistant.channels.telegram.bot.build_dispatcher`."""
