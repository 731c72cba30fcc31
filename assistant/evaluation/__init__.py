"""Evaluation suites run by ``assistant eval SUITE``.

Each suite is a module of this package with ``register(subparsers)``; list it in
``SUITES`` (assistant/channels/cli/eval_commands.py) to make it a subcommand.
"""
