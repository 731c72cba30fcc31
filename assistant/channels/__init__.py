"""The ways people reach the assistant: the web service and widget (``web``), the Telegram bot
(``telegram``) and the command line (``cli``). Channels never import each other."""
