"""Evaluation: question sets (:mod:`.sets`, the one set model, gold labels as clause ids) and the
one runner (:mod:`.runner`) of the suites behind ``assistant eval run`` and the single-suite
commands of :mod:`assistant.channels.cli.eval_commands`.
"""
